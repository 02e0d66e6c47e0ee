import fc from 'fast-check';
import { ExistingAction, PlanState, deriveTitle, planChanges } from './plan-changes';
import { PlanFileError, readPlanFile } from './plan-file';
import type { PlanMapping } from './plan-import.contract';
import { readPlanSheet } from './plan-sheet';

const organisations = [
  { id: 'police', name: 'West Mercia Police', aliases: ['Police'] },
  { id: 'council', name: 'Herefordshire Council', aliases: ['Council'] },
];
const emptyState: PlanState = { organisations, contacts: [], priorities: [], actions: [] };

function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));
}

async function plan(rows: string[][], state: PlanState = emptyState, mapping?: PlanMapping) {
  return planChanges(readPlanSheet(await readPlanFile(csv(rows)), mapping), state);
}

/** An existing action as the database would give it back after importing `row`. */
function existing(id: string, ref: string, fields: Partial<ExistingAction> = {}): ExistingAction {
  return {
    id,
    ref,
    title: 'Title',
    text: 'Text',
    priorityId: null,
    leadText: null,
    supportingText: null,
    dueDate: null,
    dueDateText: null,
    dueDateParse: 'NONE',
    startDate: null,
    startDateText: null,
    measureText: null,
    leadOrganisationIds: [],
    leadContactId: null,
    closed: false,
    ...fields,
  };
}

