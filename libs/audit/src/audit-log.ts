import { Injectable } from '@nestjs/common';
import { ActorType, Prisma, PrismaService } from '@waymark/db';
import { requestCaller } from './request-context';

export type AuditActor =
  /**
   * A council user. Without an id, the user calling the admin API (from the request context) is recorded;
   * a caller with the ADMIN role is recorded as ADMIN.
   */
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
    const actor = recordedActor(entry.actor);
    await db.auditEvent.create({
      data: {
        partnershipId: entry.partnershipId,
        actorType: actor.type,
        actorId: actor.id,
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
function recordedActor(actor: AuditActor): { type: ActorType; id: string | null } {
  if (actor.type !== 'COORDINATOR') return { type: actor.type, id: actor.id ?? null };
  const caller = requestCaller();
  const id = actor.id ?? caller?.userId ?? null;
  const isAdmin = caller !== undefined && caller.userId === id && caller.role === 'ADMIN';
  return { type: isAdmin ? 'ADMIN' : 'COORDINATOR', id };
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  if (value === undefined || value === null) return Prisma.JsonNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
