import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { AuditActor, AuditLog } from './audit-log';

export interface AuditedWrite {
  partnershipId: string;
  /** Who writes: for an admin request, `callerActor(caller)`. */
  actor: AuditActor;
  /** e.g. "organisation.created". */
  event: string;
  entityType: string;
  /** Said when the write breaks a unique constraint, e.g. 'An organisation called "X" already exists'. */
  conflict: { field: string; message: string };
  /** How it reached Waymark. Default "api". */
  channel?: string;
}

/** A 422 body naming the failing field, as the admin API reports it. */
export function fieldError(field: string, message: string) {
  return { message, errors: [{ field, message }] };
}

/** A referenced record that is missing, archived or another partnership's: all look the same. */
export function unknownReference(field: string, what: string): UnprocessableEntityException {
  return new UnprocessableEntityException(fieldError(field, `No such ${what} in this partnership`));
}

/**
 * The admin services' writes: one transaction holding the change and its audit event (before and after),
 * a unique-constraint breach answered as a Conflict naming the field. Nothing is written when it throws.
 */
@Injectable()
export class AuditedWrites {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
  ) {}

  async run<T extends { id: string }>(
    write: AuditedWrite,
    change: (tx: Prisma.TransactionClient) => Promise<{ before?: unknown; after: T }>,
  ): Promise<T> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const { before, after } = await change(tx);
        await this.audit.record(
          {
            partnershipId: write.partnershipId,
            actor: write.actor,
            event: write.event,
            entityType: write.entityType,
            entityId: after.id,
            channel: write.channel ?? 'api',
            before,
            after,
          },
          tx,
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException(fieldError(write.conflict.field, write.conflict.message));
      }
      throw error;
    }
  }

  /** Archives, never deletes: sets archivedAt (kept when already archived), audited before and after. */
  archive<T extends { id: string; archivedAt: Date | null }>(
    write: AuditedWrite,
    before: T,
    update: (tx: Prisma.TransactionClient, data: { archivedAt: Date }) => Promise<T>,
  ): Promise<T> {
    return this.run(write, async (tx) => ({
      before,
      after: await update(tx, { archivedAt: before.archivedAt ?? new Date() }),
    }));
  }
}
