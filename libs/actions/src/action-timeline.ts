import { Injectable } from '@nestjs/common';
import { Evidence, PrismaService, Update } from '@waymark/db';

/** One thing that happened to an action, oldest first in a timeline. */
export type TimelineEntry =
  /** An audit event of the action, its update requests or its lead's chase: requests, reminders, controls. */
  | { at: Date; kind: 'event'; event: string; actorType: string; after: unknown }
  /** What a lead sent, in their words. */
  | { at: Date; kind: 'update'; update: Update }
  /** A file or link sent as evidence. */
  | { at: Date; kind: 'evidence'; evidence: Evidence };

/**
 * An action's history for the console: its update requests' lifecycle and its lead's chase emails (request,
 * reminders, escalations), the controls applied to it and its other audit events, the updates in the lead's
 * words, and the evidence sent. Reads what the audit log and the records hold; the partnership is checked.
 */
@Injectable()
export class ActionTimeline {
  constructor(private readonly prisma: PrismaService) {}

  async of(partnershipId: string, actionId: string): Promise<TimelineEntry[]> {
    const requests = await this.prisma.updateRequest.findMany({
      where: { actionId, partnershipId },
      select: { id: true, chaseId: true },
    });
    const chaseIds = [...new Set(requests.flatMap((r) => (r.chaseId ? [r.chaseId] : [])))];
    const [events, updates, evidence] = await Promise.all([
      this.prisma.auditEvent.findMany({
        where: {
          partnershipId,
          OR: [
            { entityType: 'Action', entityId: actionId },
            { entityType: 'UpdateRequest', entityId: { in: requests.map((r) => r.id) } },
            { entityType: 'LeadChase', entityId: { in: chaseIds } },
          ],
          // The update itself is shown, with the lead's words.
          NOT: { event: 'update.submitted' },
        },
        orderBy: { id: 'asc' },
      }),
      this.prisma.update.findMany({ where: { actionId, partnershipId }, orderBy: { submittedAt: 'asc' } }),
      this.prisma.evidence.findMany({ where: { actionId, partnershipId }, orderBy: { createdAt: 'asc' } }),
    ]);
    const entries: TimelineEntry[] = [
      ...events.map((e) => ({
        at: e.occurredAt,
        kind: 'event' as const,
        event: e.event,
        actorType: e.actorType,
        after: e.after,
      })),
      ...updates.map((update) => ({ at: update.submittedAt, kind: 'update' as const, update })),
      ...evidence.map((item) => ({ at: item.createdAt, kind: 'evidence' as const, evidence: item })),
    ];
    // Stable: entries at the same instant keep the order above (an event, then the update it describes).
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}
