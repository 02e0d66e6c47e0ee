import { PlanField, columnLetter, columnNumber, recogniseHeader } from './plan-columns';

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

describe('column letters', () => {
  it('converts both ways', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
    expect(['A', 'Z', 'AA', 'AZ', 'AAA'].map(columnNumber)).toEqual([1, 26, 27, 52, 703]);
    expect(columnNumber('Lead')).toBeNull();
  });
});
