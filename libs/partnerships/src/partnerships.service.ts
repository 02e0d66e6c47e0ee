import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor } from '@waymark/audit';
import { CreatePartnership, UpdatePartnership } from '@waymark/contracts';
import { Partnership, PrismaService } from '@waymark/db';

/**
 * The caller's own partnership: read and update; no other partnership is visible. A partnership is created
 * once, by whoever runs Waymark for the council (`waymark partnerships create`), never through the API.
 */
@Injectable()
export class PartnershipsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  async get(partnershipId: string): Promise<Partnership> {
    const partnership = await this.prisma.partnership.findUnique({ where: { id: partnershipId } });
    if (!partnership) throw new NotFoundException(`No partnership ${partnershipId}`);
    return partnership;
  }

  async create(input: CreatePartnership): Promise<Partnership> {
    const id = randomUUID();
    return this.writes.run(
      {
        partnershipId: id,
        actor: { type: 'SYSTEM' },
        event: 'partnership.created',
        entityType: 'Partnership',
        channel: 'cli',
        conflict: {
          field: 'gssCode',
          message: `A partnership with GSS code ${input.gssCode} already exists`,
        },
      },
      async (tx) => ({ after: await tx.partnership.create({ data: { id, ...input } }) }),
    );
  }

  async update(caller: Caller, input: UpdatePartnership): Promise<Partnership> {
    const { partnershipId } = caller;
    const before = await this.get(partnershipId);
    return this.writes.run(
      {
        partnershipId,
        actor: callerActor(caller),
        event: 'partnership.updated',
        entityType: 'Partnership',
        conflict: { field: 'name', message: 'Another partnership has these details' },
      },
      async (tx) => ({
        before,
        after: await tx.partnership.update({ where: { id: partnershipId }, data: input }),
      }),
    );
  }
}
