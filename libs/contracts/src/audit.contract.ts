import { z } from 'zod';
import { pageQueryFields } from './list-query.contract';

const text = (what: string) => z.string().trim().min(1).max(200).optional().describe(what);
const instant = (what: string) =>
  z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional()
    .describe(what);

/**
 * `GET /api/audit`: the caller's partnership's audit events, newest first, by record (entityType and
 * entityId), by actor, by event and by period (`from` inclusive, `to` exclusive, ISO datetimes).
 */
export const auditQuerySchema = z
  .strictObject({
    entityType: text('The record type, e.g. "action"'),
    entityId: text("The record's id"),
    actorId: text('Who did it: a user id for coordinators and admins'),
    event: text('e.g. "action.updated"'),
    from: instant('Events at or after this instant'),
    to: instant('Events before this instant'),
    ...pageQueryFields,
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    path: ['to'],
    message: 'to must be after from',
  });

export type AuditQuery = z.output<typeof auditQuerySchema>;
