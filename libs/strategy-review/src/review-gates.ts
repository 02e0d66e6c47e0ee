import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditLog, type AuditActor, callerActor } from '@waymark/audit';
import { londonIsoDate, londonMidnight } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { GateDecision, Prisma, PrismaService } from '@waymark/db';
import { Outbox, gateDecidedEmail, gateRequestEmail, renderEmail } from '@waymark/mail';
import { StrategyReviewWorkflows } from '@waymark/temporal';
import { LinkLookup, deriveToken, hashToken, looksLikeToken, newTokenNonce } from '@waymark/update-requests';
import type { ReviewProgress } from '@waymark/workflows';
import { strategyReviewWorkflowId } from '@waymark/workflows';

const progressInclude = {
  partnership: { select: { id: true, name: true, coordinatorEmail: true } },
  stages: { where: { archivedAt: null }, orderBy: [{ position: 'asc' }, { key: 'asc' }] },
  gates: {
    where: { archivedAt: null },
    orderBy: [{ position: 'asc' }, { ref: 'asc' }],
    include: {
      preconditions: { orderBy: { position: 'asc' } },
      rounds: { orderBy: { round: 'asc' } },
      approver: true,
    },
  },
} satisfies Prisma.StrategyReviewInclude;

type ProgressRecord = Prisma.StrategyReviewGetPayload<{ include: typeof progressInclude }>;
type GateRecord = ProgressRecord['gates'][number];

export const gateRoundForPage = {
  gate: {
    include: {
      approver: true,
      rounds: { orderBy: { round: 'asc' } },
      review: {
        select: {
          id: true,
          strategyId: true,
          title: true,
          state: true,
          partnership: { select: { id: true, name: true, coordinatorEmail: true } },
        },
      },
    },
  },
} satisfies Prisma.GateRoundInclude;

export type GateRoundForPage = Prisma.GateRoundGetPayload<{ include: typeof gateRoundForPage }>;

/** Where a gate stands, from its latest round. */
export type GateStatus = 'not-asked' | 'to-ask' | 'awaiting' | 'sent-back' | 'passed';

export function gateStatus(gate: { rounds: Array<{ askedAt: Date | null; decision: GateDecision | null }> }) {
  const latest = gate.rounds.at(-1);
  if (!latest) return 'not-asked';
  if (!latest.decision) return latest.askedAt ? 'awaiting' : 'to-ask';
  return latest.decision === 'SENT_BACK' ? 'sent-back' : 'passed';
}

/** A decision on the approval page: what an approval gate or a formal comment may record. */
export interface GateDecisionInput {
  decision: GateDecision;
  /** Who decided, as they sign it (e.g. "Cllr Jo Bloggs, Cabinet Member for Communities"). */
  decidedBy: string;
  comments: string | null;
  conditions: string | null;
}

export class GateAlreadyDecided extends Error {}

/**
 * The review's movement: its stages begin and end (a stage with gates ends when they have all passed; one
 * without ends after its end date), its gates are asked in order once their stage has begun and their
 * preconditions are met, each approver decides by a secure link, and the coordinator resubmits what a
 * gate sent back. The review's workflow calls `advance` whenever something changed; every step is
 * recorded once, so a retried call changes nothing.
 */
