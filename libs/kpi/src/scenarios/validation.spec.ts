// Scenario: what a data owner may send: counts, percentages, decimals, and large jumps that need a note.
import { type ValueToCheck, checkValue } from '..';

const check = (changes: Partial<ValueToCheck>) =>
  checkValue({ unit: 'COUNT', value: 10, note: null, previous: null, jumpTolerance: 0.25, ...changes });

describe('scenario: validating submitted figures', () => {
  it.each([
    [{ value: -1 }, 'A count must be a whole number, 0 or more'],
    [{ value: 2.5 }, 'A count must be a whole number, 0 or more'],
    [{ unit: 'PERCENTAGE' as const, value: 100.1 }, 'A percentage must be between 0 and 100'],
    [{ unit: 'PERCENTAGE' as const, value: -0.1 }, 'A percentage must be between 0 and 100'],
    [{ unit: 'MONEY' as const, value: -5 }, 'The figure must be 0 or more'],
    [{ unit: 'RATE_PER_1000' as const, value: 24.41712 }, 'Give the figure to at most 4 decimal places'],
  ])('refuses %j', (changes, message) => {
    expect(check(changes)).toEqual([{ field: 'value', message }]);
  });

  it.each([
    [{ value: 0 }],
    [{ unit: 'PERCENTAGE' as const, value: 38 }],
    [{ unit: 'PERCENTAGE' as const, value: 100 }],
    [{ unit: 'RATE_PER_1000' as const, value: 24.4171 }],
    [{ unit: 'DAYS' as const, value: 12.5 }],
  ])('accepts %j', (changes) => {
    expect(check(changes)).toEqual([]);
  });

  it('wants a note for a change beyond the jump tolerance, and only then', () => {
    const previous = { label: '2019/20', value: 5688 };
    expect(check({ value: 7522, previous })).toEqual([
      {
        field: 'note',
        message: 'This is a large change on 2019/20 (5,688, up 32.2%): add a note to explain it',
      },
    ]);
    expect(check({ value: 7522, previous, note: 'Lockdowns' })).toEqual([]);
    expect(check({ value: 7000, previous })).toEqual([]);
    expect(check({ value: 7522, previous, jumpTolerance: 0.5 })).toEqual([]);
    expect(check({ value: 3, previous: { label: 'Q1', value: 0 } })[0].message).toContain('up from 0');
  });
});
