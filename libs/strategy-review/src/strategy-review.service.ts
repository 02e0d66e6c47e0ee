import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { z } from 'zod';
import type { Caller } from '@waymark/access';
import { AuditedWrites, AuditedWrite, callerActor, fieldError, unknownReference } from '@waymark/audit';
import { londonIsoDate } from '@waymark/calendar';
import {
  CreateApprovalGate,
  CreateEngagementActivity,
  CreateReviewStage,
  CreateStrategyReview,
  MarkPrecondition,
  ReorderGates,
  UpdateApprovalGate,
  UpdateEngagementActivity,
  UpdateReviewStage,
  UpdateStrategyReview,
  createApprovalGateSchema,
  createEngagementActivitySchema,
  createReviewStageSchema,
} from '@waymark/contracts';
import { PrismaService } from '@waymark/db';
import { Outbox, renderEmail, reviewProposedEmail } from '@waymark/mail';
import {
  StrategiesService,
  StrategyReviews,
  addMonths,
  reviewClock,
  reviewWindow,
} from '@waymark/strategies';
import type { ActivityData, GateData } from './plan-sheets';
import { ReviewGates } from './review-gates';
import {
  ReviewPlanView,
  ReviewRecord,
  activityColumns,
  gateColumns,
  planState,
  planView,
  reviewInclude,
  setPreconditions,
  stageColumns,
  toDate,
} from './review-records';

type Part = 'stages' | 'activities' | 'gates';
const ENTITY: Record<Part, { type: string; event: string; ref: string }> = {
  stages: { type: 'ReviewStage', event: 'review-stage', ref: 'key' },
  activities: { type: 'EngagementActivity', event: 'engagement-activity', ref: 'ref' },
  gates: { type: 'ApprovalGate', event: 'approval-gate', ref: 'ref' },
};

/** Waymark opens a review itself this long before its window closes: a review takes about a year. */
export const PROPOSE_MONTHS_BEFORE = 15;

/** A whole record, checked with its create contract: a change is checked as the record it makes. */
function whole<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  throw new UnprocessableEntityException({ message: errors[0].message, errors });
}

/**
 * A strategy review's plan as data: its stages, the groups engaged and the chain of approval gates, each
 * created and changed by the admin API (and by a spreadsheet, ReviewPlanImport), audited, scoped to the
 * caller's partnership. Nothing is deleted: stages, activities and gates are archived.
 */
