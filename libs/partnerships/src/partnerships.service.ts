import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditedWrites } from '@waymark/audit';
import { UpdatePartnership } from '@waymark/contracts';
import { Partnership, PrismaService } from '@waymark/db';

/** The caller's own partnership: read and update; no other partnership is visible. */
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

  async update(partnershipId: string, input: UpdatePartnership): Promise<Partnership> {
    const before = await this.get(partnershipId);
    return this.writes.run(
      {
        partnershipId,
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
