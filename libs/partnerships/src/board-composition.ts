import type { BoardCategory } from '@waymark/db';

/**
 * Who the Domestic Abuse Act 2021 s.58(2) says a Local Partnership Board must include, category by category:
 * `required` for every board, `two-tier` where the area has Tier 2 (district) councils, `optional` for the
 * members many boards add.
 */
export const BOARD_CATEGORY_RULES: {
  category: BoardCategory;
  name: string;
  need: 'required' | 'two-tier' | 'optional';
}[] = [
  { category: 'LOCAL_AUTHORITY', name: 'The council (Tier 1 authority)', need: 'required' },
  { category: 'TIER2_AUTHORITY', name: 'Tier 2 (district) councils in the area', need: 'two-tier' },
  { category: 'VICTIMS', name: 'Victims of domestic abuse', need: 'required' },
  { category: 'CHILDREN_OF_VICTIMS', name: 'Children of victims', need: 'required' },
  { category: 'CHARITY_VOLUNTARY', name: 'Charities and voluntary organisations', need: 'required' },
  { category: 'HEALTH', name: 'Health care services', need: 'required' },
  { category: 'POLICING_CRIMINAL_JUSTICE', name: 'Policing and criminal justice', need: 'required' },
  { category: 'HOUSING', name: 'Housing', need: 'optional' },
  { category: 'PROTECTED_CHARACTERISTICS', name: 'People with protected characteristics', need: 'optional' },
  { category: 'OTHER', name: 'Other members', need: 'optional' },
];

export interface CategoryMember {
  category: BoardCategory;
}

/** The board's members against each category, and whether a category the Act requires has nobody. */
export function boardComposition<M extends CategoryMember>(members: M[]) {
  return BOARD_CATEGORY_RULES.map((rule) => {
    const inCategory = members.filter((m) => m.category === rule.category);
    return { ...rule, members: inCategory, missing: rule.need === 'required' && inCategory.length === 0 };
  });
}
