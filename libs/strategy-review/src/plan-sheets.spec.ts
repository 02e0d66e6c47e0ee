import { newOrder, parseDay, parseGateKind, planChanges, PlanState, splitLines } from './plan-sheets';

const CONTACT = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Sam Fictional',
  email: 'sam@council.example.org',
};

const state = (): PlanState => ({
  contacts: [CONTACT],
  stages: [
    {
      id: 's1',
      archived: false,
      key: 'evidence',
      name: 'Evidence',
      startsOn: '2024-01-01',
      endsOn: '2024-03-31',
    },
    { id: 's0', archived: true, key: 'old', name: 'Old stage', startsOn: '2024-01-01', endsOn: '2024-01-31' },
  ],
  activities: [
    {
      id: 'a1',
      archived: false,
      ref: 'E1',
      group: "Survivors' forum",
      contactId: null,
      members: 'Forum members, through the provider',
      aim: 'Hear what worked',
      questions: ['What helped?', 'What was missing?'],
      opensOn: '2024-02-01',
      closesOn: '2024-02-28',
      stageKey: 'evidence',
    },
  ],
  gates: [
    {
      id: 'g1',
      archived: false,
      ref: 'G1',
      body: 'Partnership board',
      approverContactId: CONTACT.id,
      approves: 'The draft strategy',
      kind: 'approval',
      stageKey: 'evidence',
      preconditions: ['Equality impact assessment completed'],
    },
    {
      id: 'g2',
      archived: false,
      ref: 'G2',
      body: 'Scrutiny',
      approverContactId: null,
      approves: 'The draft strategy',
      kind: 'formal-comment',
      stageKey: null,
      preconditions: [],
    },
  ],
});

const STAGES = [
  ['Key', 'Stage', 'Start', 'End'],
  ['evidence', 'Evidence', '2024-01-01', '2024-03-31'],
];
const ENGAGEMENT = [
  ['Ref', 'Group or body', 'Contact (email)', 'Members', 'Aim', 'Questions', 'Opens', 'Closes', 'Stage'],
  [
    'E1',
    "Survivors' forum",
    '',
    'Forum members, through the provider',
    'Hear what worked',
    'What helped?\nWhat was missing?',
    '2024-02-01',
    '2024-02-28',
    'evidence',
  ],
];
const GATES = [
  ['Ref', 'Body or person', 'Approver (email)', 'Approves', 'Kind', 'Preconditions', 'Preconditions met'],
  [
    'G1',
    'Partnership board',
    CONTACT.email,
    'The draft strategy',
    'approval',
    'Equality impact assessment completed',
    '',
  ],
  ['G2', 'Scrutiny', '', 'The draft strategy', 'formal comment', '', ''],
];
const grid = (name: string, rows: string[][]) => ({ name, rows });
const all = () => ({
  Stages: grid('Stages', STAGES),
  Engagement: grid('Engagement', ENGAGEMENT),
  Gates: grid('Gates', GATES),
});

