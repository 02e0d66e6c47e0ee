import { z } from 'zod';
import { listQuerySchema, optionalText } from './list-query.contract';

export const REPORTING_CADENCES = ['MONTHLY', 'QUARTERLY', 'BEFORE_BOARD_MEETING'] as const;

const title = z.string().trim().min(3).max(300);
const isoDate = z.iso.date();
const nothingToChange = (p: object) => Object.keys(p).length > 0;

const strategyFields = z.strictObject({
  title,
  periodStart: isoDate,
  periodEnd: isoDate,
  firstPublishedOn: isoDate.nullable().optional().describe('Starts the three-year review clock (reg 4)'),
  reportingCadence: z.enum(REPORTING_CADENCES),
});
const periodInOrder = (s: { periodStart?: string; periodEnd?: string }) =>
  !s.periodStart || !s.periodEnd || s.periodStart < s.periodEnd;
const periodMessage = { message: 'periodEnd must be after periodStart', path: ['periodEnd'] };

// Defaults only on create: a field left out of a PATCH stays as it is.
export const createStrategySchema = strategyFields
  .extend({ reportingCadence: strategyFields.shape.reportingCadence.default('QUARTERLY') })
  .refine(periodInOrder, periodMessage);
export const updateStrategySchema = strategyFields
  .partial()
  .refine(nothingToChange, 'Nothing to change')
  .refine(periodInOrder, periodMessage);
export const listStrategiesSchema = listQuerySchema(['title', 'periodStart', 'createdAt'], 'periodStart');

const position = z.number().int().min(0).max(1000);
const priority = z.strictObject({
  strategyId: z.uuid(),
  ref: z.string().trim().min(1).max(40).describe('e.g. "P1"; unique in the strategy'),
  title,
  description: optionalText(5000),
  position,
});
export const createPrioritySchema = priority.extend({ position: position.default(0) });
export const updatePrioritySchema = priority
  .omit({ strategyId: true })
  .partial()
  .refine(nothingToChange, 'Nothing to change');
export const listPrioritiesSchema = listQuerySchema(
  ['position', 'ref', 'title', 'createdAt'],
  'position',
).extend({
  strategyId: z.uuid().optional(),
});

const outcome = z.strictObject({
  priorityId: z.uuid(),
  text: z.string().trim().min(3).max(2000),
  position,
});
export const createOutcomeSchema = outcome.extend({ position: position.default(0) });
export const updateOutcomeSchema = outcome
  .omit({ priorityId: true })
  .partial()
  .refine(nothingToChange, 'Nothing to change');
export const listOutcomesSchema = listQuerySchema(['position', 'createdAt'], 'position').extend({
  priorityId: z.uuid().optional(),
});

export type CreateStrategy = z.infer<typeof createStrategySchema>;
export type UpdateStrategy = z.infer<typeof updateStrategySchema>;
export type ListStrategies = z.infer<typeof listStrategiesSchema>;
export type CreatePriority = z.infer<typeof createPrioritySchema>;
export type UpdatePriority = z.infer<typeof updatePrioritySchema>;
export type ListPriorities = z.infer<typeof listPrioritiesSchema>;
export type CreateOutcome = z.infer<typeof createOutcomeSchema>;
export type UpdateOutcome = z.infer<typeof updateOutcomeSchema>;
export type ListOutcomes = z.infer<typeof listOutcomesSchema>;

/** A review of the strategy recorded, with what was published after it (SI 2021/990 reg 4; s.57(5)(d)). */
export const recordPublicationSchema = z.strictObject({
  publishedOn: z.iso
    .date()
    .describe('YYYY-MM-DD: when the reviewed (or altered, or replacement) strategy was published'),
  kind: z
    .enum(['REVIEWED_UNCHANGED', 'ALTERED', 'REPLACED'])
    .describe('Confirmed without change, altered, or replaced by a new strategy'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null)
    .describe('Where it is published'),
  note: z.string().trim().max(2000).nullable().default(null),
});
export type RecordPublication = z.output<typeof recordPublicationSchema>;