describe('reading a plan sheet', () => {
  it('fills the priority down, reads theme headings, and derives refs from priority and position', async () => {
    const changes = await plan([
      ['Theme', 'Action', 'Responsible'],
      ['Theme 1: Prevention', 'First action.', 'Police'],
      ['', 'Second action.', 'Council'],
      ['Theme 2 - Provision', '', ''],
      ['', 'Third action.', 'Police & Council'],
    ]);
    expect(changes.rows.map((r) => [r.row, r.outcome, r.ref, r.priority?.title ?? null])).toEqual([
      [2, 'created', '1.1', 'Prevention'],
      [3, 'created', '1.2', 'Prevention'],
      [4, 'skipped', null, null],
      [5, 'created', '2.1', 'Provision'],
    ]);
    expect(changes.refsDerived).toBe(true);
    expect(changes.newPriorities.map((p) => [p.ref, p.title])).toEqual([
      ['1', 'Prevention'],
      ['2', 'Provision'],
    ]);
    expect(changes.actions[2].leadOrganisationIds).toEqual(['police', 'council']);
  });

  it('matches priorities by ref or title and never creates one twice', async () => {
    const state = { ...emptyState, priorities: [{ id: 'p1', ref: 'P1', title: 'Prevention' }] };
    const changes = await plan(
      [
        ['Ref', 'Priority', 'Action'],
        ['A', 'Priority 1', 'By ref.'],
        ['B', 'prevention', 'By title.'],
        ['C', 'Partnerships', 'New.'],
        ['D', 'PARTNERSHIPS', 'New again.'],
      ],
      state,
    );
    expect(changes.actions.map((a) => a.priority)).toEqual([
      { id: 'p1' },
      { id: 'p1' },
      { newIndex: 0 },
      { newIndex: 0 },
    ]);
    expect(changes.newPriorities).toEqual([{ ref: '2', title: 'Partnerships', row: 4 }]);
  });

  it('takes an explicit mapping by header text or column letter', async () => {
    const rows = [
      ['Item', 'Thing to do', 'Who is on it', 'Deadline'],
      ['X1', 'Do it.', 'Police', 'March 2024'],
    ];
    const changes = await plan(rows, emptyState, {
      columns: { ref: 'A', text: 'Thing to do', lead: 'who is on it' },
    });
    expect(changes.actions[0]).toMatchObject({
      ref: 'X1',
      data: { text: 'Do it.', leadText: 'Police', dueDate: '2024-03-31' },
      leadOrganisationIds: ['police'],
    });
    await expect(
      plan(rows, emptyState, { columns: { text: 'Thing to do', measure: 'KPI' } }),
    ).rejects.toMatchObject({
      code: 'bad-mapping',
    });
  });

  it('compares a re-import with what is there: unchanged, updated (with the fields), created', async () => {
    const rows = [
      ['Ref', 'Action', 'Lead', 'By when'],
      ['1', 'Same.', 'Police', '2022/23'],
      ['2', 'Changed.', 'Council', 'March 2024'],
      ['3', 'New.', '', ''],
    ];
    const state: PlanState = {
      ...emptyState,
      actions: [
        existing('a1', '1', {
          title: 'Same',
          text: 'Same.',
          leadText: 'Police',
          leadOrganisationIds: ['police'],
          dueDate: '2023-03-31',
          dueDateText: '2022/23',
          dueDateParse: 'PARSED',
        }),
        existing('a2', '2', { text: 'Changed.', leadText: 'Police', leadOrganisationIds: ['police'] }),
        existing('a9', '9'),
      ],
    };
    const changes = await plan(rows, state);
    expect(changes.rows.map((r) => [r.ref, r.outcome, r.changes])).toEqual([
      ['1', 'unchanged', []],
      ['2', 'updated', ['dueDate', 'dueDateText', 'dueDateParse', 'leadText', 'leadOrganisations']],
      ['3', 'created', []],
    ]);
    expect(changes.problems.map((p) => p.code)).toContain('actions-not-in-sheet');
  });

  it('reads a start and a due date from one cell, or from a start column', async () => {
    const changes = await plan([
      ['Action', 'Start', 'Completion'],
      ['One.', '', '(Start) April 2022 (Completion March 2023)'],
      ['Two.', 'Q2 2023/24', 'end of 2024'],
    ]);
    expect(changes.actions.map((a) => [a.data.startDate, a.data.dueDate, a.data.startDateText])).toEqual([
      ['2022-04-01', '2023-03-31', 'April 2022'],
      ['2023-07-01', '2024-12-31', 'Q2 2023/24'],
    ]);
  });

  it('flags rows it cannot import as errors, and keeps them out of the changes', async () => {
    const changes = await plan([
      ['Ref', 'Action', 'Measure'],
      ['R1', 'x'.repeat(5001), ''],
      ['R'.repeat(41), 'Fine text.', ''],
      ['R3', 'Fine.', 'm'.repeat(2001)],
    ]);
    expect(changes.rows.map((r) => r.outcome)).toEqual(['error', 'error', 'error']);
    expect(changes.actions).toEqual([]);
    expect(
      changes.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.column, p.code]),
    ).toEqual([
      [2, 'B', 'too-long'],
      [3, 'A', 'ref-too-long'],
      [4, 'C', 'too-long'],
    ]);
  });

  it('refuses files it cannot read, saying why', async () => {
    await expect(readPlanFile(Buffer.alloc(0))).rejects.toMatchObject({ code: 'empty-file' });
    await expect(readPlanFile(Buffer.from('%PDF-1.7\n'))).rejects.toMatchObject({ code: 'unsupported-file' });
    await expect(readPlanFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toMatchObject({
      code: 'unreadable-file',
    });
    await expect(readPlanFile(Buffer.from('"Ref,Action\n1,unclosed'))).rejects.toMatchObject({
      code: 'unreadable-file',
    });
  });
});

