import { Injectable } from '@nestjs/common';
import { ActorType, Prisma, PrismaService, Role } from '@waymark/db';

/** A council user calling the admin API, as the audit log needs them: passed explicitly, never ambient. */
export interface AuditCaller {
  userId: string;
  role: Role;
}

export type AuditActor =
  /** A council user: an ADMIN or a coordinator, by their user id. */
  | { type: 'ADMIN' | 'COORDINATOR'; id: string }
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
        actorType: entry.actor.type satisfies ActorType,
        actorId: entry.actor.id ?? null,
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

/** The caller as the audit log records them: a user with the ADMIN role as ADMIN, anyone else as COORDINATOR. */
export function callerActor(caller: AuditCaller): AuditActor {
  return { type: caller.role === 'ADMIN' ? 'ADMIN' : 'COORDINATOR', id: caller.userId };
}

function toJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  if (value === undefined || value === null) return Prisma.JsonNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
