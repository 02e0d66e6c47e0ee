import type { KpiUnitKey } from './definition';

export interface ValueToCheck {
  unit: KpiUnitKey;
  /** null: the figure is not available (missing, never zero). */
  value: number | null;
  note: string | null;
  /** The accepted value for the period before, when there is one. */
  previous: { label: string; value: number } | null;
  /** A change larger than this fraction of the previous value needs a note (0.25 = 25%). */
  jumpTolerance: number;
}

export interface ValueProblem {
  field: 'value' | 'note';
  message: string;
}

const format = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 4 });

/**
 * Checks one figure: counts are whole numbers of 0 or more, percentages 0 to 100, other units 0 or more,
 * at most four decimal places; a missing figure and a large jump on the period before need a note.
 * Messages are written for the data owner who typed the figure.
 */
export function checkValue(input: ValueToCheck): ValueProblem[] {
  const { unit, value, note, previous, jumpTolerance } = input;
  if (value === null) {
    return note ? [] : [{ field: 'note', message: 'Say why the figure is not available' }];
  }
  if (!Number.isFinite(value)) return [{ field: 'value', message: 'Enter a number' }];
  if (unit === 'COUNT' && (!Number.isInteger(value) || value < 0)) {
    return [{ field: 'value', message: 'A count must be a whole number, 0 or more' }];
  }
  if (unit === 'PERCENTAGE' && (value < 0 || value > 100)) {
    return [{ field: 'value', message: 'A percentage must be between 0 and 100' }];
  }
  if (value < 0) return [{ field: 'value', message: 'The figure must be 0 or more' }];
  if (Math.abs(value * 10_000 - Math.round(value * 10_000)) > 1e-6) {
    return [{ field: 'value', message: 'Give the figure to at most 4 decimal places' }];
  }
  if (!note && previous && isJump(previous.value, value, jumpTolerance)) {
    const percent =
      Math.round((Math.abs(value - previous.value) / Math.abs(previous.value || 1)) * 1000) / 10;
    const change =
      previous.value === 0 ? 'up from 0' : `${value > previous.value ? 'up' : 'down'} ${format(percent)}%`;
    return [
      {
        field: 'note',
        message: `This is a large change on ${previous.label} (${format(previous.value)}, ${change}): add a note to explain it`,
      },
    ];
  }
  return [];
}

function isJump(previous: number, value: number, tolerance: number): boolean {
  if (previous === 0) return value !== 0;
  return Math.abs(value - previous) / Math.abs(previous) > tolerance;
}
