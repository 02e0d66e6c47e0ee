import { nextSteps } from './next-steps';
import { PlanState, planChanges } from './plan-changes';
import { readPlanFile } from './plan-file';
import { readPlanSheet } from './plan-sheet';

const state: PlanState = {
  organisations: [
    { id: 'police', name: 'West Mercia Police', aliases: ['Police'], defaultContactId: 'ppu' },
    { id: 'council', name: 'Herefordshire Council', aliases: ['Council'], defaultContactId: null },
  ],
  contacts: [
    { id: 'ppu', name: 'Public protection unit', email: 'ppu@police.example.net', organisationId: 'police' },
    { id: 'kemp', name: 'Jo Kemp', email: 'jo.kemp@council.example.org', organisationId: 'council' },
  ],
  priorities: [],
  actions: [],
};

describe('what happens next', () => {
  it('says who will be asked for which actions, as lead or as default contact, and which have nobody', async () => {
    const csv = [
      'Ref,Action,Lead,Lead officer',
      '1,Jo leads it.,Council,jo.kemp@council.example.org',
      '2,The police have no named lead.,Police,',
      '3,The council has no default contact.,Council,',
      '4,Police first: their default contact is asked.,Police / Council,',
    ].join('\n');
    const sheet = readPlanSheet(await readPlanFile(Buffer.from(csv)));
    const next = nextSteps(
      state,
      planChanges(sheet, state),
      { reportingCadence: 'QUARTERLY' },
      {
        dryRun: true,
        applied: false,
      },
    );
    expect(next.chased).toBe(3);
    expect(next.leads).toEqual([
      {
        contact: 'Jo Kemp <jo.kemp@council.example.org>',
        organisation: 'Herefordshire Council',
        asDefaultFor: [],
        actions: [{ ref: '1', actionId: null, asDefault: false }],
      },
      {
        contact: 'Public protection unit <ppu@police.example.net>',
        organisation: 'West Mercia Police',
        asDefaultFor: ['West Mercia Police'],
        actions: [
          { ref: '2', actionId: null, asDefault: true },
          { ref: '4', actionId: null, asDefault: true },
        ],
      },
    ]);
    expect(next.nobody).toEqual([{ ref: '3', title: 'The council has no default contact', lead: 'Council' }]);
    expect(next.message).toBe(
      "What happens next: once imported, 3 of the strategy's 4 open action(s) will be chased, one email per lead each quarter when its request is due: Jo Kemp <jo.kemp@council.example.org> for 1; Public protection unit <ppu@police.example.net> as the default contact of West Mercia Police (asked to answer or name the right person) for 2, 4. 1 has nobody to ask: 3. Name a lead officer for them in the plan, or give their lead organisation a default contact on the contacts sheet, and import again.",
    );
  });
});
