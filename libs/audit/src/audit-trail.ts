import { Injectable } from '@nestjs/common';
import type { AuditQuery } from '@waymark/contracts';
import { Page, Prisma, PrismaService, bigIntId, paginate } from '@waymark/db';

/** An audit event as the API shows it: the BigInt id as a string. */
export type AuditEventView = Omit<Prisma.AuditEventGetPayload<object>, 'id'> & { id: string };

/** Reads the audit log of one partnership: by record, actor, event and period, newest first. */
@Injectable()
export class AuditTrail {
  constructor(private readonly prisma: PrismaService) {}

  async list(partnershipId: string, query: AuditQuery): Promise<Page<AuditEventView>> {
    const where: Prisma.AuditEventWhereInput = {
      partnershipId,
      entityType: query.entityType,
      entityId: query.entityId,
      actorId: query.actorId,
      event: query.event,
      occurredAt: { gte: query.from, lt: query.to },
    };
    const page = await paginate(
      (args) => this.prisma.auditEvent.findMany(args),
      where,
      { sort: 'occurredAt', order: 'desc', limit: query.limit, cursor: query.cursor },
      bigIntId,
    );
    return { ...page, items: page.items.map((event) => ({ ...event, id: String(event.id) })) };
  }
}
