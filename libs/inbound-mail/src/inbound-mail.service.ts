import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@waymark/db';
import { InboundAnswers } from './inbound-answers';
import { InboundLog } from './inbound-log';
import {
  BaseRow,
  InboundChannel,
  InboundResult,
  Matched,
  ReceivedMessage,
  Refusal,
  Refused,
} from './inbound-message';
import { MessageMatcher } from './message-matcher';
import { ReplyReader } from './reply-reader';
import { ReplyRecorder } from './reply-recorder';
import { SenderAuthentication, SenderVerdict, SmtpClient } from './sender-authentication';

const SAME_REPLY = 'The same reply was recorded for this request already';
/** Attachments read from one message, at most: a request needs a workbook and a few evidence files. */
export const MAX_ATTACHMENTS = 20;
/** Why a reply that found its request other than by its own reply address is kept for a person. */
export const NOT_BY_REPLY_ADDRESS =
  'This email did not come back to the reply address of the request email, so nothing was recorded: ' +
  'reply to the request email itself, or use the link in it. The coordinator can see this email.';

/**
 * The one pipeline behind the SMTP listener, the IMAP poller and the webhook: parse the message, match
 * it to a request, check the sender (the address asked, authenticated by its domain), read the reply's new
 * part, record it through the same recorder and validation as the forms, all or nothing, then answer the
 * sender. Only a reply to a request email's own reply address is recorded; one that found its request by a
 * secure-link token or by its thread is kept for the coordinator's triage. Every message is kept (once per
 * Message-ID) in InboundMessage with its outcome; bodies and raw MIME are not kept.
 */
@Injectable()
export class InboundMailService {
  constructor(
    private readonly matcher: MessageMatcher,
    private readonly reader: ReplyReader,
    private readonly recorder: ReplyRecorder,
    private readonly answers: InboundAnswers,
    private readonly log: InboundLog,
    private readonly senders: SenderAuthentication,
  ) {}

  /** `client`: what the SMTP listener knows of the connection (for SPF); the other channels have none. */
  async receive(
    raw: Buffer,
    via: InboundChannel,
    envelopeTo: string[] = [],
    client?: SmtpClient,
  ): Promise<InboundResult> {
    const message = await this.matcher.parse(raw, via);
    if (await this.log.seen(message.base.messageId))
      return { outcome: 'DUPLICATE', inboundId: null, problems: [] };
    if (this.matcher.isAutomatic(message)) return this.log.store({ ...message.base, outcome: 'IGNORED' }, []);

    const matched = await this.matcher.match(message, envelopeTo);
    try {
      if (!matched) throw new Refused({ outcome: 'UNKNOWN', problems: ['No request matches this email'] });
      // The same reply re-sent under a new Message-ID: kept, not recorded again, not answered.
      if (await this.log.recordedBefore(matched.target, message.replyHash))
        return this.log.store({ ...message.base, outcome: 'IGNORED' }, [SAME_REPLY]);
      const verdict = await this.senders.check(raw, message.parsed, message.from, client);
      const inboundId = await this.record(message, matched, verdict);
      await this.answers.answer(inboundId);
      return { outcome: 'RECORDED', inboundId, problems: [] };
    } catch (error) {
      if (error instanceof Refused) return this.refuse(message.base, matched, error.refusal);
      if (isUniqueViolation(error)) return { outcome: 'DUPLICATE', inboundId: null, problems: [] };
      throw error;
    }
  }

  /** Finds the open request(s) the reply answers, reads it, records it; throws Refused when it cannot. */
  private async record(message: ReceivedMessage, matched: Matched, verdict: SenderVerdict): Promise<string> {
    const { target } = matched;
    if ('leadChaseId' in target) {
      const chase = await this.matcher.openChase(target.leadChaseId, message.from);
      admit(message, matched, verdict);
      const reading = await this.reader.readChaseReply(message.parsed, chase);
      return this.recorder.recordChaseReply(message, matched, chase, reading);
    }
    if ('kpiValueRequestId' in target) {
      const request = await this.matcher.openKpiRequest(target.kpiValueRequestId, message.from);
      admit(message, matched, verdict);
      const reading = this.reader.readKpiReply(message.parsed, request);
      return this.recorder.recordKpiReply(message, matched, request, reading);
    }
    if ('providerReturnRequestId' in target) {
      const request = await this.matcher.openProviderRequest(target.providerReturnRequestId, message.from);
      admit(message, matched, verdict);
      const reading = await this.reader.readProviderReply(message.parsed, request);
      return this.recorder.recordProviderReply(message, matched, request, reading);
    }
    const request = await this.matcher.openEngagementRequest(target.engagementRequestId, message.from);
    admit(message, matched, verdict);
    const reading = this.reader.readEngagementReply(message.parsed, request);
    return this.recorder.recordEngagementReply(message, matched, request, reading);
  }

  /** Nothing recorded: keep the message's outline, log it, and tell a known sender why (never an unknown one). */
  private async refuse(base: BaseRow, matched: Matched | null, refusal: Refusal): Promise<InboundResult> {
    const result = await this.log.refused(base, matched, refusal);
    if (result.inboundId) await this.answers.answer(result.inboundId, refusal.example);
    return result;
  }
}

/**
 * What a reply from the address asked must also be before it is read: authenticated by its domain (else it
 * may be forged: kept, never answered), back through its request's own reply address (else kept for the
 * coordinator, the sender told), and with no more than MAX_ATTACHMENTS attachments.
 */
function admit({ parsed }: ReceivedMessage, { matchedBy }: Matched, verdict: SenderVerdict): void {
  if (!verdict.aligned) throw new Refused({ outcome: 'UNKNOWN', problems: [verdict.reason] });
  if (matchedBy !== 'reply-address')
    throw new Refused({ outcome: 'NOT_UNDERSTOOD', problems: [NOT_BY_REPLY_ADDRESS] });
  if (parsed.attachments.length > MAX_ATTACHMENTS)
    throw new Refused({
      outcome: 'NOT_UNDERSTOOD',
      problems: [
        `The email has ${parsed.attachments.length} attachments; at most ${MAX_ATTACHMENTS} are read, so nothing was recorded`,
      ],
    });
}
