import { OrganisationDirectory, matchLeads, normaliseName } from './leads';

const organisations = [
  { id: 'police', name: 'West Midlands Police', aliases: ['Police', 'WMP'] },
  { id: 'csp', name: 'Safer Sandwell Partnership', aliases: ['Community Safety Partnership', 'CSP'] },
  { id: 'housing', name: 'Sandwell Council Housing Solutions', aliases: ['Housing'] },
  { id: 'health', name: 'Black Country Integrated Care Board', aliases: ['Health', 'ICB'] },
  {
    id: 'opcc',
    name: 'West Midlands Office of the Police and Crime Commissioner',
    aliases: ['Police & Crime Commissioner'],
  },
  { id: 'swbh', name: 'Sandwell and West Birmingham NHS Trust', aliases: [] },
  { id: 'bcwa', name: "Black Country Women's Aid", aliases: ['BCWA'] },
];
const directory = new OrganisationDirectory(organisations);
const match = (cell: string | null) => {
  const result = matchLeads(cell, directory);
  return { ids: result.organisations.map((o) => o.id), unknown: result.unknown };
};

describe('matchLeads', () => {
  it.each([
    ['Police / CSP', ['police', 'csp'], []],
    ['Police, Housing and Health', ['police', 'housing', 'health'], []],
    ['police;  housing', ['police', 'housing'], []],
    ['Police and Crime Commissioner', ['opcc'], []],
    ['Sandwell & West Birmingham NHS Trust', ['swbh'], []],
    ['BLACK COUNTRY WOMENS AID', ['bcwa'], []],
    ['Black Country Women’s Aid (lead)', ['bcwa'], []],
    ['Community Safety Partnership?', ['csp'], []],
    ['BCWA and grassroots organisations', ['bcwa'], ['grassroots organisations']],
    ['NHS & CCG', [], ['NHS', 'CCG']],
    ['DA Board Equality Sub-Group', [], ['DA Board Equality Sub-Group']],
    ['Health and Wellbeing Board for the borough', [], ['Health and Wellbeing Board for the borough']],
    ['Police / Police / WMP', ['police'], []],
  ])('reads %j', (cell, ids, unknown) => {
    expect(match(cell)).toEqual({ ids, unknown });
  });

  it.each(['', '   ', 'TBC', 'n/a', 'N/A', '-', null])('reads %j as no lead', (cell) => {
    expect(match(cell)).toEqual({ ids: [], unknown: [] });
  });

  it('normalises case, punctuation and "&"', () => {
    expect(normaliseName("The Children's Trust & Partners")).toBe('childrens trust and partners');
  });
});