@Injectable()
export class StrategyReviewService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
    private readonly strategies: StrategiesService,
    private readonly gates: ReviewGates,
    private readonly clock: StrategyReviews,
    private readonly outbox: Outbox,
  ) {}

  /** Opens a review of the strategy for one window of its review clock (the current one unless said). */
  async create(
    caller: Caller,
    strategyId: string,
    input: CreateStrategyReview,
    now = new Date(),
  ): Promise<ReviewPlanView> {
    const strategy = await this.strategies.get(caller.partnershipId, strategyId);
    const refuse = (field: string, message: string) =>
      new UnprocessableEntityException(fieldError(field, message));
    if (!strategy.firstPublishedOn)
      throw refuse(
        'firstPublishedOn',
        "Record the strategy's first publication date (firstPublishedOn) first: the review answers its clock",
      );
    const first = strategy.firstPublishedOn.toISOString().slice(0, 10);
    const current = reviewClock(first, [], londonIsoDate(now))?.window.number ?? 0;
    const number = input.windowNumber ?? current;
    if (number > current + 1)
      throw refuse(
        'windowNumber',
        `The review clock is in window ${current}: a review answers it or the next`,
      );
    const window = reviewWindow(first, number);
    const open = await this.prisma.strategyReview.findFirst({
      where: { strategyId, windowNumber: number, archivedAt: null },
    });
    if (open)
      throw new ConflictException(
        fieldError('windowNumber', `The review "${open.title}" already answers window ${number}`),
      );
    const created = await this.writes.run(
      this.write(caller, 'strategy-review.created', 'StrategyReview', 'title'),
      async (tx) => ({
        after: await tx.strategyReview.create({
          data: {
            partnershipId: caller.partnershipId,
            strategyId,
            title: input.title,
            windowNumber: number,
            windowStart: toDate(window.start)!,
            windowEnd: toDate(window.end)!,
            createdBy: caller.userId,
          },
        }),
      }),
    );
    return this.get(caller.partnershipId, created.id);
  }

  /**
   * Opens a review of the strategy's current window PROPOSE_MONTHS_BEFORE months before the window closes,
   * unless the window is reviewed or a review answers it already, and tells the coordinator once. Nothing
   * is asked of anyone until the coordinator plans and starts it. True when it proposed one.
   */
  async propose(strategyId: string, now = new Date()): Promise<boolean> {
    const strategy = await this.prisma.strategy.findUniqueOrThrow({
      where: { id: strategyId },
      include: { partnership: true },
    });
    if (!strategy.firstPublishedOn || strategy.archivedAt) return false;
    const { clock } = await this.clock.state(strategy.partnershipId, strategyId, now);
    if (!clock || clock.status === 'reviewed') return false;
    if (addMonths(clock.window.end, -PROPOSE_MONTHS_BEFORE) > londonIsoDate(now)) return false;
    const answering = await this.prisma.strategyReview.count({
      where: { strategyId, windowNumber: clock.window.number, archivedAt: null },
    });
    if (answering) return false;
    const title = `Review of ${strategy.title} (due by ${clock.window.end})`;
    const review = await this.writes.run(
      {
        partnershipId: strategy.partnershipId,
        actor: { type: 'SYSTEM', id: 'review-proposal' },
        event: 'strategy-review.proposed',
        entityType: 'StrategyReview',
        channel: 'workflow',
        conflict: { field: 'windowNumber', message: 'A review answers this window already' },
      },
      async (tx) => ({
        after: await tx.strategyReview.create({
          data: {
            partnershipId: strategy.partnershipId,
            strategyId,
            title,
            windowNumber: clock.window.number,
            windowStart: toDate(clock.window.start)!,
            windowEnd: toDate(clock.window.end)!,
            createdBy: 'waymark',
          },
        }),
      }),
    );
    await this.outbox.deliverOnce({
      idempotencyKey: `review-proposed/${strategyId}/${clock.window.number}`,
      kind: 'review-proposed',
      to: strategy.partnership.coordinatorEmail,
      partnershipId: strategy.partnershipId,
      render: () =>
        renderEmail(reviewProposedEmail, {
          partnershipName: strategy.partnership.name,
          strategyTitle: strategy.title,
          reviewTitle: title,
          reviewId: review.id,
          window: { start: clock.window.start, end: clock.window.end },
        }),
    });
    return true;
  }

  async list(partnershipId: string, strategyId: string): Promise<ReviewPlanView[]> {
    await this.strategies.get(partnershipId, strategyId);
    const reviews = await this.prisma.strategyReview.findMany({
      where: { partnershipId, strategyId, archivedAt: null },
      include: reviewInclude,
      orderBy: [{ windowNumber: 'asc' }, { createdAt: 'asc' }],
    });
    return reviews.map(planView);
  }

  async get(partnershipId: string, id: string): Promise<ReviewPlanView> {
    return planView(await this.load(partnershipId, id));
  }

  /** The review with all its records, archived ones included; 404 unless it is the partnership's. */
  async load(partnershipId: string, id: string): Promise<ReviewRecord> {
    const review = await this.prisma.strategyReview.findFirst({
      where: { id, partnershipId },
      include: reviewInclude,
    });
    if (!review) throw new NotFoundException(`No strategy review ${id}`);
    return review;
  }

  async update(caller: Caller, id: string, input: UpdateStrategyReview): Promise<ReviewPlanView> {
    const before = await this.load(caller.partnershipId, id);
    await this.writes.run(
      this.write(caller, 'strategy-review.updated', 'StrategyReview', 'title'),
      async (tx) => ({
        before: { ...before, stages: undefined, activities: undefined, gates: undefined },
        after: await tx.strategyReview.update({ where: { id }, data: input }),
      }),
    );
    return this.get(caller.partnershipId, id);
  }

  // ----- stages -----

  async addStage(caller: Caller, reviewId: string, input: CreateReviewStage): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    await this.writes.run(this.partWrite(caller, 'stages', 'created'), async (tx) => ({
      after: await tx.reviewStage.create({
        data: { ...stageColumns(input), reviewId, position: nextPosition(review.stages) },
      }),
    }));
    return this.get(caller.partnershipId, reviewId);
  }

  async updateStage(
    caller: Caller,
    reviewId: string,
    stageId: string,
    patch: UpdateReviewStage,
  ): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const before = live(review.stages, stageId, 'stage');
    const {
      id: _id,
      archived: _archived,
      ...current
    } = planState(review, []).stages.find((s) => s.id === stageId)!;
    const data = whole(createReviewStageSchema, { ...current, ...patch });
    await this.writes.run(this.partWrite(caller, 'stages', 'updated'), async (tx) => ({
      before,
      after: await tx.reviewStage.update({ where: { id: stageId }, data: stageColumns(data) }),
    }));
    return this.get(caller.partnershipId, reviewId);
  }

  async archiveStage(caller: Caller, reviewId: string, stageId: string): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const before = found(review.stages, stageId, 'stage');
    const inIt = review.activities.filter((a) => a.stageId === stageId && !a.archivedAt).map((a) => a.ref);
    if (!before.archivedAt && inIt.length)
      throw new ConflictException(
        fieldError('stageId', `Move or archive the activities in this stage first (${inIt.join(', ')})`),
      );
    await this.writes.archive(this.partWrite(caller, 'stages', 'archived'), before, (tx, data) =>
      tx.reviewStage.update({ where: { id: stageId }, data }),
    );
    return this.get(caller.partnershipId, reviewId);
  }

  // ----- engagement activities -----

  async addActivity(
    caller: Caller,
    reviewId: string,
    input: CreateEngagementActivity,
  ): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const stageIds = await this.checkActivity(caller.partnershipId, review, input);
    await this.writes.run(this.partWrite(caller, 'activities', 'created'), async (tx) => ({
      after: await tx.engagementActivity.create({
        data: { ...activityColumns(input, stageIds), reviewId, position: nextPosition(review.activities) },
      }),
    }));
    return this.get(caller.partnershipId, reviewId);
  }

  async updateActivity(
    caller: Caller,
    reviewId: string,
    activityId: string,
    patch: UpdateEngagementActivity,
  ): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const before = live(review.activities, activityId, 'engagement activity');
    const {
      id: _id,
      archived: _archived,
      ...current
    } = planState(review, []).activities.find((a) => a.id === activityId)!;
    const data = whole(createEngagementActivitySchema, { ...current, ...patch });
    const stageIds = await this.checkActivity(caller.partnershipId, review, data);
    await this.writes.run(this.partWrite(caller, 'activities', 'updated'), async (tx) => ({
      before: { ...before, contact: undefined, stage: undefined },
      after: await tx.engagementActivity.update({
        where: { id: activityId },
        data: activityColumns(data, stageIds),
      }),
    }));
    return this.get(caller.partnershipId, reviewId);
  }

  async archiveActivity(caller: Caller, reviewId: string, activityId: string): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const {
      contact: _contact,
      stage: _stage,
      ...before
    } = found(review.activities, activityId, 'engagement activity');
    await this.writes.archive(this.partWrite(caller, 'activities', 'archived'), before, (tx, data) =>
      tx.engagementActivity.update({ where: { id: activityId }, data }),
    );
    return this.get(caller.partnershipId, reviewId);
  }

  // ----- approval gates -----

  async addGate(caller: Caller, reviewId: string, input: CreateApprovalGate): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    await this.checkContact(caller.partnershipId, 'approverContactId', input.approverContactId);
    const stageIds = this.checkStage(review, input.stageKey);
    await this.writes.run(this.partWrite(caller, 'gates', 'created'), async (tx) => {
      const gate = await tx.approvalGate.create({
        data: { ...gateColumns(input, stageIds), reviewId, position: nextPosition(review.gates) },
      });
      await setPreconditions(tx, gate.id, input.preconditions);
      return { after: { ...gate, preconditions: input.preconditions } };
    });
    return this.get(caller.partnershipId, reviewId);
  }

  async updateGate(
    caller: Caller,
    reviewId: string,
    gateId: string,
    patch: UpdateApprovalGate,
  ): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const before = live(review.gates, gateId, 'approval gate');
    const {
      id: _id,
      archived: _archived,
      ...current
    } = planState(review, []).gates.find((g) => g.id === gateId)!;
    const data: GateData = whole(createApprovalGateSchema, { ...current, ...patch });
    await this.checkContact(caller.partnershipId, 'approverContactId', data.approverContactId);
    const stageIds = this.checkStage(review, data.stageKey);
    await this.writes.run(this.partWrite(caller, 'gates', 'updated'), async (tx) => {
      const gate = await tx.approvalGate.update({
        where: { id: gateId },
        data: gateColumns(data, stageIds),
      });
      await setPreconditions(tx, gateId, data.preconditions);
      return {
        before: { ...before, approver: undefined, stage: undefined },
        after: { ...gate, preconditions: data.preconditions },
      };
    });
    return this.get(caller.partnershipId, reviewId);
  }

  async archiveGate(caller: Caller, reviewId: string, gateId: string): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const { approver: _approver, stage: _stage, ...before } = found(review.gates, gateId, 'approval gate');
    await this.writes.archive(this.partWrite(caller, 'gates', 'archived'), before, (tx, data) =>
      tx.approvalGate.update({ where: { id: gateId }, data, include: { preconditions: true } }),
    );
    return this.get(caller.partnershipId, reviewId);
  }

  /** Puts the live gates in the order given: every live gate's ref, once. */
  async reorderGates(caller: Caller, reviewId: string, input: ReorderGates): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const gates = review.gates.filter((g) => !g.archivedAt);
    const refs = gates.map((g) => g.ref);
    const unknown = input.refs.filter((r) => !refs.includes(r));
    const missing = refs.filter((r) => !input.refs.includes(r));
    if (unknown.length || missing.length)
      throw new UnprocessableEntityException(
        fieldError(
          'refs',
          [
            unknown.length ? `No live gate ${unknown.join(', ')}` : '',
            missing.length ? `Give every live gate: ${missing.join(', ')} left out` : '',
          ]
            .filter(Boolean)
            .join('; '),
        ),
      );
    await this.writes.run(
      this.write(caller, 'strategy-review.gates-reordered', 'StrategyReview', 'refs'),
      async (tx) => {
        for (const [position, ref] of input.refs.entries()) {
          const gate = gates.find((g) => g.ref === ref)!;
          if (gate.position !== position)
            await tx.approvalGate.update({ where: { id: gate.id }, data: { position } });
        }
        return { before: { id: reviewId, gates: refs }, after: { id: reviewId, gates: input.refs } };
      },
    );
    return this.get(caller.partnershipId, reviewId);
  }

  /** A gate's precondition marked met (now, by the caller) or not met after all. */
  async markPrecondition(
    caller: Caller,
    reviewId: string,
    gateId: string,
    preconditionId: string,
    input: MarkPrecondition,
    now = new Date(),
  ): Promise<ReviewPlanView> {
    const review = await this.load(caller.partnershipId, reviewId);
    const gate = live(review.gates, gateId, 'approval gate');
    const before = gate.preconditions.find((p) => p.id === preconditionId);
    if (!before) throw new NotFoundException(`No precondition ${preconditionId} of gate ${gate.ref}`);
    await this.writes.run(
      this.write(
        caller,
        input.met ? 'gate-precondition.met' : 'gate-precondition.unmet',
        'GatePrecondition',
        'met',
      ),
      async (tx) => ({
        before,
        after: await tx.gatePrecondition.update({
          where: { id: preconditionId },
          data: input.met
            ? { metAt: now, metBy: caller.userId, metNote: input.note }
            : { metAt: null, metBy: null, metNote: input.note },
        }),
      }),
    );
    // A running review's workflow asks the gate once its preconditions are met.
    await this.gates.signal(review);
    return this.get(caller.partnershipId, reviewId);
  }

  /** The live contact (or 422 naming the field), and the review's live stage ids by key (or 422). */
  private async checkActivity(
    partnershipId: string,
    review: ReviewRecord,
    data: Pick<ActivityData, 'contactId' | 'stageKey'>,
  ): Promise<Map<string, string>> {
    await this.checkContact(partnershipId, 'contactId', data.contactId);
    return this.checkStage(review, data.stageKey);
  }

  /** The review's live stage ids by key, or 422 when `stageKey` names none of them. */
  private checkStage(review: ReviewRecord, stageKey: string | null): Map<string, string> {
    const stageIds = new Map(review.stages.filter((s) => !s.archivedAt).map((s) => [s.key, s.id]));
    if (stageKey && !stageIds.has(stageKey))
      throw new UnprocessableEntityException(fieldError('stageKey', `No stage "${stageKey}" in this review`));
    return stageIds;
  }

  private async checkContact(partnershipId: string, field: string, id: string | null): Promise<void> {
    if (!id) return;
    const count = await this.prisma.contact.count({ where: { id, partnershipId, archivedAt: null } });
    if (count === 0) throw unknownReference(field, 'contact');
  }

  private partWrite(caller: Caller, part: Part, what: string): AuditedWrite {
    const { type, event, ref } = ENTITY[part];
    return this.write(caller, `${event}.${what}`, type, ref);
  }

  private write(caller: Caller, event: string, entityType: string, field: string): AuditedWrite {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event,
      entityType,
      conflict: { field, message: `The review already has one with that ${field}` },
    };
  }
}

/** After the last, archived ones included, so that a new record always comes last. */
export function nextPosition(list: readonly { position: number }[]): number {
  return list.reduce((max, x) => Math.max(max, x.position + 1), 0);
}

function found<T extends { id: string }>(list: readonly T[], id: string, what: string): T {
  const record = list.find((x) => x.id === id);
  if (!record) throw new NotFoundException(`No ${what} ${id} in this review`);
  return record;
}

function live<T extends { id: string; archivedAt: Date | null }>(
  list: readonly T[],
  id: string,
  what: string,
): T {
  const record = found(list, id, what);
  if (record.archivedAt) throw new ConflictException(`The ${what} is archived`);
  return record;
}
