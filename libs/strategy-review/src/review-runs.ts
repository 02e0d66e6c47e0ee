import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditLog, callerActor, fieldError } from '@waymark/audit';
import type { PublishReview, StartReview } from '@waymark/contracts';
import { PrismaService } from '@waymark/db';
import { StrategyReviews } from '@waymark/strategies';
import { StrategyReviewWorkflows } from '@waymark/temporal';
import { EngagementRequests } from './engagement-requests';
import { ReviewGates, gateStatus } from './review-gates';
import { StrategyReviewService } from './strategy-review.service';

/**
 * Running a review: the coordinator starts it (its workflow asks, chases and moves it through its gates),
 * follows it, and records the publication that ends it and closes its window of the review clock.
 */
@Injectable()
export class ReviewRuns {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly reviews: StrategyReviewService,
    private readonly requests: EngagementRequests,
    private readonly gates: ReviewGates,
    private readonly workflows: StrategyReviewWorkflows,
    private readonly clock: StrategyReviews,
  ) {}

  /**
   * Starts the review's workflow. Needs at least one approval gate (a review nobody approves cannot end).
   * Starting a running review again only makes sure its workflow runs.
   */
  async start(caller: Caller, reviewId: string, input: StartReview, now = new Date()) {
    const review = await this.reviews.load(caller.partnershipId, reviewId);
    if (review.state !== 'PLANNING' && review.state !== 'RUNNING')
      throw new ConflictException(`The review is ${review.state.toLowerCase()}: it has run already`);
    if (!review.gates.some((g) => !g.archivedAt && g.kind === 'APPROVAL'))
      throw new UnprocessableEntityException(
        fieldError(
          'gates',
          'Add at least one approval gate first: someone must approve the reviewed strategy',
        ),
      );
    if (input.respondBy && new Date(input.respondBy) <= now)
      throw new UnprocessableEntityException(fieldError('respondBy', 'respondBy must be in the future'));
    if (review.state === 'PLANNING')
      await this.prisma.$transaction(async (tx) => {
        const changed = await tx.strategyReview.updateMany({
          where: { id: reviewId, state: 'PLANNING' },
          data: { state: 'RUNNING', startedAt: now, startedBy: caller.userId },
        });
        if (changed.count === 0) return;
        await this.audit.record(
          {
            partnershipId: caller.partnershipId,
            actor: callerActor(caller),
            event: 'strategy-review.started',
            entityType: 'StrategyReview',
            entityId: reviewId,
            channel: 'api',
            after: { state: 'RUNNING', respondBy: input.respondBy ?? null },
          },
          tx,
        );
      });
    const started = await this.workflows.start({
      partnershipId: caller.partnershipId,
      strategyId: review.strategyId,
      reviewId,
      startedBy: caller.userId,
      ...(input.respondBy ? { respondBy: input.respondBy } : {}),
    });
    return { ...(await this.progress(caller.partnershipId, reviewId)), started };
  }

  /**
   * Records the publication of the reviewed strategy (reviewed unchanged, altered, or replaced): the
   * strategy's publication history gains it, which closes this window of the review clock, and the
   * review's workflow ends. Only once every gate has passed.
   */
  async publish(caller: Caller, reviewId: string, input: PublishReview, now = new Date()) {
    const review = await this.reviews.load(caller.partnershipId, reviewId);
    if (review.state === 'PUBLISHED')
      throw new ConflictException('The publication of this review is recorded already');
    if (review.state !== 'APPROVED')
      throw new ConflictException(
        'Every gate must pass before the publication is recorded: the review is not approved yet',
      );
    await this.clock.record(
      caller,
      review.strategyId,
      { ...input, note: input.note ?? `Review: ${review.title}` },
      now,
      async (tx, publication) => {
        const changed = await tx.strategyReview.updateMany({
          where: { id: reviewId, state: 'APPROVED' },
          data: { state: 'PUBLISHED', publicationId: publication.id },
        });
        if (changed.count === 0) throw new ConflictException('The review changed meanwhile: try again');
        await tx.reviewStage.updateMany({
          where: { reviewId, completedAt: null },
          data: { completedAt: now },
        });
        await this.audit.record(
          {
            partnershipId: caller.partnershipId,
            actor: callerActor(caller),
            event: 'strategy-review.published',
            entityType: 'StrategyReview',
            entityId: reviewId,
            channel: 'api',
            after: { state: 'PUBLISHED', publicationId: publication.id },
          },
          tx,
        );
      },
    );
    await this.gates.signal(review);
    return this.progress(caller.partnershipId, reviewId);
  }

  /** Where the review stands: stages, gates with their rounds, engagement requests, and its workflow. */
  async progress(partnershipId: string, reviewId: string) {
    const review = await this.reviews.load(partnershipId, reviewId);
    const rounds = await this.prisma.gateRound.findMany({
      where: { gate: { reviewId } },
      orderBy: [{ gateId: 'asc' }, { round: 'asc' }],
    });
    const publication = review.publicationId
      ? await this.prisma.strategyPublication.findUnique({ where: { id: review.publicationId } })
      : null;
    return {
      id: review.id,
      state: review.state,
      startedAt: review.startedAt,
      stages: review.stages
        .filter((s) => !s.archivedAt)
        .map((s) => ({ key: s.key, name: s.name, startedAt: s.startedAt, completedAt: s.completedAt })),
      gates: review.gates
        .filter((g) => !g.archivedAt)
        .map((g) => {
          const theirs = rounds.filter((r) => r.gateId === g.id);
          return {
            id: g.id,
            ref: g.ref,
            body: g.body,
            status: gateStatus({ rounds: theirs }),
            rounds: theirs.map((r) => ({
              round: r.round,
              note: r.note,
              askedAt: r.askedAt,
              decision: r.decision,
              decidedBy: r.decidedBy,
              comments: r.comments,
              conditions: r.conditions,
              decidedAt: r.decidedAt,
            })),
          };
        }),
      requests: await this.requests.requests(partnershipId, reviewId),
      publication: publication && {
        publishedOn: publication.publishedOn.toISOString().slice(0, 10),
        kind: publication.kind,
        url: publication.url,
      },
      workflow: review.startedAt ? await this.workflows.state(review).catch(() => null) : null,
    };
  }
}
