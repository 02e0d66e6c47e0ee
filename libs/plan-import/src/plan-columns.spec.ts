import {
  ColumnKind,
  PlanField,
  columnLetter,
  columnNumber,
  recogniseHeader,
  recogniseLabel,
} from './plan-columns';

describe('recogniseHeader', () => {
  it.each<[string, PlanField | null]>([
    ['Lead Partner/s', 'lead'],
    ['Lead agency', 'lead'],
    ['Responsible', 'lead'],
    ['Action owner', 'lead'],
    ['Who', 'lead'],
    ['Date for Completion', 'dueDate'],
    ['Target completion date', 'dueDate'],
    ['By when', 'dueDate'],
    ['Timescale', 'dueDate'],
    ['Start date', 'startDate'],
    ['Ref.', 'ref'],
    ['Action No.', 'ref'],
    ['#', 'ref'],
    ['Theme', 'priority'],
    ['Strategic Priority', 'priority'],
    ['Action', 'text'],
    ['What we will do', 'text'],
    ['Recommendation', 'text'],
    ['Supporting partners', 'supporting'],
    ['Partner(s)', 'supporting'],
    ['Measure of success', 'measure'],
    ['KPI / milestone', 'measure'],
    ['Title', 'title'],
    ['RAG', null],
    ['Progress update (Q2)', null],
    ['Date of last update', null],
    ['Comments', null],
    ['', null],
  ])('reads %j as %s', (header, field) => {
    expect(recogniseHeader(header)).toBe(field);
  });
});

describe('recogniseLabel: labels as councils write them, decorated and compound', () => {
  it.each<[string, ColumnKind | null]>([
    ['Lead Partner(s):', 'lead'],
    ['Lead agency/ies', 'lead'],
    ['Responsible organisation:', 'lead'],
    ['Who is responsible?', 'lead'],
    ['Delivered by', 'lead'],
    ['Supporting agencies', 'supporting'],
    ['Partners involved:', 'supporting'],
    ['Timescale / Target Date:', 'dueDate'],
    ['Date action to be completed by', 'dueDate'],
    ['To be completed by:', 'dueDate'],
    ['Start date', 'startDate'],
    ['Date of last update', 'updated'],
    ['Key Actions:', 'text'],
    ['1. Action', 'text'],
    ['Objectives: Partner agencies will:', 'text'],
    ['Objectives (what partner agencies will do):', 'text'],
    ['Objective / action', 'text'],
    ['What the partnership will deliver', 'text'],
    ['Proposed action', 'text'],
    ['Actions to deliver the outcome', 'text'],
    ['Priority Area:', 'priority'],
    ['Strategic aim', 'priority'],
    ['Priority-specific Aim:', 'aim'],
    ['Priority-specific outcomes', 'outcome'],
    ['Outcomes for Priority 1:', 'outcome'],
    ['Expected outcome', 'outcome'],
    ['What difference will it make?', 'outcome'],
    ['Outcome measure', 'measure'],
    ['Key Performance Indicator:', 'measure'],
    ['How will we know we have made a difference?', 'measure'],
    ['Measures of success / KPIs', 'measure'],
    ['Priority level', 'level'],
    ['Level', 'level'],
    ['Sub-theme', 'subtheme'],
    ['RAG status', 'rag'],
    ['Progress Update (RAG):', 'progress'],
    ['Progress against measures', 'progress'],
    ['% complete', 'progress'],
    ['Comments / evidence', 'notes'],
    ['Budget', 'resources'],
    ['Risks / issues', 'risk'],
    ['Main report paragraph', 'source'],
    ['Rec No.', 'ref'],
    ['Key', null],
    ['Thing to do', null],
  ])('reads %j as %s', (header, kind) => {
    expect(recogniseLabel(header)).toBe(kind);
  });
});

describe('column letters', () => {
  it('converts both ways', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
    expect(['A', 'Z', 'AA', 'AZ', 'AAA'].map(columnNumber)).toEqual([1, 26, 27, 52, 703]);
    expect(columnNumber('Lead')).toBeNull();
  });
});
