import { ladderStepNames } from './ladder';

describe('ladder step names', () => {
  it('numbers reminders and names escalations by whom they tell', () => {
    const at = '2027-01-01T00:00:00.000Z';
    expect(
      ladderStepNames([
        { at, kind: 'reminder' },
        { at, kind: 'reminder' },
        { at, kind: 'escalation', to: 'manager' },
        { at, kind: 'reminder' },
        { at, kind: 'escalation', to: 'chair' },
      ]),
    ).toEqual(['reminder:1', 'reminder:2', 'escalation:manager', 'reminder:3', 'escalation:chair']);
  });
});
