// The one chase step sender. Every kind of request Waymark chases (an action lead's update, a data owner's
// KPI figures, and later a provider's return figures or a consultee's answers) sends its request,
// reminders and escalations through `ChaseSteps.send` with a small adapter that says who is asked, what the
// email says and what to record when it goes. The steps every chase shares live here, once: the outbox key,
// the escalation's recipient, quiet hours and the weekly cap, the audit trail, delivery at most once.
import { Injectable } from '@nestjs/common';
import { AuditLog } from '@waymark/audit';
import type { ChasePolicy, EscalationTarget } from '@waymark/contracts';
import { Prisma, PrismaService } from '@waymark/db';
import { Outbox, OutgoingContent } from '@waymark/mail';
import { WaymarkMetrics } from '@waymark/observability';
import type { ChaseEmailResult } from '@waymark/workflows';
import { Person, escalationRecipient, nudgeVerdict } from './nudge-limits';

export type ChaseEmailKind = 'request' | 'reminder' | 'escalation';

/** One step of a chase, as the workflow asks for it. */
export interface ChaseStepInput {
  /** Names the step uniquely within what is chased ("request:1", "reminder:2", "escalation:manager"). */
  step: string;
  kind: ChaseEmailKind;
  /** For escalations: who is told. */
  to?: EscalationTarget;
  /** Quiet hours and the weekly cap apply to reminders and escalations; never to a first request or a nudge. */
  enforceLimits: boolean;
}

/** What a step is about, loaded fresh by the adapter for each step. */
export interface ChaseSubject<T> {
  /** The adapter's own record (requests, their actions or KPIs), handed back to `render` and `onSent`. */
  data: T;
  /** False when nothing is left to ask (answered, withdrawn, expired): nobody is emailed. */
  open: boolean;
  partnershipId: string;
  partnership: { id: string; coordinatorEmail: string };
  /** The person asked, with their manager for an escalation. */
  asked: Person & { manager: Person | null };
  policy: ChasePolicy;
  /** Outbox keys are `<keyPrefix>/<step>`; every email of this chase shares the prefix. */
  keyPrefix: string;
  /** The outbox kind of each email; reminders and escalations count towards the weekly cap. */
  outboxKinds: Record<ChaseEmailKind, string>;
  /** Ties the email to an update request in the outbox, where there is one. */
  updateRequestId?: string;
  /** How an escalation lists the first request in "chased so far" (e.g. "Asked for an update"). */
  askedAs: string;
  audit: {
    /** The workflow that chases, e.g. `chase/<lead>/<period>`. */
    actorId: string;
    entityType: string;
    entityId: string;
    /** Events are `<prefix>.capped`, `<prefix>.escalation-skipped` and `<prefix>.<kind>-sent`. */
    eventPrefix: string;
    /** Where an older event name must be kept for one kind, e.g. `kpi-value-request.sent`. */
    sentEvents?: Partial<Record<ChaseEmailKind, string>>;
    /** Added to the sent event's record, e.g. the request IDs the email listed. */
    sentDetails?: object;
  };
}

/** What an escalation tells its recipient of the emails the person already had. */
export interface ChasedSoFar {
  on: string;
  what: string;
}

/** Renders one step's email for its recipient: the request or reminder to the person asked, or an escalation. */
export interface ChaseRender<T> {
  subject: ChaseSubject<T>;
  step: ChaseStepInput;
  recipient: Person;
  /** The outbox key of this email (for a per-email reply address). */
  key: string;
  /** For escalations: every email the person had about this chase so far, oldest first. */
  chased: ChasedSoFar[];
}

/** One kind of request that can be chased. */
export interface ChaseAdapter<Ref, T> {
  load(ref: Ref, step: ChaseStepInput, now: Date): Promise<ChaseSubject<T>>;
  render(input: ChaseRender<T>): Promise<OutgoingContent>;
  /** Bookkeeping in the transaction that marks the email sent (e.g. the request's sentAt). */
  onSent?(
    tx: Prisma.TransactionClient,
    subject: ChaseSubject<T>,
    step: ChaseStepInput,
    now: Date,
  ): Promise<void>;
}

