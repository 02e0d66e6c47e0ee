import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { type AskedCell, readProviderReply } from './provider-reply-fields';
import { replyTextOf } from './quoted-text';
import { MAX_FIELD_LINE, readKpiReply, readLeadReply } from './reply-fields';

// Property: every reply reader finishes any one line of up to 100 kB in well under 50 ms. Lines are built
// the way catastrophic backtracking is provoked: a field or figure's start, a long run of one filler
// (spaces above all), then an ending that makes a pattern fail late. Before the patterns were rewritten,
// a KPI reply of one 4,000-space line took about 20 s.

const BOUND_MS = 50;
const LIMIT = 100_000;

const asked = [
  { code: 'K1', name: 'Referrals received', periodLabel: 'April to June 2026' },
  { code: 'K2', name: 'Cases closed', periodLabel: 'April to June 2026' },
];
const cells: AskedCell[] = [
  {
    questionKey: 'Q01_BEDSPACES',
    cellKey: 'refuge',
    reference: 'Q01_BEDSPACES[refuge]',
    type: 'count',
    cellLabel: 'Refuge accommodation',
    label: 'Bedspaces: Refuge accommodation',
  },
];

const readers: Array<[string, (text: string) => unknown]> = [
  ['lead', (text) => readLeadReply(text, ['P1.2', 'P1.3'])],
  ['lead (one action)', (text) => readLeadReply(text, ['P1.2'])],
  ['KPI', (text) => readKpiReply(text, asked)],
  ['provider', (text) => readProviderReply(text, cells)],
  ['new text', (text) => replyTextOf(text)],
];

const starts = [
  '',
  ' ',
  '- ',
  '* ',
  '**',
  'K1:',
  'K1: 1',
  'K1: n/a',
  'Progress: 1',
  'Status',
  'Action P1.2',
  'Q01_BEDSPACES[',
  'Q01_BEDSPACES',
  'On Monday',
  'From: x',
  'De : x',
  'Sent from ',
  '---- On ',
  'abc. x skrev ',
  '-',
  'a',
  '1',
];
const fillers = [' ', '\t', ' \t', '1', ',', '%', '-', '(', ':', '*', ' *', '[', 'a', 'a ', '1 ', ' -'];
const ends = ['', 'x', '!', ')', ':', ']', '\u00a0', ' wrote', '%x', '-', '<', '>:', ' wrote ----'];

const hostileLine = fc
  .tuple(
    fc.constantFrom(...starts),
    fc.constantFrom(...fillers),
    // Lines just within the cap (where the patterns run) as often as long ones.
    fc.oneof(fc.integer({ min: 1, max: MAX_FIELD_LINE }), fc.integer({ min: 1, max: LIMIT })),
    fc.constantFrom(...ends),
  )
  .map(
    ([start, filler, length, end]) =>
      (start + filler.repeat(Math.ceil(length / filler.length))).slice(0, length - end.length) + end,
  );

describe('reply readers on hostile lines', () => {
  it(`finish any line of up to ${LIMIT / 1000} kB in under ${BOUND_MS} ms`, () => {
    fc.assert(
      fc.property(hostileLine, (line) => {
        for (const [name, read] of readers) {
          const started = performance.now();
          read(line);
          const took = performance.now() - started;
          if (took >= BOUND_MS)
            throw new Error(`${name} took ${took.toFixed(0)} ms on a ${line.length}-character line`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finish the lines that were catastrophic before, and still read what they should', () => {
    const spaces = ' '.repeat(4000);
    for (const line of [spaces, `K1: 1${spaces}x`, `Progress: 1${spaces}x`, `Q01_BEDSPACES[${spaces}`])
      for (const [name, read] of readers) {
        const started = performance.now();
        read(line);
        expect([name, performance.now() - started < BOUND_MS]).toEqual([name, true]);
      }
    expect(readKpiReply(`K1: 12 (estimate)\nK2:  not available - system down `, asked)).toEqual({
      ok: true,
      figures: [
        { value: 12, note: 'estimate' },
        { value: null, note: 'system down' },
      ],
      lines: {
        'K1 (April to June 2026)': '12 (estimate)',
        'K2 (April to June 2026)': 'not available - system down',
      },
    });
  });

  // Run over a whole message, some of email-reply-parser's patterns take time growing with the square of its
  // length or worse: 16 s for the first of these at 30 kB. Waymark asks it about one short line at a time.
  it('finish a hostile message of many lines of 30 kB in well under a second', () => {
    for (const message of [
      'abc. x skrev y\n'.repeat(2000),
      '\n'.repeat(30_000),
      'Op x\n'.repeat(6000),
      `On ${'x '.repeat(240)}\n`.repeat(60),
      `Sent from ${' '.repeat(480)}x<\n`.repeat(60),
    ]) {
      const started = performance.now();
      replyTextOf(message);
      expect([message.slice(0, 12), performance.now() - started < 1000]).toEqual([
        message.slice(0, 12),
        true,
      ]);
    }
  });
});
