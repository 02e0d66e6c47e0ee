import { z } from 'zod';
import { KPI_ENTRY_CADENCES, type KpiFrequencyKey, cadenceFits, parseKpiPeriod } from '@waymark/calendar';
import { CODE_PATTERN, FormulaError, parseFormula, ragRuleProblems } from '@waymark/kpi';
import { listQuerySchema } from './list-query.contract';

export const KPI_UNITS = ['COUNT', 'PERCENTAGE', 'RATE_PER_1000', 'MONEY', 'DAYS'] as const;
export const KPI_DIRECTIONS = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER', 'NEUTRAL'] as const;
export const KPI_FREQUENCIES = ['MONTHLY', 'QUARTERLY', 'FINANCIAL_YEAR', 'ROLLING_12_MONTHS'] as const;

const PERIOD_HELP =
  'e.g. "2026-11" (month), "2026-27-Q3" (quarter), "2026-27" (financial year), "2026-11-R12"';

const code = z
  .string()
  .trim()
  .regex(CODE_PATTERN, 'Capitals, digits, "-", "_" and ".", starting with a capital (e.g. WMP-DA-INCIDENTS)');
const periodKey = z
  .string()
  .trim()
  .refine((key) => parseKpiPeriod(key) !== undefined, `Not a reporting period (${PERIOD_HELP})`)
  .describe(`A reporting period, ${PERIOD_HELP}`);
const figure = z.number().finite();
const bound = figure.nullable().default(null);
const band = z.strictObject({ min: bound, max: bound });

export const ragRuleSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('TOLERANCE'),
      tolerance: z
        .number()
        .min(0)
        .max(10)
        .describe('Fraction of the target: 0.1 = within 10% short of it is amber'),
    }),
    z.strictObject({ kind: z.literal('THRESHOLDS'), green: band, amber: band }),
    z.strictObject({ kind: z.literal('NONE') }),
  ])
  .superRefine((rule, ctx) => {
    for (const message of ragRuleProblems(rule)) ctx.addIssue({ code: 'custom', message });
  });

const formula = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .superRefine((text, ctx) => {
    try {
      parseFormula(text);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  })
  .describe(
    'Derived KPIs: e.g. "{MARAC-REPEAT-CASES} / {MARAC-CASES} * 100" or "{INCIDENTS} / {ref:POPULATION} * 1000"',
  );

const target = z.strictObject({ periodKey, value: figure });

/** Checks that every period key given for a KPI is of its frequency. */
function periodsOfFrequency(
  frequency: KpiFrequencyKey,
  keys: { path: (string | number)[]; key: string }[],
  ctx: z.RefinementCtx,
) {
  for (const { path, key } of keys) {
    if (parseKpiPeriod(key) && !parseKpiPeriod(key, frequency)) {
      ctx.addIssue({ code: 'custom', path, message: `Not a period of this KPI's frequency (${frequency})` });
    }
  }
}

const kpiFields = {
  name: z.string().trim().min(3).max(200),
  description: z.string().trim().max(5000).optional(),
  direction: z.enum(KPI_DIRECTIONS),
  baseline: z.strictObject({ periodKey, value: figure }).nullable(),
  targets: z.array(target).max(200).describe('Targets per period; a period given again replaces its target'),
  rag: ragRuleSchema,
  jumpTolerance: z
    .number()
    .min(0)
    .max(100)
    .describe('A change on the period before larger than this fraction needs a note (0.25 = 25%)'),
  dataOwnerContactId: z.uuid().nullable().describe('The contact asked for values each period'),
  entryCadence: z
    .enum(KPI_ENTRY_CADENCES)
    .describe(
      'How often a figure is entered: a monthly or rolling 12-month figure published yearly (to December, to June) or quarterly; the periods asked for, the comparison with the previous figure and when it is stale follow it',
    ),
  source: z.string().trim().min(1).max(500).nullable(),
  formula: formula.nullable(),
  actionIds: z.array(z.uuid()).max(100),
  outcomeIds: z.array(z.uuid()).max(100),
};

/** POST /api/kpis: a coordinator defines a KPI (a measure with targets, or a derived indicator). */
export const defineKpiSchema = z
  .strictObject({
    strategyId: z.uuid().optional(),
    code,
    unit: z.enum(KPI_UNITS),
    frequency: z.enum(KPI_FREQUENCIES),
    ...kpiFields,
    direction: kpiFields.direction.default('NEUTRAL'),
    baseline: kpiFields.baseline.default(null),
    targets: kpiFields.targets.default([]),
    rag: kpiFields.rag.default({ kind: 'NONE' }),
    jumpTolerance: kpiFields.jumpTolerance.default(0.25),
    entryCadence: kpiFields.entryCadence.default('EVERY_PERIOD'),
    dataOwnerContactId: kpiFields.dataOwnerContactId.default(null),
    source: kpiFields.source.default(null),
    formula: kpiFields.formula.default(null),
    actionIds: kpiFields.actionIds.default([]),
    outcomeIds: kpiFields.outcomeIds.default([]),
  })
  .superRefine((kpi, ctx) => {
    periodsOfFrequency(
      kpi.frequency,
      [
        ...(kpi.baseline ? [{ path: ['baseline', 'periodKey'], key: kpi.baseline.periodKey }] : []),
        ...kpi.targets.map((t, i) => ({ path: ['targets', i, 'periodKey'], key: t.periodKey })),
      ],
      ctx,
    );
    if (!cadenceFits(kpi.frequency, kpi.entryCadence)) {
      ctx.addIssue({
        code: 'custom',
        path: ['entryCadence'],
        message: 'Only a monthly or rolling 12-month KPI can be entered yearly or quarterly',
      });
    }
    if (kpi.rag.kind === 'TOLERANCE' && kpi.direction === 'NEUTRAL' && kpi.rag.tolerance === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['rag', 'tolerance'],
        message: 'A neutral KPI needs a tolerance above 0',
      });
    }
  });

