import { KpiFormFigure, fieldErrors, kpiFormFigureSchema } from '@waymark/contracts';
import type { FormItem } from '@waymark/kpis';

/** A figure's fields as typed, kept to show the form again. */
export interface TypedFigure {
  value: string;
  notAvailable: boolean;
  note: string;
}

/**
 * Reads the figure fields `<prefix>-<i>-value|notAvailable|note` of a form. With `optional`, a figure
 * left wholly blank is not sent (null) rather than an error. Errors are keyed by field name.
 */
export function readFigures(
  body: Record<string, unknown>,
  count: number,
  prefix: string,
  options: { optional: boolean },
): { typed: TypedFigure[]; figures: (KpiFormFigure | null)[]; errors: Record<string, string> } {
  const text = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : '');
  const typed = Array.from({ length: count }, (_unused, i) => ({
    value: text(`${prefix}-${i}-value`),
    notAvailable: text(`${prefix}-${i}-notAvailable`) === 'yes',
    note: text(`${prefix}-${i}-note`),
  }));
  const errors: Record<string, string> = {};
  const figures = typed.map((figure, i) => {
    if (options.optional && !figure.value.trim() && !figure.notAvailable && !figure.note.trim()) return null;
    const parsed = kpiFormFigureSchema.safeParse(figure);
    if (parsed.success) return parsed.data;
    for (const [field, message] of Object.entries(fieldErrors(parsed.error))) {
      errors[`${prefix}-${i}-${field}`] = message;
    }
    return null;
  });
  return { typed, figures, errors };
}

/** The figures as the form first shows them: what is already held. */
export function typedFromHeld(items: FormItem[]): TypedFigure[] {
  return items.map((item) => ({
    value: item.current?.value?.toString() ?? '',
    notAvailable: item.current !== null && item.current.value === null,
    note: item.current?.note ?? '',
  }));
}

/** "Referrals to MARAC (Quarter 3 2026/27): …" for a figure's field name in the error summary. */
export function figureLabel(items: FormItem[], prefix: string, field: string): string | null {
  const match = new RegExp(`^${prefix}-(\\d+)-`).exec(field);
  const item = match ? items[Number(match[1])] : undefined;
  return item ? `${item.name} (${item.periodLabel})` : null;
}