@Injectable()
export class ReviewGates {
  private readonly logger = new Logger(ReviewGates.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly workflows: StrategyReviewWorkflows,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** Moves the stages on and says which gates to ask now; marks the review approved once every gate passed. */
  async advance(reviewId: string, now = new Date()): Promise<ReviewProgress> {
    const review = await this.prisma.strategyReview.findUniqueOrThrow({
      where: { id: reviewId },
      include: progressInclude,
    });
    if (review.state === 'PUBLISHED') return { state: 'PUBLISHED', stage: null, ask: [], recheckAt: null };
    const actor: AuditActor = {
      type: 'WORKFLOW',
      id: strategyReviewWorkflowId(review.strategyId, review.id),
    };
    const today = londonIsoDate(now);
    const gatesOf = (stageId: string) => review.gates.filter((g) => g.stageId === stageId);
    const done = (stage: ProgressRecord['stages'][number]) => {
      const gates = gatesOf(stage.id);
      return gates.length
        ? gates.every((g) => gateStatus(g) === 'passed')
        : stage.endsOn.toISOString().slice(0, 10) < today;
    };
    const begun = new Set<string>();
    let current: string | null = null;
    for (const stage of review.stages) {
      begun.add(stage.id);
      if (!stage.startedAt) await this.stageEvent(review, stage.id, 'started', actor, now);
      if (!done(stage)) {
        current = stage.key;
        break;
      }
      if (!stage.completedAt) await this.stageEvent(review, stage.id, 'completed', actor, now);
    }

    const ask: ReviewProgress['ask'] = [];
    for (const gate of review.gates) {
      const status = gateStatus(gate);
      if (status === 'passed') continue;
      const ready =
        (!gate.stageId || begun.has(gate.stageId)) && gate.preconditions.every((p) => p.metAt !== null);
      if (ready && (status === 'not-asked' || status === 'to-ask'))
        ask.push({ gateId: gate.id, ref: gate.ref, round: gate.rounds.at(-1)?.round ?? 1 });
      break;
    }

    const approvals = review.gates.filter((g) => g.kind === 'APPROVAL');
    const approved = approvals.length > 0 && review.gates.every((g) => gateStatus(g) === 'passed');
    if (approved && review.state === 'RUNNING') {
      await this.prisma.$transaction(async (tx) => {
        await tx.strategyReview.update({ where: { id: reviewId }, data: { state: 'APPROVED' } });
        await this.audit.record(
          {
            partnershipId: review.partnershipId,
            actor,
            event: 'strategy-review.approved',
            entityType: 'StrategyReview',
            entityId: reviewId,
            channel: 'workflow',
            after: { gates: review.gates.map((g) => g.ref) },
          },
          tx,
        );
      });
    }
    return {
      state: approved ? 'APPROVED' : 'RUNNING',
      stage: current,
      ask,
      recheckAt: nextDateEnd(review, today, gatesOf),
    };
  }

  private async stageEvent(
    review: ProgressRecord,
    stageId: string,
    what: 'started' | 'completed',
    actor: AuditActor,
    now: Date,
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const field = what === 'started' ? 'startedAt' : 'completedAt';
      const changed = await tx.reviewStage.updateMany({
        where: { id: stageId, [field]: null },
        data: { [field]: now },
      });
      if (changed.count === 0) return;
      await this.audit.record(
        {
          partnershipId: review.partnershipId,
          actor,
          event: `review-stage.${what}`,
          entityType: 'ReviewStage',
          entityId: stageId,
          channel: 'workflow',
          after: { reviewId: review.id, [field]: now },
        },
        tx,
      );
    });
  }

  /**
   * Emails the gate's approver (or, with none named, the coordinator, to record the body's decision) the
   * secure link for this round, once.
   */
  async ask(gateId: string, round: number): Promise<{ outcome: 'sent' | 'already-sent' }> {
    const row = await this.openRound(gateId, round);
    const { gate } = row;
    const { review } = gate;
    const recipient = gate.approver ?? {
      name: 'Domestic abuse coordinator',
      email: review.partnership.coordinatorEmail,
    };
    const result = await this.outbox.deliverOnce({
      idempotencyKey: `review-gate/${gate.id}/${round}`,
      kind: 'review-gate-request',
      to: recipient.email,
      partnershipId: review.partnership.id,
      render: () =>
        renderEmail(gateRequestEmail, {
          recipientName: recipient.name,
          partnershipName: review.partnership.name,
          reviewTitle: review.title,
          body: gate.body,
          approves: gate.approves,
          kind: gate.kind === 'FORMAL_COMMENT' ? 'formal-comment' : 'approval',
          round,
          note: row.note,
          recordingFor: gate.approver ? null : gate.body,
          link: this.linkFor(row),
          coordinatorEmail: review.partnership.coordinatorEmail,
        }),
      onSent: async (tx) => {
        await tx.gateRound.update({ where: { id: row.id }, data: { askedAt: new Date() } });
        await this.audit.record(
          {
            partnershipId: review.partnership.id,
            actor: { type: 'WORKFLOW', id: strategyReviewWorkflowId(review.strategyId, review.id) },
            event: 'approval-gate.asked',
            entityType: 'ApprovalGate',
            entityId: gate.id,
            channel: 'workflow',
            after: { ref: gate.ref, round, to: recipient.email },
          },
          tx,
        );
      },
    });
    return { outcome: result.outcome };
  }

  /** The round's row, made with its link's token on first asking (a resubmission makes its own). */
  private async openRound(gateId: string, round: number): Promise<GateRoundForPage> {
    const where = { gateId_round: { gateId, round } };
    const existing = await this.prisma.gateRound.findUnique({ where, include: gateRoundForPage });
    if (existing) return existing;
    const id = crypto.randomUUID();
    const nonce = newTokenNonce();
    return this.prisma.gateRound.upsert({
      where,
      create: {
        id,
        gateId,
        round,
        tokenNonce: nonce,
        tokenHash: hashToken(deriveToken(this.config.LINK_SECRET, id, nonce)),
      },
      update: {},
      include: gateRoundForPage,
    });
  }

  linkFor(round: { id: string; tokenNonce: string }): string {
    return `${this.config.PUBLIC_BASE_URL}/g/${deriveToken(this.config.LINK_SECRET, round.id, round.tokenNonce)}`;
  }

  /** The round a link leads to; a round superseded by a resubmission, or a published review, has expired. */
  async lookUp(token: string): Promise<LinkLookup<GateRoundForPage>> {
    if (!looksLikeToken(token)) return { kind: 'unknown' };
    const round = await this.prisma.gateRound.findUnique({
      where: { tokenHash: hashToken(token) },
      include: gateRoundForPage,
    });
    if (!round) return { kind: 'unknown' };
    const latest = round.gate.rounds.at(-1)!;
    if (latest.id !== round.id || round.gate.archivedAt) return { kind: 'expired' };
    return { kind: 'open', request: round };
  }

  /** Records the approver's decision for the round, once; tells the coordinator and the review's workflow. */
  async decide(round: GateRoundForPage, input: GateDecisionInput, now = new Date()): Promise<void> {
    const { gate } = round;
    const { review } = gate;
    await this.prisma.$transaction(async (tx) => {
      const changed = await tx.gateRound.updateMany({
        where: { id: round.id, decision: null },
        data: { ...input, decidedAt: now },
      });
      if (changed.count === 0) throw new GateAlreadyDecided();
      await this.audit.record(
        {
          partnershipId: review.partnership.id,
          // The approver's contact; with none named, the link itself (the coordinator recording a meeting's).
          actor: { type: 'LEAD', id: gate.approverContactId ?? `gate-round/${round.id}` },
          event: 'approval-gate.decided',
          entityType: 'ApprovalGate',
          entityId: gate.id,
          channel: 'form',
          after: { ref: gate.ref, round: round.round, decision: input.decision, decidedBy: input.decidedBy },
        },
        tx,
      );
    });
    await this.outbox.deliverOnce({
      idempotencyKey: `review-gate/${gate.id}/${round.round}/decision`,
      kind: 'review-gate-decision',
      to: review.partnership.coordinatorEmail,
      partnershipId: review.partnership.id,
      render: () =>
        renderEmail(gateDecidedEmail, {
          partnershipName: review.partnership.name,
          reviewTitle: review.title,
          body: gate.body,
          approves: gate.approves,
          ...input,
          decidedAt: now.toISOString(),
        }),
    });
    await this.signal(review);
  }

  /** The coordinator sends back to a gate what it returned with comments: the gate's next round is asked. */
  async resubmit(caller: Caller, reviewId: string, gateId: string, note: string | null): Promise<void> {
    const gate = await this.prisma.approvalGate.findFirst({
      where: { id: gateId, reviewId, archivedAt: null, review: { partnershipId: caller.partnershipId } },
      include: { rounds: { orderBy: { round: 'asc' } }, review: true },
    });
    if (!gate) throw new NotFoundException(`No approval gate ${gateId} in this review`);
    if (gateStatus(gate) !== 'sent-back')
      throw new ConflictException(
        `Gate ${gate.ref} has not sent the review back: there is nothing to resubmit`,
      );
    const round = gate.rounds.at(-1)!.round + 1;
    const id = crypto.randomUUID();
    const nonce = newTokenNonce();
    await this.prisma.$transaction(async (tx) => {
      await tx.gateRound.create({
        data: {
          id,
          gateId,
          round,
          note,
          tokenNonce: nonce,
          tokenHash: hashToken(deriveToken(this.config.LINK_SECRET, id, nonce)),
        },
      });
      await this.audit.record(
        {
          partnershipId: caller.partnershipId,
          actor: callerActor(caller),
          event: 'approval-gate.resubmitted',
          entityType: 'ApprovalGate',
          entityId: gateId,
          channel: 'api',
          after: { ref: gate.ref, round, note },
        },
        tx,
      );
    });
    await this.signal(gate.review);
  }

  /** Tells the review's workflow to read the review again; a lost signal is caught up by its daily reading. */
  async signal(review: { id: string; strategyId: string }): Promise<void> {
    try {
      await this.workflows.changed(review);
    } catch (error) {
      this.logger.warn(`Could not signal review ${review.id}: ${(error as Error).message}`);
    }
  }
}

/** The next London midnight at which a stage without gates ends by its date (its end day has passed). */
function nextDateEnd(
  review: ProgressRecord,
  today: string,
  gatesOf: (stageId: string) => GateRecord[],
): string | null {
  const ends = review.stages
    .filter((s) => !s.completedAt && gatesOf(s.id).length === 0)
    .map((s) => s.endsOn.toISOString().slice(0, 10))
    .filter((day) => day >= today)
    .sort();
  if (!ends.length) return null;
  const next = new Date(`${ends[0]}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return londonMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()).toISOString();
}
