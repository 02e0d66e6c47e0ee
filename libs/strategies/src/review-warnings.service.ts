import { Injectable } from '@nestjs/common';
import { PrismaService } from '@waymark/db';
import { Outbox, renderEmail, reviewDueEmail } from '@waymark/mail';
import { StrategyReviews } from './strategy-reviews.service';

/**
 * Warns the coordinator and the board chair that a strategy's review falls due: 12, 6 and 3 months before
 * its window closes, and when a window closed with no review (SI 2021/990 reg 4). Each warning goes once per
 * window and recipient (outbox key `review-warning/<strategy>/<window>/<status>/<email>`), however often the
 * housekeeping run asks.
 */
@Injectable()
export class ReviewWarnings {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reviews: StrategyReviews,
    private readonly outbox: Outbox,
  ) {}

  /** Sends the warning the strategy is due, if any; true when one went to anybody. */
  async warn(strategyId: string, asOf: Date): Promise<boolean> {
    const strategy = await this.prisma.strategy.findUniqueOrThrow({
      where: { id: strategyId },
      include: { partnership: true },
    });
    const { clock } = await this.reviews.state(strategy.partnershipId, strategyId, asOf);
    if (!clock || clock.status === 'open' || clock.status === 'reviewed') return false;
    const chairs = await this.prisma.boardMember.findMany({
      where: {
        isChair: true,
        archivedAt: null,
        board: { partnershipId: strategy.partnershipId, archivedAt: null },
      },
      include: { contact: true },
    });
    const recipients = [
      { name: 'Domestic abuse coordinator', email: strategy.partnership.coordinatorEmail },
      ...chairs.map((c) => ({ name: c.contact.name, email: c.contact.email })),
    ];
    let sent = false;
    for (const recipient of recipients) {
      const result = await this.outbox.deliverOnce({
        idempotencyKey: `review-warning/${strategyId}/${clock.window.number}/${clock.status}/${recipient.email}`,
        kind: 'review-warning',
        to: recipient.email,
        partnershipId: strategy.partnershipId,
        render: () =>
          renderEmail(reviewDueEmail, {
            recipientName: recipient.name,
            partnershipName: strategy.partnership.name,
            strategyTitle: strategy.title,
            firstPublishedOn: clock.firstPublishedOn,
            window: { start: clock.window.start, end: clock.window.end },
            status: clock.status as 'overdue',
            missed: clock.missed.map((w) => ({ start: w.start, end: w.end })),
            coordinatorEmail: strategy.partnership.coordinatorEmail,
          }),
      });
      sent ||= result.outcome === 'sent';
    }
    return sent;
  }
}
