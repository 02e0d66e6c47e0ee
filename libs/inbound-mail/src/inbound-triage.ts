import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor } from '@waymark/audit';
import { ListTriage, ResolveTriage } from '@waymark/contracts';
import { Page, Prisma, PrismaService, paginate } from '@waymark/db';

const TRIAGE_FIELDS = {
  id: true,
  receivedAt: true,
  receivedVia: true,
  fromAddress: true,
  subject: true,
  leadChaseId: true,
  kpiValueRequestId: true,
  providerReturnRequestId: true,
  matchedBy: true,
  fields: true,
  problems: true,
  resolvedAt: true,
} satisfies Prisma.InboundMessageSelect;
export type TriageItem = Prisma.InboundMessageGetPayload<{ select: typeof TRIAGE_FIELDS }>;

/** Coordinators' triage: replies that matched a request but could not be read, until someone deals with them. */
@Injectable()
export class InboundTriage {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  /** Coordinators' list: replies that matched a request but could not be read, newest first by default. */
  async triage(partnershipId: string, query: ListTriage): Promise<Page<TriageItem>> {
    const where: Prisma.InboundMessageWhereInput = {
      partnershipId,
      outcome: 'NOT_UNDERSTOOD',
      ...(query.includeResolved ? {} : { resolvedAt: null }),
    };
    return paginate(
      (args) => this.prisma.inboundMessage.findMany({ ...args, select: TRIAGE_FIELDS }),
      where,
      query,
    );
  }

  /**
   * A coordinator has dealt with a triage item (asked the lead again, or recorded the update by hand):
   * it leaves the list. The note goes in the audit event only. 404 for anything not a triage item of
   * the partnership; 409 when already resolved.
   */
  async resolve(caller: Caller, id: string, body: ResolveTriage): Promise<TriageItem> {
    const { partnershipId } = caller;
    return this.writes.run(
      {
        partnershipId,
        actor: callerActor(caller),
        event: 'inbound.resolved',
        entityType: 'InboundMessage',
        conflict: { field: 'id', message: 'This item is already resolved' },
      },
      async (tx) => {
        const before = await tx.inboundMessage.findFirst({
          where: { id, partnershipId, outcome: 'NOT_UNDERSTOOD' },
          select: TRIAGE_FIELDS,
        });
        if (!before) throw new NotFoundException(`No triage item ${id}`);
        if (before.resolvedAt) throw new ConflictException('This item is already resolved');
        const after = await tx.inboundMessage.update({
          where: { id },
          data: { resolvedAt: new Date() },
          select: TRIAGE_FIELDS,
        });
        return {
          before: { resolvedAt: null },
          after: { ...after, ...(body.note ? { note: body.note } : {}) },
        };
      },
    );
  }
}
