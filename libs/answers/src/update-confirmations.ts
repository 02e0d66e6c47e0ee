import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaService, Update } from '@waymark/db';
import { Outbox, renderEmail, updateConfirmationEmail } from '@waymark/mail';
import { RequestForForm, UpdateRequestsService } from '@waymark/update-requests';
import { RecordedAnswers } from './recorded-answers';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The form sends the confirmation itself within this time; later, the housekeeping sweep does. */
const SEND_WINDOW_MS = 60 * 1000;

const confirmationKey = (update: { id: string }) => `update/${update.id}/confirmation`;

/** The email that tells a lead what their form answer recorded: once per update, however often tried. */
@Injectable()
export class UpdateConfirmations implements OnModuleDestroy {
  private readonly logger = new Logger(UpdateConfirmations.name);
  /** Confirmations being sent after their answer was acknowledged. */
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly requests: UpdateRequestsService,
    private readonly recordedAnswers: RecordedAnswers,
    private readonly outbox: Outbox,
    private readonly prisma: PrismaService,
  ) {}

  /**
   * Sends the confirmations that a failed send or a crash between recording and sending left unsent:
   * form updates of the day before `asOf`, on requests still open, whose confirmation is not marked
   * sent. One page of `size` updates (by id) after `after`; returns the updates confirmed and where the
   * next page starts (null after the last).
   */
  async confirmUnsent(page: {
    asOf: Date;
    after: string | null;
    size: number;
  }): Promise<{ done: string[]; next: string | null }> {
    const now = page.asOf.getTime();
    const updates = await this.prisma.update.findMany({
      where: {
        channel: 'FORM',
        updateRequest: { is: { state: 'ANSWERED', expiresAt: { gt: page.asOf } } },
        submittedAt: { gte: new Date(now - DAY_MS), lte: new Date(now - SEND_WINDOW_MS) },
        ...(page.after ? { id: { gt: page.after } } : {}),
      },
      orderBy: { id: 'asc' },
      take: page.size,
    });
    const sent = await this.prisma.outboundEmail.findMany({
      where: { idempotencyKey: { in: updates.map(confirmationKey) }, status: 'SENT' },
      select: { idempotencyKey: true },
    });
    const done = new Set(sent.map((row) => row.idempotencyKey));
    const confirmed: string[] = [];
    for (const update of updates) {
      if (done.has(confirmationKey(update))) continue;
      await this.confirm(await this.requests.getForForm(update.updateRequestId as string), update);
      confirmed.push(update.id);
    }
    return { done: confirmed, next: updates.length === page.size ? updates[updates.length - 1].id : null };
  }

  /**
   * Sends the confirmation of an update just recorded without the lead waiting for it: SMTP took most of a
   * form answer's time (docs/benchmarks.md, deadline-day rush). A send that fails, or that a stopping
   * process cuts short, is sent by the housekeeping sweep (`confirmUnsent`).
   */
  confirmSoon(request: RequestForForm, updateId: string): void {
    const sending: Promise<void> = this.prisma.update
      .findUniqueOrThrow({ where: { id: updateId } })
      .then((update) => this.confirm(request, update))
      .catch((error: Error) =>
        this.logger.warn(`Could not email the confirmation of update ${updateId}: ${error.message}`),
      )
      .finally(() => this.sending.delete(sending));
    this.sending.add(sending);
  }

  /** A stopping API lets the confirmations under way finish (each catches its own failure). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  /** Emails the lead what was recorded: once per update, however often this is called. */
  private async confirm(request: RequestForForm, update: Update): Promise<void> {
    const { action } = request;
    const formUrl = this.requests.linkForRequest(request);
    await this.outbox.deliverOnce({
      idempotencyKey: confirmationKey(update),
      kind: 'update-confirmation',
      to: request.leadContact.email,
      partnershipId: request.partnershipId,
      updateRequestId: request.id,
      render: async () =>
        renderEmail(updateConfirmationEmail, {
          ...(await this.recordedAnswers.recorded(request, update)),
          leadName: request.leadContact.name,
          partnershipName: action.strategy.partnership.name,
          coordinatorEmail: action.strategy.partnership.coordinatorEmail,
          action: { ref: action.ref, title: action.title },
          periodKey: request.periodKey,
          formUrl,
        }),
    });
  }
}
