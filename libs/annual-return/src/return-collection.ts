import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { londonIsoDate, londonTimeOn } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService } from '@waymark/db';
import { Outbox, renderEmail, returnDraftReadyEmail } from '@waymark/mail';
import type { AnnualReturnProgress } from '@waymark/workflows';
import { AnnualReturns } from './annual-returns.service';

/** A provider's request as the coordinator follows it. */
export interface ProviderRequestView {
  id: string;
  provider: string;
  contact: { name: string; email: string };
  services: string[];
  cellsAsked: number;
  state: string;
  respondBy: string;
  sentAt: string | null;
  openedAt: string | null;
  answeredAt: string | null;
  /** Reminders and escalations sent about it (the chase's emails after the first). */
  chased: number;
  /** The latest revision given (saved or sent), if any. */
  latest: { revision: number; sent: boolean; channel: string; at: string } | null;
}

/**
 * The collection side of a year's return, as its workflow and the coordinator see it: who was asked and
 * who answered, the one "draft ready" email, and where sign-off stands.
 */
@Injectable()
export class ReturnCollection {
  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly returns: AnnualReturns,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** Every provider's request for the return, in the order they were opened. */
  async requests(partnershipId: string, returnId: string): Promise<ProviderRequestView[]> {
    const found = await this.prisma.annualReturn.findFirst({ where: { id: returnId, partnershipId } });
    if (!found) throw new NotFoundException(`No annual return ${returnId}`);
    const requests = await this.prisma.providerReturnRequest.findMany({
      where: { returnId },
      include: {
        dataContact: { include: { organisation: true } },
        submissions: { orderBy: { revision: 'desc' }, take: 1 },
      },
      orderBy: { createdAt: 'asc' },
    });
    const services = await this.prisma.safeAccommodationService.findMany({
      where: { id: { in: requests.flatMap((r) => r.serviceIds) } },
      select: { id: true, name: true },
    });
    const chases = await this.prisma.outboundEmail.findMany({
      where: {
        status: 'SENT',
        kind: { in: ['provider-return-reminder', 'provider-return-escalation'] },
        OR: requests.map((r) => ({ idempotencyKey: { startsWith: `provider-return-request/${r.id}/` } })),
      },
      select: { idempotencyKey: true },
    });
    return requests.map((r) => {
      const latest = r.submissions[0];
      const prefix = `provider-return-request/${r.id}/`;
      return {
        id: r.id,
        provider: r.dataContact.organisation?.name ?? r.dataContact.name,
        contact: { name: r.dataContact.name, email: r.dataContact.email },
        services: services.filter((s) => r.serviceIds.includes(s.id)).map((s) => s.name),
        cellsAsked: Object.values(r.asked as Record<string, string[]>).reduce((n, c) => n + c.length, 0),
        state: r.state,
        respondBy: r.respondBy.toISOString(),
        sentAt: r.sentAt?.toISOString() ?? null,
        openedAt: r.openedAt?.toISOString() ?? null,
        answeredAt: r.answeredAt?.toISOString() ?? null,
        chased: chases.filter((e) => e.idempotencyKey.startsWith(prefix)).length,
        latest: latest
          ? {
              revision: latest.revision,
              sent: latest.sent,
              channel: latest.channel,
              at: latest.createdAt.toISOString(),
            }
          : null,
      };
    });
  }

  /**
   * Tells the coordinator, once (outbox key `annual-return/<id>/draft-ready`), that the draft is ready:
   * who answered, which services had nobody to ask, and the checks still failing.
   */
  async announceDraftReady(returnId: string): Promise<void> {
    const found = await this.prisma.annualReturn.findUniqueOrThrow({
      where: { id: returnId },
      include: { partnership: true },
    });
    const { partnership } = found;
    await this.outbox.deliverOnce({
      idempotencyKey: `annual-return/${returnId}/draft-ready`,
      kind: 'annual-return-draft-ready',
      to: partnership.coordinatorEmail,
      partnershipId: partnership.id,
      render: async () => {
        const draft = await this.returns.draft(partnership.id, returnId);
        const requests = await this.requests(partnership.id, returnId);
        const withoutContact = await this.prisma.safeAccommodationService.findMany({
          where: { partnershipId: partnership.id, archivedAt: null, dataContactId: null },
          orderBy: { name: 'asc' },
        });
        return renderEmail(returnDraftReadyEmail, {
          partnershipName: partnership.name,
          financialYear: found.financialYear,
          allAnswered: requests.every((r) => r.state === 'ANSWERED'),
          providers: requests.map((r) => ({ name: r.provider, answered: r.state === 'ANSWERED' })),
          servicesWithoutContact: withoutContact.map((s) => s.name),
          problems: draft.problems,
          failing: draft.results
            .filter((r) => r.outcome === 'fail' && (r.kind === 'error' || !draft.explanations[r.key]))
            .map((r) => ({ kind: r.kind, message: r.message })),
          returnUrl: `${this.config.PUBLIC_BASE_URL}/api/returns/${returnId}`,
          coordinatorEmail: partnership.coordinatorEmail,
        });
      },
    });
  }

  /**
   * Where sign-off stands, and the submission reminders still to send before the deadline the coordinator
   * set (a week before, the day before, and the day after it passes, each at 09:00 London time), earliest
   * first. Of the reminders already due only the latest is listed: a deadline set late, or a worker that was
   * down, never sends a burst.
   */
  async progress(returnId: string, now = new Date()): Promise<AnnualReturnProgress> {
    const found = await this.prisma.annualReturn.findUniqueOrThrow({ where: { id: returnId } });
    if (found.state === 'SUBMITTED' || !found.submitBy) return { state: found.state, reminders: [] };
    const deadline = londonIsoDate(found.submitBy);
    const steps = SUBMISSION_REMINDERS.map(({ days, name }) => {
      const day = new Date(`${deadline}T12:00:00Z`);
      day.setUTCDate(day.getUTCDate() + days);
      const [year, month, date] = londonIsoDate(day).split('-').map(Number);
      return { step: `${name}-${deadline}`, at: londonTimeOn(year, month, date, 9 * 60) };
    });
    const sent = await this.prisma.outboundEmail.findMany({
      where: {
        status: 'SENT',
        idempotencyKey: { in: steps.map((s) => `annual-return/${returnId}/submission-reminder/${s.step}`) },
      },
      select: { idempotencyKey: true },
    });
    const unsent = steps.filter((s) => !sent.some((e) => e.idempotencyKey.endsWith(`/${s.step}`)));
    const due = unsent.filter((s) => s.at <= now);
    const reminders = [...due.slice(-1), ...unsent.filter((s) => s.at > now)];
    // A due reminder goes only while none later has gone.
    const lastSent = steps.filter((s) => sent.some((e) => e.idempotencyKey.endsWith(`/${s.step}`))).at(-1);
    return {
      state: found.state,
      reminders: reminders
        .filter((s) => !lastSent || s.at > lastSent.at)
        .map((s) => ({ step: s.step, at: s.at.toISOString() })),
    };
  }
}

/** When the coordinator is reminded, in days from the submission deadline. */
const SUBMISSION_REMINDERS = [
  { days: -7, name: 'week-before' },
  { days: -1, name: 'day-before' },
  { days: 1, name: 'overdue' },
];
