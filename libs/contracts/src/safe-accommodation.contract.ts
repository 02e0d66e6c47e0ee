import { z } from 'zod';
import { listQuerySchema } from './list-query.contract';

/**
 * A code of one of the return template's code lists ("REFUGE", "BLACK_MINORITISED", "ADVOCACY"): the lists
 * change by year with the department's form, so they are data, checked against the year's template when a
 * return is assembled, not here.
 */
const code = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,59}$/, 'A code in capitals, e.g. REFUGE or SECOND_STAGE');
const codes = z
  .array(code)
  .max(50)
  .refine((list) => new Set(list).size === list.length, 'Each code once');
const day = z.iso.date().describe('YYYY-MM-DD');

const capacity = z
  .strictObject({
    unit: z.enum(['BEDSPACES', 'UNITS']).describe('Bedspaces (refuge) or units (dispersed, sanctuary)'),
    count: z.number().int().min(0).max(10_000),
    effectiveFrom: day,
    effectiveTo: day.nullable().default(null),
  })
  .refine((c) => c.effectiveTo === null || c.effectiveTo >= c.effectiveFrom, {
    message: 'effectiveTo must not be before effectiveFrom',
    path: ['effectiveTo'],
  });

const qualityStandard = z
  .strictObject({
    standard: z.string().trim().min(2).max(200).describe('e.g. "Women\'s Aid National Quality Standards"'),
    heldSince: day.nullable().default(null),
    expiresOn: day.nullable().default(null),
  })
  .refine((q) => q.heldSince === null || q.expiresOn === null || q.expiresOn >= q.heldSince, {
    message: 'expiresOn must not be before heldSince',
    path: ['expiresOn'],
  });

/** Capacities of one unit may not overlap in time: each day has one count. */
function overlapping(list: z.output<typeof capacity>[]): boolean {
  const open = '9999-12-31';
  return list.some((a, i) =>
    list.some(
      (b, j) =>
        i < j &&
        a.unit === b.unit &&
        a.effectiveFrom <= (b.effectiveTo ?? open) &&
        b.effectiveFrom <= (a.effectiveTo ?? open),
    ),
  );
}

const service = z.strictObject({
  name: z.string().trim().min(2).max(200),
  providerOrganisationId: z.uuid().describe('The provider: an organisation of the partnership'),
  accommodationType: code.describe("A code of the template's accommodation types, e.g. REFUGE"),
  byAndFor: z.boolean().describe('Specialist provision run by and for the groups it serves'),
  specialistGroups: codes.describe('Codes of the groups it specialises in'),
  supportTypes: codes.describe('Codes of the support it gives'),
  dataContactId: z
    .uuid()
    .nullable()
    .describe('Who sends its figures for the return: a contact of the partnership'),
  contractStart: day.nullable(),
  contractEnd: day.nullable(),
  capacities: z
    .array(capacity)
    .max(50)
    .refine((list) => !overlapping(list), 'Capacities of the same unit overlap in time')
    .describe('Bedspaces or units, each from a date; replaced whole when given'),
  qualityStandards: z
    .array(qualityStandard)
    .max(30)
    .refine(
      (list) => new Set(list.map((q) => q.standard.toLowerCase())).size === list.length,
      'Each standard once',
    )
    .describe('Standards held; replaced whole when given'),
});

const contractOrder = (s: { contractStart?: string | null; contractEnd?: string | null }) =>
  !s.contractStart || !s.contractEnd || s.contractEnd >= s.contractStart;
const contractMessage = { message: 'contractEnd must not be before contractStart', path: ['contractEnd'] };

export const createSafeAccommodationServiceSchema = service
  .extend({
    byAndFor: service.shape.byAndFor.default(false),
    specialistGroups: service.shape.specialistGroups.default([]),
    supportTypes: service.shape.supportTypes.default([]),
    dataContactId: service.shape.dataContactId.default(null),
    contractStart: service.shape.contractStart.default(null),
    contractEnd: service.shape.contractEnd.default(null),
    capacities: service.shape.capacities.default([]),
    qualityStandards: service.shape.qualityStandards.default([]),
  })
  .refine(contractOrder, contractMessage);
export const updateSafeAccommodationServiceSchema = service
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change')
  .refine(contractOrder, contractMessage);
export const listSafeAccommodationServicesSchema = listQuerySchema(
  ['name', 'accommodationType', 'createdAt'],
  'name',
).extend({
  accommodationType: code.optional(),
  providerOrganisationId: z.uuid().optional(),
});

export type CreateSafeAccommodationService = z.output<typeof createSafeAccommodationServiceSchema>;
export type UpdateSafeAccommodationService = z.output<typeof updateSafeAccommodationServiceSchema>;
export type ListSafeAccommodationServices = z.output<typeof listSafeAccommodationServicesSchema>;