@Injectable()
export class ChaseSteps {
  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly metrics: WaymarkMetrics,
  ) {}

  /** The first request of a chase, at most once; `not-open` when nothing is left to ask. */
  async request<Ref, T>(
    adapter: ChaseAdapter<Ref, T>,
    ref: Ref,
  ): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }> {
    const { outcome } = await this.send(adapter, ref, {
      step: 'initial',
      kind: 'request',
      enforceLimits: false,
    });
    return { outcome: outcome === 'sent' || outcome === 'already-sent' ? outcome : 'not-open' };
  }

  /** A reminder or escalation of the ladder, at most once, within quiet hours and the weekly cap. */
  ladderStep<Ref, T>(
    adapter: ChaseAdapter<Ref, T>,
    input: Ref & { step: string; kind: 'reminder' | 'escalation'; to?: EscalationTarget },
    now = new Date(),
  ): Promise<ChaseEmailResult> {
    return this.send(adapter, input, { ...input, enforceLimits: true }, now);
  }

  /**
   * Sends one step at most once: a retried or replayed activity finds the outbox row and sends nothing.
   * Each step's outcome is counted in `waymark_chase_steps_total`.
   */
  async send<Ref, T>(
    adapter: ChaseAdapter<Ref, T>,
    ref: Ref,
    step: ChaseStepInput,
    now = new Date(),
  ): Promise<ChaseEmailResult> {
    const result = await this.sendStep(adapter, ref, step, now);
    this.metrics.chaseSteps.inc({ step: step.kind, outcome: result.outcome });
    return result;
  }

  private async sendStep<Ref, T>(
    adapter: ChaseAdapter<Ref, T>,
    ref: Ref,
    step: ChaseStepInput,
    now: Date,
  ): Promise<ChaseEmailResult> {
    const subject = await adapter.load(ref, step, now);
    const key = `${subject.keyPrefix}/${step.step}`;
    const previous = await this.prisma.outboundEmail.findUnique({ where: { idempotencyKey: key } });
    if (previous?.status === 'SENT') return { outcome: 'already-sent' };
    if (!subject.open) return { outcome: 'nothing-to-send' };

    const recipient =
      step.kind === 'escalation'
        ? await escalationRecipient(this.prisma, step.to!, subject.asked, subject.partnership)
        : subject.asked;
    if (!recipient) {
      await this.record(subject, 'escalation-skipped', {
        step: step.step,
        reason: `no ${step.to} on record`,
      });
      return { outcome: 'nothing-to-send' };
    }

    if (step.enforceLimits) {
      const limit = await nudgeVerdict(this.prisma, subject.policy, recipient.email, now);
      if (limit.verdict === 'deferred') return { outcome: 'deferred', retryAt: limit.retryAt.toISOString() };
      if (limit.verdict === 'capped') {
        await this.record(subject, 'capped', {
          step: step.step,
          to: recipient.email,
          sentThisWeek: limit.sentThisWeek,
        });
        return { outcome: 'capped' };
      }
    }

    const result = await this.outbox.deliverOnce({
      idempotencyKey: key,
      kind: subject.outboxKinds[step.kind],
      to: recipient.email,
      partnershipId: subject.partnershipId,
      updateRequestId: subject.updateRequestId,
      render: async () =>
        adapter.render({
          subject,
          step,
          recipient,
          key,
          chased: step.kind === 'escalation' ? await this.chasedSoFar(subject) : [],
        }),
      onSent: async (tx, messageId) => {
        await adapter.onSent?.(tx, subject, step, now);
        await this.record(
          subject,
          subject.audit.sentEvents?.[step.kind] ?? `${step.kind}-sent`,
          { step: step.step, to: recipient.email, messageId, ...subject.audit.sentDetails },
          tx,
        );
      },
    });
    return { outcome: result.outcome };
  }

  /** Every email the person asked had in this chase, oldest first, for an escalation to list. */
  private async chasedSoFar(subject: ChaseSubject<unknown>): Promise<ChasedSoFar[]> {
    const sent = await this.prisma.outboundEmail.findMany({
      where: {
        idempotencyKey: { startsWith: `${subject.keyPrefix}/` },
        toAddress: subject.asked.email,
        status: 'SENT',
      },
      orderBy: { sentAt: 'asc' },
    });
    return sent.map((e) => ({
      on: (e.sentAt ?? e.createdAt).toISOString(),
      what: e.kind === subject.outboxKinds.request ? subject.askedAs : 'Reminded',
    }));
  }

  /** An audit event of the chase; `event` is a full name when it has a dot, else it follows the prefix. */
  private async record(
    subject: ChaseSubject<unknown>,
    event: string,
    after: object,
    tx?: Prisma.TransactionClient,
  ): Promise<void> {
    await this.audit.record(
      {
        partnershipId: subject.partnershipId,
        actor: { type: 'WORKFLOW', id: subject.audit.actorId },
        event: event.includes('.') ? event : `${subject.audit.eventPrefix}.${event}`,
        entityType: subject.audit.entityType,
        entityId: subject.audit.entityId,
        channel: event.endsWith('-sent') || event.endsWith('.sent') ? 'email' : 'workflow',
        after,
      },
      tx,
    );
  }
}
