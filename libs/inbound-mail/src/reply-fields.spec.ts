import { chaseRequestEmail, renderEmail } from '@waymark/mail';
import { readKpiReply, readLeadReply } from './reply-fields';

const problems = (reading: { ok: boolean; problems?: string[] }): string[] => reading.problems ?? [];

describe('reading a lead reply', () => {
  it("says what is missing or unreadable, in the email's terms", () => {
    expect(
      problems(readLeadReply('Status: nearly there\nProgress: 120%\nNew date: someday', ['P1'])),
    ).toEqual([
      'Status "nearly there" is not one we know: write not started, on track, at risk, off track, blocked or complete.',
      'New date "someday" is not a date we can read: write it like 31/3/2027.',
      'Progress must be a whole number from 0 to 100, for example "Progress: 60%".',
      'Add a sentence or two on progress (any line that is not a field is commentary).',
    ]);
  });

  it('asks for the reason when a new date is proposed, as the form does', () => {
    expect(problems(readLeadReply('Status: at risk\nNew date: 1/4/2027\nDelayed.', ['P1']))).toEqual([
      'Add a "Reason:" line saying why the date needs to change.',
    ]);
  });

  it('needs the action references when several actions are asked', () => {
    expect(problems(readLeadReply('Status: on track\nGoing well.', ['P1', 'P2']))[0]).toMatch(/Action P1/);
  });

  it('reads one action of several, and does not take a reference inside commentary for a heading', () => {
    const reading = readLeadReply('Action p2\nStatus: complete\nDone, as planned in P1 too.', ['P1', 'P2']);
    expect(reading.ok && reading.updates.map((u) => [u.ref, u.update.commentary])).toEqual([
      ['P2', 'Done, as planned in P1 too.'],
    ]);
  });

  it('refuses an empty reply', () => {
    expect(problems(readLeadReply('', ['P1']))).toEqual([
      'We could not find your answer above the quoted text.',
    ]);
  });
});

describe('reading a data owner reply', () => {
  const asked = [
    { code: 'MARAC-CASES', name: 'MARAC cases heard', periodLabel: 'Quarter 3 2026/27' },
    { code: 'REFUGE-OCC', name: 'Refuge occupancy', periodLabel: 'Quarter 3 2026/27' },
  ];

  it('reads figures by code or by name, with notes and "not available"', () => {
    const reading = readKpiReply(
      'marac cases: 1,204 - two panels merged\nRefuge occupancy: not available - system down',
      asked,
    );
    expect(reading.ok && reading.figures).toEqual([
      { value: 1204, note: 'two panels merged' },
      { value: null, note: 'system down' },
    ]);
  });

  it('names the figures missing or unreadable', () => {
    expect(problems(readKpiReply('MARAC-CASES: lots\nFOO: 3', asked))).toEqual([
      'MARAC-CASES: "lots" is not a figure: write a number, or "not available" and why.',
      'We did not ask for "FOO": use the codes listed in the request email.',
      'No figure for REFUGE-OCC (Refuge occupancy, Quarter 3 2026/27): add a line "REFUGE-OCC: <figure>".',
    ]);
  });
});

describe('the request email and the reader agree', () => {
  it('reads the example the request email shows', () => {
    const action = {
      title: 'Train staff',
      dueDate: null,
      dueDateText: null,
      askOnTime: false,
      overdue: false,
      link: 'https://waymark.example.org/u/abc',
    };
    const email = renderEmail(chaseRequestEmail, {
      leadName: 'Priya Fictional',
      partnershipName: 'Sandwell',
      periodLabel: 'Quarter 3 2026/27',
      deadline: '2026-12-31T17:00:00.000Z',
      reminder: false,
      firstAskedOn: null,
      coordinatorEmail: 'da@sandwell.example.org',
      workbookAttached: true,
      actions: [
        { ...action, ref: 'P1.2' },
        { ...action, ref: 'P2.1' },
      ],
    });
    const example = email.text
      .split('\n')
      .filter((line) => line.startsWith('    ') && !line.includes('...'))
      .map((line) => line.trim())
      .join('\n')
      .replace('Status: complete', 'Status: complete\nAll done.');
    const reading = readLeadReply(example, ['P1.2', 'P2.1']);
    expect(
      reading.ok && reading.updates.map((u) => [u.ref, u.update.status, u.update.proposedDueDate]),
    ).toEqual([
      ['P1.2', 'ON_TRACK', '2027-03-31'],
      ['P2.1', 'COMPLETE', undefined],
    ]);
  });
});
