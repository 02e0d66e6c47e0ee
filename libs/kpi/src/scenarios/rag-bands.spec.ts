// Scenario: RAG against a target with a tolerance, in both directions, and against fixed thresholds.
import { ragFor, ragRuleProblems } from '..';

const tolerance = { kind: 'TOLERANCE' as const, tolerance: 0.1 };

describe('scenario: RAG bands', () => {
  it.each([
    [100, 'GREEN'],
    [95, 'GREEN'],
    [94, 'AMBER'],
    [85.5, 'AMBER'],
    [85.4, 'RED'],
  ])('higher is better, target 95, 10%% tolerance: %d is %s', (value, colour) => {
    expect(ragFor(tolerance, 'HIGHER_IS_BETTER', value, 95)).toBe(colour);
  });

  it.each([
    [250, 'GREEN'],
    [276, 'GREEN'],
    [300, 'AMBER'],
    [303.6, 'AMBER'],
    [304, 'RED'],
  ])('lower is better, target 276, 10%% tolerance: %d is %s', (value, colour) => {
    expect(ragFor(tolerance, 'LOWER_IS_BETTER', value, 276)).toBe(colour);
  });

  it.each([
    [50, 'GREEN'],
    [45, 'GREEN'],
    [41, 'AMBER'],
    [60, 'AMBER'],
    [39, 'RED'],
  ])('neutral, target 50, 10%% tolerance: %d is %s', (value, colour) => {
    expect(ragFor(tolerance, 'NEUTRAL', value, 50)).toBe(colour);
  });

  it.each([
    [38, 'GREEN'],
    [28, 'GREEN'],
    [40, 'GREEN'],
    [26, 'AMBER'],
    [44, 'AMBER'],
    [24.9, 'RED'],
    [50.2, 'RED'],
  ])("SafeLives' effective-MARAC range 28-40%% (amber 25-45%%): %d%% is %s", (value, colour) => {
    const rule = { kind: 'THRESHOLDS' as const, green: { min: 28, max: 40 }, amber: { min: 25, max: 45 } };
    expect(ragFor(rule, 'NEUTRAL', value, null)).toBe(colour);
  });

  it('gives no colour without a value, without a target, or without a rule', () => {
    expect(ragFor(tolerance, 'HIGHER_IS_BETTER', null, 95)).toBeNull();
    expect(ragFor(tolerance, 'HIGHER_IS_BETTER', 90, null)).toBeNull();
    expect(ragFor({ kind: 'NONE' }, 'HIGHER_IS_BETTER', 90, 95)).toBeNull();
  });

  it('refuses thresholds whose amber band does not contain the green one', () => {
    expect(
      ragRuleProblems({ kind: 'THRESHOLDS', green: { min: 28, max: 40 }, amber: { min: 30, max: 45 } }),
    ).toEqual(['The amber band must contain the green band']);
    expect(
      ragRuleProblems({ kind: 'THRESHOLDS', green: { min: 80, max: null }, amber: { min: 70, max: null } }),
    ).toEqual([]);
    expect(
      ragRuleProblems({ kind: 'THRESHOLDS', green: { min: null, max: 10 }, amber: { min: null, max: null } }),
    ).toEqual(['The amber band needs a minimum or a maximum']);
    expect(ragRuleProblems({ kind: 'TOLERANCE', tolerance: -0.1 })).toEqual([
      'The tolerance must be 0 or more',
    ]);
  });
});
