import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@waymark/db';
import { requestCaller } from './request-context';

export type AuditActor =
  /** Without an id, the user calling the admin API (from the request context) is recorded. */
  | { type: 'COORDINATOR'; id?: string }
  | { type: 'LEAD'; id: string }
  | { type: 'SYSTEM'; id?: string }
  | { type: 'WORKFLOW'; id: string };

export interface AuditEntry {
  partnershipId: string | null;
  actor: AuditActor;
  /** What happened, e.g. "action.created", "update.submitted". */
  event: string;
  entityType: string;
  entityId: string;
  /** How it reached Waymark: "api", "form", "email", "workflow", "seed". */
  channel: string;
  before?: unknown;
  after?: unknown;
}

type Db = Pick<PrismaService, 'auditEvent'> | Prisma.TransactionClient;

/** Append-only record of who did what to which record. Write it in the same transaction as the change. */
@Injectable()
export class AuditLog {
  constructor(private readonly prisma: PrismaService) {}

  async record(entry: AuditEntry, db: Db = this.prisma): Promise<void> {
    await db.auditEvent.create({
      data: {
        partnershipId: entry.partnershipId,
        actorType: entry.actor.type,
        actorId: actorId(entry.actor),
        event: entry.event,
        entityType: entry.entityType,
        entityId: entry.entityId,
        channel: entry.channel,
        before: toJson(entry.before),
        after: toJson(entry.after),
      },
    });
  }
}

/** Admin writes name no actor: the calling user (admin or coordinator) is in the request context. */
function actorId(actor: AuditActor): string | null {
  if (actor.id) return actor.id;
  return actor.type === 'COORDINATOR' ? (requestCaller()?.userId ?? null) : null;
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  if (value === undefined || value === null) return Prisma.JsonNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
