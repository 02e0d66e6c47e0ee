import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor } from '@waymark/audit';
import { ListTriage, ResolveTriage } from '@waymark/contracts';
import { Page, Prisma, PrismaService, paginate } from '@waymark/db';

const TRIAGE_FIELDS = {
  id: true,
  receivedAt: true,
  receivedVia: true,
  outcome: true,
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

/** The request a triage item matched, as a coordinator needs it to deal with the reply: who was asked, for what. */
export interface TriageRequest {
  kind: 'action-update' | 'kpi-values' | 'provider-return';
  periodKey: string;
  /** The contact the request went to. */
  askedName: string;
  askedEmail: string;
  /** The actions asked about (for an action update). */
  actions: { id: string; ref: string; title: string }[];
}

/** A triage item with the request it matched (null when that request no longer exists). */
export type TriageDetail = TriageItem & { request: TriageRequest | null };

/**
 * What goes to triage: replies that matched a request of the partnership but recorded nothing for want of a
 * person: not read (NOT_UNDERSTOOD, which includes a reply that found its request by a secure-link token or
 * its thread rather than its reply address), or from a sender not known to be the one asked (UNKNOWN: someone
 * else, or not authenticated by their domain). Mail that matched no request is in no partnership's list.
 */
const IN_TRIAGE = { in: ['NOT_UNDERSTOOD', 'UNKNOWN'] } satisfies Prisma.EnumInboundOutcomeFilter;

/** Coordinators' triage: replies that matched a request but recorded nothing, until someone deals with them. */
@Injectable()
export class InboundTriage {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  /** Coordinators' list: replies that matched a request but recorded nothing, newest first by default. */
  async triage(partnershipId: string, query: ListTriage): Promise<Page<TriageItem>> {
    const where: Prisma.InboundMessageWhereInput = {
      partnershipId,
      outcome: IN_TRIAGE,
      ...(query.includeResolved ? {} : { resolvedAt: null }),
    };
    return paginate(
      (args) => this.prisma.inboundMessage.findMany({ ...args, select: TRIAGE_FIELDS }),
      where,
      query,
    );
  }

  /** One triage item of the partnership (resolved or not), with the request it matched. 404 for anything else. */
  async get(partnershipId: string, id: string): Promise<TriageDetail> {
    const item = await this.prisma.inboundMessage.findFirst({
      where: { id, partnershipId, outcome: IN_TRIAGE },
      select: TRIAGE_FIELDS,
    });
    if (!item) throw new NotFoundException(`No triage item ${id}`);
    return { ...item, request: await this.matchedRequest(partnershipId, item) };
  }

  private async matchedRequest(partnershipId: string, item: TriageItem): Promise<TriageRequest | null> {
    const asked = { select: { name: true, email: true } } as const;
    if (item.leadChaseId) {
      const chase = await this.prisma.leadChase.findFirst({
        where: { id: item.leadChaseId, partnershipId },
        select: {
          periodKey: true,
          leadContact: asked,
          requests: {
            select: { action: { select: { id: true, ref: true, title: true } } },
            orderBy: { action: { ref: 'asc' } },
          },
        },
      });
      return chase
        ? {
            kind: 'action-update',
            periodKey: chase.periodKey,
            askedName: chase.leadContact.name,
            askedEmail: chase.leadContact.email,
            actions: chase.requests.map((request) => request.action),
          }
        : null;
    }
    if (item.kpiValueRequestId) {
      const request = await this.prisma.kpiValueRequest.findFirst({
        where: { id: item.kpiValueRequestId, partnershipId },
        select: { periodKey: true, dataOwner: asked },
      });
      return request
        ? {
            kind: 'kpi-values',
            periodKey: request.periodKey,
            askedName: request.dataOwner.name,
            askedEmail: request.dataOwner.email,
            actions: [],
          }
        : null;
    }
    if (item.providerReturnRequestId) {
      const request = await this.prisma.providerReturnRequest.findFirst({
        where: { id: item.providerReturnRequestId, partnershipId },
        select: { annualReturn: { select: { financialYear: true } }, dataContact: asked },
      });
      return request
        ? {
            kind: 'provider-return',
            periodKey: request.annualReturn.financialYear,
            askedName: request.dataContact.name,
            askedEmail: request.dataContact.email,
            actions: [],
          }
        : null;
    }
    return null;
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
          where: { id, partnershipId, outcome: IN_TRIAGE },
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
