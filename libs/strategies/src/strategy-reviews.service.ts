import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor, fieldError } from '@waymark/audit';
import { londonIsoDate } from '@waymark/calendar';
import { RecordPublication } from '@waymark/contracts';
import { Prisma, PrismaService, StrategyPublication } from '@waymark/db';
import { ReviewClock, reviewClock } from './review-clock';
import { StrategiesService } from './strategies.service';

const day = (date: Date) => date.toISOString().slice(0, 10);

export interface StrategyReviewState {
  strategyId: string;
  /** Null until the strategy's first publication date is recorded (or before that date). */
  clock: ReviewClock | null;
  publications: StrategyPublication[];
}

/**
 * The strategy's statutory review clock (SI 2021/990 reg 4), from its first publication and the reviews
 * recorded since, each with what was published after it.
 */
@Injectable()
export class StrategyReviews {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
    private readonly strategies: StrategiesService,
  ) {}

  async state(partnershipId: string, strategyId: string, now = new Date()): Promise<StrategyReviewState> {
    const strategy = await this.strategies.get(partnershipId, strategyId);
    const publications = await this.prisma.strategyPublication.findMany({
      where: { strategyId },
      orderBy: { publishedOn: 'asc' },
    });
    const clock = strategy.firstPublishedOn
      ? reviewClock(
          day(strategy.firstPublishedOn),
          publications.map((p) => day(p.publishedOn)),
          londonIsoDate(now),
        )
      : null;
    return { strategyId, clock, publications };
  }

  /** Records a review and its publication; it must fall between first publication and today. */
  async record(
    caller: Caller,
    strategyId: string,
    input: RecordPublication,
    now = new Date(),
    /** More to write in the same transaction (e.g. the review this publication ends). */
    alongside?: (tx: Prisma.TransactionClient, publication: { id: string }) => Promise<void>,
  ): Promise<StrategyReviewState> {
    const strategy = await this.strategies.get(caller.partnershipId, strategyId);
    const refuse = (message: string) => new UnprocessableEntityException(fieldError('publishedOn', message));
    if (!strategy.firstPublishedOn)
      throw refuse("Record the strategy's first publication date (firstPublishedOn) first");
    if (input.publishedOn <= day(strategy.firstPublishedOn))
      throw refuse(
        `A review's publication must come after the first publication (${day(strategy.firstPublishedOn)})`,
      );
    if (input.publishedOn > londonIsoDate(now)) throw refuse('A publication cannot be in the future');
    await this.writes.run(
      {
        partnershipId: caller.partnershipId,
        actor: callerActor(caller),
        event: 'strategy.publication-recorded',
        entityType: 'StrategyPublication',
        conflict: { field: 'publishedOn', message: 'A publication is already recorded on that day' },
      },
      async (tx) => {
        const publication = await tx.strategyPublication.create({
          data: { ...input, strategyId, publishedOn: new Date(`${input.publishedOn}T00:00:00Z`) },
        });
        await alongside?.(tx, publication);
        return { after: publication };
      },
    );
    return this.state(caller.partnershipId, strategyId, now);
  }
}
