import { BOARD_CATEGORIES } from '@waymark/contracts';
import { BOARD_CATEGORY_RULES, boardComposition } from './board-composition';

describe('boardComposition', () => {
  it('names every category once', () => {
    expect(BOARD_CATEGORY_RULES.map((r) => r.category).sort()).toEqual([...BOARD_CATEGORIES].sort());
  });

  it('flags the required categories with nobody, never the optional or two-tier ones', () => {
    const composition = boardComposition([
      { category: 'LOCAL_AUTHORITY' as const, name: 'Chair' },
      { category: 'HEALTH' as const, name: 'ICB' },
      { category: 'HOUSING' as const, name: 'Housing' },
    ]);
    const missing = composition.filter((c) => c.missing).map((c) => c.category);
    expect(missing).toEqual([
      'VICTIMS',
      'CHILDREN_OF_VICTIMS',
      'CHARITY_VOLUNTARY',
      'POLICING_CRIMINAL_JUSTICE',
    ]);
    expect(composition.find((c) => c.category === 'HEALTH')!.members).toEqual([
      { category: 'HEALTH', name: 'ICB' },
    ]);
  });
});
