import { Injectable } from '@nestjs/common';
import { PrismaService, Update } from '@waymark/db';
import { Outbox, renderEmail, updateConfirmationEmail } from '@waymark/mail';
import { RequestForForm, UpdateRequestsService } from '@waymark/update-requests';
import { RecordedAnswers } from './recorded-answers';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The form sends the confirmation itself within this time; later, the housekeeping sweep does. */
const SEND_WINDOW_MS = 60 * 1000;

const confirmationKey = (update: { id: string }) => `update/${update.id}/confirmation`;

/** The email that tells a lead what their form answer recorded: once per update, however often it is tried. */
@Injectable()
export class UpdateConfirmations {
  constructor(
    private readonly requests: UpdateRequestsService,
    private readonly recordedAnswers: RecordedAnswers,
    private readonly outbox: Outbox,
    private readonly prisma: PrismaService,
  ) {}

  /**
   * Sends the confirmations that a failed send or a crash between recording and sending left unsent:
   * form updates of the last day, on requests still open, whose confirmation is not marked sent, at
   * most 200 a call. Returns how many it sent.
   */
  async confirmUnsent(now = new Date()): Promise<number> {
    const updates = await this.prisma.update.findMany({
      where: {
        channel: 'FORM',
        updateRequest: { is: { state: 'ANSWERED', expiresAt: { gt: now } } },
        submittedAt: { gte: new Date(now.getTime() - DAY_MS), lte: new Date(now.getTime() - SEND_WINDOW_MS) },
      },
      orderBy: { submittedAt: 'asc' },
      take: 200,
    });
    const sent = await this.prisma.outboundEmail.findMany({
      where: { idempotencyKey: { in: updates.map(confirmationKey) }, status: 'SENT' },
      select: { idempotencyKey: true },
    });
    const done = new Set(sent.map((row) => row.idempotencyKey));
    let count = 0;
    for (const update of updates) {
      if (done.has(confirmationKey(update))) continue;
      await this.confirm(await this.requests.getForForm(update.updateRequestId as string), update);
      count += 1;
    }
    return count;
  }

  /** The confirmation of an update just recorded. */
  async confirmRecorded(request: RequestForForm, updateId: string): Promise<void> {
    await this.confirm(request, await this.prisma.update.findUniqueOrThrow({ where: { id: updateId } }));
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