describe('lead contacts', () => {
  const people: PlanState = {
    ...emptyState,
    contacts: [
      {
        id: 'ashby',
        name: 'DI Rowan Ashby',
        email: 'rowan.ashby@police.example.net',
        organisationId: 'police',
      },
      { id: 'kemp', name: 'Jo Kemp', email: 'jo.kemp@council.example.org', organisationId: 'council' },
      { id: 'kemp2', name: 'Jo Kemp', email: 'jo.kemp@police.example.net', organisationId: 'police' },
    ],
  };

  it('links the contact a lead officer column or the lead cell names, by email or by name', async () => {
    const changes = await plan(
      [
        ['Ref', 'Action', 'Lead partner', 'Lead officer'],
        ['1', 'By the officer column.', 'Council', 'rowan.ashby@police.example.net'],
        ['2', 'By a name in the lead cell.', 'Police - DI Rowan Ashby', ''],
        ['3', 'By an email in the lead cell.', 'Council (Jo.Kemp@council.example.org)', ''],
        ['4', 'A name two contacts have, told apart by the organisation.', 'Police', 'Jo Kemp'],
        ['5', 'A name alone, without the title: the person and their organisation.', 'Rowan Ashby', ''],
        ['6', 'Nobody known.', 'Council', 'someone.new@council.example.org'],
      ],
      people,
    );
    expect(
      changes.actions.map((a) => [a.ref, a.leadContactId, a.leadOrganisationIds, a.data.leadText]),
    ).toEqual([
      ['1', 'ashby', ['council', 'police'], 'Council'],
      ['2', 'ashby', ['police'], 'Police - DI Rowan Ashby'],
      ['3', 'kemp', ['council'], 'Council (Jo.Kemp@council.example.org)'],
      ['4', 'kemp2', ['police'], 'Police'],
      ['5', 'ashby', ['police'], 'Rowan Ashby'],
      ['6', undefined, ['council'], 'Council'],
    ]);
    expect(changes.rows.map((r) => r.leadContact)).toEqual([
      'DI Rowan Ashby <rowan.ashby@police.example.net>',
      'DI Rowan Ashby <rowan.ashby@police.example.net>',
      'Jo Kemp <jo.kemp@council.example.org>',
      'Jo Kemp <jo.kemp@police.example.net>',
      'DI Rowan Ashby <rowan.ashby@police.example.net>',
      null,
    ]);
    expect(changes.unknownLeads).toEqual([]);
    expect(
      changes.problems.filter((p) => p.code === 'unknown-contact').map((p) => [p.row, p.column, p.message]),
    ).toEqual([
      [
        7,
        'D',
        'No contact has the email someone.new@council.example.org: add them to the contacts sheet and import again to link them as the lead.',
      ],
    ]);
  });

  it('keeps the lead contact a sheet does not name, and reports one it changes', async () => {
    const state: PlanState = {
      ...people,
      actions: [
        existing('a1', '1', {
          text: 'Kept.',
          leadText: 'Police',
          leadOrganisationIds: ['police'],
          leadContactId: 'ashby',
        }),
        existing('a2', '2', {
          text: 'Changed.',
          leadText: 'Police',
          leadOrganisationIds: ['police'],
          leadContactId: 'ashby',
        }),
      ],
    };
    const changes = await plan(
      [
        ['Ref', 'Action', 'Lead', 'Lead officer'],
        ['1', 'Kept.', 'Police', ''],
        ['2', 'Changed.', 'Police', 'jo.kemp@police.example.net'],
      ],
      state,
    );
    expect(changes.rows.map((r) => [r.ref, r.outcome, r.changes])).toEqual([
      ['1', 'unchanged', []],
      ['2', 'updated', ['leadContact']],
    ]);
  });
});

describe('deriveTitle', () => {
  it.each([
    ['Undertake IRIS training. This will help GPs.', 'Undertake IRIS training'],
    [
      'Offer therapy (e.g. a visiting psychologist) in refuges.',
      'Offer therapy (e.g. a visiting psychologist) in refuges',
    ],
    ['Use the tools (e.g. Clare’s Law). Then review.', 'Use the tools (e.g. Clare’s Law)'],
  ])('%j → %j', (text, title) => {
    expect(deriveTitle(text)).toBe(title);
  });

  it('cuts a long first sentence at a word', () => {
    const title = deriveTitle(`${'word '.repeat(60)}end.`);
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title).toMatch(/word…$/);
  });
});

describe('any CSV text', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      'Ref',
      'Action',
      'Lead Partner/s',
      'By when',
      'Theme 1 - X',
      'Police / Council',
      '2022/23',
      '',
    ),
  );

  it('either reads as a plan with consistent outcomes or is refused with a PlanFileError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 12 }), async (rows) => {
        let changes;
        try {
          changes = planChanges(readPlanSheet(await readPlanFile(csv(rows))), emptyState);
        } catch (error) {
          expect(error).toBeInstanceOf(PlanFileError);
          return;
        }
        const errorRows = changes.rows.filter((r) => r.outcome === 'error').map((r) => r.row);
        expect(changes.actions.map((a) => a.row).filter((r) => errorRows.includes(r))).toEqual([]);
        expect(new Set(changes.actions.map((a) => a.ref)).size).toBe(changes.actions.length);
      }),
      { numRuns: 300 },
    );
  });
});
