import { annualReturnRound } from './annual-return-workflows';

describe('annualReturnRound', () => {
  it('assembles the financial year just ended, with providers given working days to answer', () => {
    // 1 April 2026, 09:00 BST: 20 working days skip Good Friday, Easter Monday and the May bank holiday.
    expect(annualReturnRound(new Date('2026-04-01T08:00:00Z'), 20)).toEqual({
      financialYear: '2025-26',
      respondBy: '2026-05-01T16:00:00.000Z',
    });
  });

  it('started by hand before April, assembles the last year that has ended', () => {
    expect(annualReturnRound(new Date('2027-02-10T10:00:00Z'), 5).financialYear).toBe('2025-26');
    expect(annualReturnRound(new Date('2026-12-07T10:00:00Z'), 5).financialYear).toBe('2025-26');
    expect(annualReturnRound(new Date('2099-04-01T10:00:00Z'), 5).financialYear).toBe('2098-99');
  });
});