describe('review plan sheets', () => {
  it('finds nothing to change in the plan as it stands', () => {
    const changes = planChanges(all(), state());
    expect(changes.problems).toEqual([]);
    for (const sheet of [changes.stages, changes.activities, changes.gates]) {
      expect(sheet.order).toBeNull();
      expect(sheet.rows.every((r) => r.outcome === 'unchanged')).toBe(true);
    }
  });

  it('changes only the cell edited, and creates rows with new refs', () => {
    const engagement = ENGAGEMENT.map((r) => [...r]);
    engagement[1][4] = 'Hear what worked, and what did not';
    engagement.push([
      'E2',
      'Housing providers',
      'Sam Fictional',
      '',
      'Test the move-on pathway',
      '1. Where do people wait?',
      '',
      '',
      '',
    ]);
    const changes = planChanges({ Engagement: grid('Engagement', engagement) }, state());
    expect(changes.problems).toEqual([]);
    expect(changes.activities.rows.map((r) => [r.ref, r.outcome, r.changes])).toEqual([
      ['E1', 'updated', ['aim']],
      ['E2', 'created', []],
    ]);
    expect(changes.activities.rows[1].data).toMatchObject({
      contactId: CONTACT.id,
      questions: ['Where do people wait?'],
      stageKey: null,
    });
    expect(changes.stages.given).toBe(false);
  });

  it('names the sheet, row and column of every problem', () => {
    const engagement = ENGAGEMENT.map((r) => [...r]);
    engagement[1][2] = 'nobody@example.org';
    engagement[1][7] = '31/13/2024';
    engagement.push(['E1', 'Again', '', 'Members', 'An aim', '', '', '', '']);
    engagement.push(['E3', 'Police', '', '', 'Hear from the police', '', '', '', 'drafting']);
    const gates = GATES.map((r) => [...r]);
    gates[2][4] = 'maybe';
    gates.push(['G3', 'Cabinet', '', '', 'approval', '', '']);
    const stages = [
      ...STAGES,
      ['old', 'Revived', '2024-01-01', '2024-02-01'],
      ['consult', 'Consultation', '2024-05-01', '2024-04-01'],
    ];
    const { problems } = planChanges(
      {
        Stages: grid('Stages', stages),
        Engagement: grid('Engagement', engagement),
        Gates: grid('Gates', gates),
      },
      state(),
    );
    expect(problems.map((p) => `${p.sheet}!${p.column}${p.row} ${p.field}`)).toEqual([
      'Stages!A3 key',
      'Stages!D4 endsOn',
      'Engagement!C2 contactId',
      'Engagement!H2 closesOn',
      'Engagement!A3 ref',
      'Engagement!I4 stageKey',
      'Gates!E3 kind',
      'Gates!D4 approves',
    ]);
    expect(problems.find((p) => p.field === 'approves')!.message).toBe('Approves is required');
    expect(problems.find((p) => p.sheet === 'Engagement' && p.row === 4)!.message).toContain(
      'No stage "drafting"',
    );
  });

  it('reads the order of the rows as the plan order', () => {
    const gates = [GATES[0], GATES[2], GATES[1]];
    const changes = planChanges({ Gates: grid('Gates', gates) }, state());
    expect(changes.gates.order).toEqual(['G2', 'G1']);
    expect(changes.gates.rows.map((r) => [r.ref, r.outcome, r.changes])).toEqual([
      ['G2', 'updated', ['order']],
      ['G1', 'updated', ['order']],
    ]);
    expect(newOrder(['A', 'B'], ['A', 'B', 'C'])).toBeNull();
    expect(newOrder(['A', 'B'], ['B'])).toEqual(['B', 'A']);
    expect(newOrder(['A', 'B'], ['C', 'A', 'B'])).toEqual(['C', 'A', 'B']);
  });

  it('finds headers below a title, under the names councils use', () => {
    const changes = planChanges(
      {
        Stages: grid('Stages', [
          ['Our review timetable'],
          [],
          ['Stage key', 'Stage name', 'Start date', 'Until', 'RAG'],
          ['evidence', 'Evidence', '01/01/2024', '31/03/2024', 'Green'],
        ]),
      },
      state(),
    );
    expect(changes.problems).toEqual([]);
    expect(changes.stages.rows[0]).toMatchObject({ row: 4, outcome: 'unchanged' });
    expect(planChanges({ Stages: grid('Stages', [['Name']]) }, state()).problems[0]).toMatchObject({
      sheet: 'Stages',
      row: null,
      field: 'key',
    });
  });

  it('reads dates, lists and kinds', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('5/1/2022')).toBe('2022-01-05');
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('March 2024')).toBeUndefined();
    expect(parseDay('')).toBeNull();
    expect(splitLines('• One\n2) Two\n\n- Three')).toEqual(['One', 'Two', 'Three']);
    expect(parseGateKind('Formal comment')).toBe('formal-comment');
    expect(parseGateKind('')).toBe('approval');
    expect(parseGateKind('veto')).toBeUndefined();
  });
});
