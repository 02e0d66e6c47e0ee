import { ParsedMail } from 'mailparser';
import { LeadUpdate } from '@waymark/contracts';
import { InboundOutcome, PrismaService } from '@waymark/db';
import { ReplyTarget } from '@waymark/mail';
import { ReadLines } from './reply-fields';

// What the inbound pipeline's parts (match, read, record, answer) pass one another.

export type InboundChannel = 'smtp' | 'imap' | 'webhook';

export interface InboundResult {
  outcome: InboundOutcome | 'DUPLICATE';
  inboundId: string | null;
  problems: string[];
}

/** The outline of a message kept in InboundMessage (never its body or raw MIME). */
export type BaseRow = { messageId: string; receivedVia: string; fromAddress: string; subject: string };

/** A message as received: parsed, its outline, and its sender's address (lower case). */
export interface ReceivedMessage {
  parsed: ParsedMail;
  base: BaseRow;
  from: string;
  /**
   * A hash of the reply's new part (spacing ignored) and its attachments: the same answer re-sent under a
   * new Message-ID has the same one, and is not recorded twice for a request.
   */
  replyHash: string;
}

export interface Matched {
  target: ReplyTarget;
  matchedBy: 'reply-address' | 'token' | 'thread';
}

export interface Refusal {
  outcome: 'UNKNOWN' | 'CLOSED' | 'NOT_UNDERSTOOD';
  problems: string[];
  example?: string[];
  fields?: unknown;
}

/** Nothing is recorded: the message is kept with its outcome, and the sender told why. */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.problems.join('; '));
  }
}

/** A reply matched but not read: the problems, the example the answer shows, and the lines read. */
export function notUnderstood(problems: string[], example: string[], fields: unknown): Refused {
  return new Refused({ outcome: 'NOT_UNDERSTOOD', problems, example, fields });
}

/** Bytes that are not an email at all: refused at the door, nothing stored. */
export class UnreadableMessage extends Error {}

/** One action's update read from a reply: from its text (EMAIL_REPLY) or its workbook (SPREADSHEET). */
export interface ReadUpdate {
  ref: string;
  update: LeadUpdate;
  lines: ReadLines;
  channel: 'EMAIL_REPLY' | 'SPREADSHEET';
}

export const LEAD_EXAMPLE = (ref: string) => [
  `Action ${ref}`,
  'Status: on track',
  'Progress: 60%',
  'New date: 31/3/2027',
  'Reason: the provider started late',
  'Blockers: none',
  'A sentence or two on progress.',
];

export const kpiExample = (codes: string[]) => codes.map((code, i) => `${code}: ${40 + i}`);

/** An engagement reply answering by the questions' numbers. */
export const engagementExample = (questions: readonly string[]) =>
  questions.map((question, i) => `${i + 1}. Your answer to: ${question}`);

/** The request a reply address or inbound message leads to; null when it leads to none. */
export function targetOf(
  address: {
    leadChaseId: string | null;
    kpiValueRequestId: string | null;
    providerReturnRequestId: string | null;
    engagementRequestId: string | null;
  } | null,
): ReplyTarget | null {
  if (!address) return null;
  if (address.leadChaseId) return { leadChaseId: address.leadChaseId };
  if (address.kpiValueRequestId) return { kpiValueRequestId: address.kpiValueRequestId };
  if (address.providerReturnRequestId) return { providerReturnRequestId: address.providerReturnRequestId };
  if (address.engagementRequestId) return { engagementRequestId: address.engagementRequestId };
  return null;
}

/** The partnership a matched request belongs to, or null when it is gone. */
export async function ownerOf(prisma: PrismaService, target: ReplyTarget) {
  const include = { partnership: true } as const;
  const partnership =
    'leadChaseId' in target
      ? (
          await prisma.leadChase.findUnique({
            where: { id: target.leadChaseId },
            include: { leadContact: { include } },
          })
        )?.leadContact.partnership
      : 'kpiValueRequestId' in target
        ? (await prisma.kpiValueRequest.findUnique({ where: { id: target.kpiValueRequestId }, include }))
            ?.partnership
        : 'providerReturnRequestId' in target
          ? (
              await prisma.providerReturnRequest.findUnique({
                where: { id: target.providerReturnRequestId },
                include,
              })
            )?.partnership
          : (
              await prisma.engagementRequest.findUnique({
                where: { id: target.engagementRequestId },
                include: { review: { include } },
              })
            )?.review.partnership;
  return partnership
    ? {
        partnershipId: partnership.id,
        partnershipName: partnership.name,
        coordinatorEmail: partnership.coordinatorEmail,
      }
    : null;
}

/** Control characters (NUL above all, which PostgreSQL refuses in text) never reach the database. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}