export type DefineKpi = z.output<typeof defineKpiSchema>;

/** PATCH /api/kpis/:id: changes to a definition. Unit and frequency are fixed once values exist. */
export const updateKpiSchema = z
  .strictObject({
    name: kpiFields.name,
    description: kpiFields.description,
    direction: kpiFields.direction,
    baseline: kpiFields.baseline,
    targets: kpiFields.targets,
    rag: kpiFields.rag,
    jumpTolerance: kpiFields.jumpTolerance,
    entryCadence: kpiFields.entryCadence,
    dataOwnerContactId: kpiFields.dataOwnerContactId,
    source: kpiFields.source,
    formula: kpiFields.formula,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Nothing to change');

export type UpdateKpi = z.output<typeof updateKpiSchema>;

/** POST /api/kpis/:id/values: a coordinator enters or corrects a KPI's value for a period. */
export const enterKpiValueSchema = z.strictObject({
  periodKey,
  value: figure
    .nullable()
    .describe('null: the figure is not available (missing, never zero); say why in note'),
  status: z.enum(['PROVISIONAL', 'CONFIRMED']).default('PROVISIONAL'),
  note: z.string().trim().min(1).max(2000).optional(),
  reason: z
    .string()
    .trim()
    .min(3)
    .max(2000)
    .optional()
    .describe('Why a recorded figure changes. With a reason, the entry settles a conflict between sources'),
  source: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe("Where the figure comes from; the KPI's source by default"),
  exceptional: z.boolean().default(false).describe('An exceptional period, e.g. a pandemic year'),
  seriesBreak: z.boolean().default(false).describe('The series was redefined from this period'),
});

export type EnterKpiValue = z.output<typeof enterKpiValueSchema>;

/** PUT /api/reference-figures: a figure formulas use, e.g. POPULATION for a financial year. */
export const referenceFigureSchema = z.strictObject({
  code,
  periodKey,
  value: figure,
  source: z.string().trim().min(3).max(500).describe('e.g. "ONS mid-year population estimates, mid-2021"'),
  note: z.string().trim().max(2000).optional(),
});

export type ReferenceFigureInput = z.output<typeof referenceFigureSchema>;

/** POST /api/kpi-collections: asks every data owner for the values of a collection period. */
export const startKpiCollectionSchema = z.strictObject({
  periodKey: periodKey.describe(
    `The collection period: KPI periods ending within it are asked for (${PERIOD_HELP})`,
  ),
  respondBy: z.iso.datetime({ offset: true }).describe('The deadline data owners are asked to answer by'),
});

export type StartKpiCollection = z.output<typeof startKpiCollectionSchema>;

/** PUT /api/kpi-collections/schedule/:partnershipId: start every period's collection automatically. */
export const kpiCollectionScheduleSchema = z.strictObject({
  cadence: z
    .enum(['QUARTERLY', 'MONTHLY'])
    .default('QUARTERLY')
    .describe('A round for each financial-year quarter (or month), started when it has ended'),
  workingDaysToRespond: z
    .number()
    .int()
    .min(1)
    .max(40)
    .default(15)
    .describe('Data owners are asked to answer by 17:00 this many working days after the round starts'),
});

export type KpiCollectionScheduleSettings = z.output<typeof kpiCollectionScheduleSchema>;

/**
 * One figure on the data owner's form, as typed: a number (commas allowed), or "not available" with a
 * note. Messages are written for the data owner.
 */
export const kpiFormFigureSchema = z
  .object({
    value: z.string().trim().max(40, 'Enter the figure as a number'),
    notAvailable: z.boolean(),
    note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer'),
  })
  .transform((item, ctx) => {
    const note = item.note === '' ? null : item.note;
    if (item.notAvailable) {
      if (item.value !== '') {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: 'Leave the figure empty if it is not available',
        });
        return z.NEVER;
      }
      return { value: null, note };
    }
    const typed = item.value.replace(/[,\s]/g, '');
    if (typed === '') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter the figure, or tick "not available"' });
      return z.NEVER;
    }
    if (!/^-?\d+(\.\d+)?$/.test(typed)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'Enter the figure as a number, like 7522 or 38.5',
      });
      return z.NEVER;
    }
    return { value: Number(typed), note };
  });

export type KpiFormFigure = z.output<typeof kpiFormFigureSchema>;

/** GET /api/kpis: filters over the partnership's KPI definitions. */
export const listKpisSchema = listQuerySchema(['code', 'name', 'createdAt'], 'code').extend({
  strategyId: z.uuid().optional(),
  unit: z.enum(KPI_UNITS).optional(),
  frequency: z.enum(KPI_FREQUENCIES).optional(),
  dataOwnerContactId: z.uuid().optional(),
  derived: z.stringbool().optional().describe('true: only KPIs with a formula; false: only entered ones'),
  q: z.string().trim().min(1).max(200).optional().describe('Matches the code or the name'),
});
export type ListKpis = z.output<typeof listKpisSchema>;
