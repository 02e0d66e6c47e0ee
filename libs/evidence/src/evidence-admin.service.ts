import { ConflictException, GoneException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditLog, AuditedWrites, callerActor } from '@waymark/audit';
import { EraseEvidence, ListEvidence, QuarantineEvidence } from '@waymark/contracts';
import { Evidence, Page, Prisma, PrismaService, paginate } from '@waymark/db';

/** Evidence as coordinators see it: what was sent, and whether it is quarantined or erased. */
export type EvidenceItem = Pick<
  Evidence,
  | 'id'
  | 'actionId'
  | 'updateId'
  | 'kind'
  | 'fileName'
  | 'url'
  | 'contentType'
  | 'sizeBytes'
  | 'sha256'
  | 'createdAt'
  | 'quarantinedAt'
  | 'quarantineReason'
  | 'erasedAt'
  | 'erasureReason'
>;

const ITEM_FIELDS = {
  id: true,
  actionId: true,
  updateId: true,
  kind: true,
  fileName: true,
  url: true,
  contentType: true,
  sizeBytes: true,
  sha256: true,
  createdAt: true,
  quarantinedAt: true,
  quarantineReason: true,
  erasedAt: true,
  erasureReason: true,
} satisfies Prisma.EvidenceSelect;

const LISTED_FIELDS = {
  ...ITEM_FIELDS,
  action: { select: { id: true, ref: true, title: true } },
} satisfies Prisma.EvidenceSelect;

/** Evidence with the action it was sent for, as the console lists it across actions. */
export type EvidenceListed = Prisma.EvidenceGetPayload<{ select: typeof LISTED_FIELDS }>;

export interface EvidenceContent {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/**
 * What the audit trail keeps of a piece of evidence: never its file name or URL, which may name someone
 * and which erasure must be able to remove (the audit trail is append-only).
 */
function audited(item: EvidenceItem) {
  return {
    kind: item.kind,
    contentType: item.contentType,
    sizeBytes: item.sizeBytes,
    sha256: item.sha256,
    quarantinedAt: item.quarantinedAt,
    quarantineReason: item.quarantineReason,
    erasedAt: item.erasedAt,
    erasureReason: item.erasureReason,
  };
}

/**
 * The coordinators' side of evidence: list an action's, download a file, quarantine (no download until
 * released) and erase. Erasure removes the file name, the URL and the bytes, unless another piece of
 * live evidence holds the same bytes (they are stored once per content). Every change is audited.
 */
@Injectable()
export class EvidenceAdminService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
    private readonly audit: AuditLog,
  ) {}

  list(partnershipId: string, actionId: string, query: ListEvidence): Promise<Page<EvidenceItem>> {
    return paginate(
      (args) => this.prisma.evidence.findMany({ ...args, select: ITEM_FIELDS }),
      { partnershipId, actionId } satisfies Prisma.EvidenceWhereInput,
      query,
    );
  }

  /** The partnership's evidence across its actions, or one action's, newest first by default, each with its action. */
  listAcrossActions(
    partnershipId: string,
    actionId: string | undefined,
    query: ListEvidence,
  ): Promise<Page<EvidenceListed>> {
    return paginate(
      (args) => this.prisma.evidence.findMany({ ...args, select: LISTED_FIELDS }),
      { partnershipId, ...(actionId ? { actionId } : {}) } satisfies Prisma.EvidenceWhereInput,
      query,
    );
  }

  /** The actions that have evidence (erased included), by ref: what a list of evidence can be narrowed to. */
  actionsWithEvidence(partnershipId: string): Promise<{ id: string; ref: string; title: string }[]> {
    return this.prisma.action.findMany({
      where: { partnershipId, evidence: { some: {} } },
      select: { id: true, ref: true, title: true },
      orderBy: { ref: 'asc' },
    });
  }

  /** One piece of evidence with its action (what is left of it once erased). 404 if not the partnership's. */
  async one(partnershipId: string, id: string): Promise<EvidenceListed> {
    const item = await this.prisma.evidence.findFirst({
      where: { id, partnershipId },
      select: LISTED_FIELDS,
    });
    if (!item) throw new NotFoundException(`No evidence ${id}`);
    return item;
  }

  /** A file's bytes, for a coordinator to open; the download is audited. */
  async content(caller: Caller, id: string): Promise<EvidenceContent> {
    const item = await this.get(this.prisma, caller.partnershipId, id);
    if (item.erasedAt) throw new GoneException('This evidence was erased');
    if (item.kind === 'LINK') throw new ConflictException(`This evidence is a link, not a file: ${item.url}`);
    if (item.quarantinedAt)
      throw new ConflictException(
        `This file is quarantined (${item.quarantineReason ?? 'no reason given'}): release it to open it`,
      );
    const stored = item.sha256
      ? await this.prisma.evidenceFile.findUnique({ where: { sha256: item.sha256 } })
      : null;
    if (!stored || !item.fileName) throw new GoneException('The content of this file is no longer stored');
    await this.audit.record({
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event: 'evidence.downloaded',
      entityType: 'Evidence',
      entityId: id,
      channel: 'api',
      after: { sha256: item.sha256, sizeBytes: item.sizeBytes },
    });
    return { fileName: item.fileName, contentType: stored.contentType, content: Buffer.from(stored.content) };
  }

  quarantine(caller: Caller, id: string, body: QuarantineEvidence): Promise<EvidenceItem> {
    return this.change(caller, id, 'evidence.quarantined', async (tx, before) => {
      if (before.quarantinedAt) throw new ConflictException('This evidence is already quarantined');
      return tx.evidence.update({
        where: { id },
        data: { quarantinedAt: new Date(), quarantineReason: body.reason },
        select: ITEM_FIELDS,
      });
    });
  }

  release(caller: Caller, id: string): Promise<EvidenceItem> {
    return this.change(caller, id, 'evidence.released', async (tx, before) => {
      if (!before.quarantinedAt) throw new ConflictException('This evidence is not quarantined');
      return tx.evidence.update({
        where: { id },
        data: { quarantinedAt: null, quarantineReason: null },
        select: ITEM_FIELDS,
      });
    });
  }

  erase(caller: Caller, id: string, body: EraseEvidence): Promise<EvidenceItem> {
    return this.change(caller, id, 'evidence.erased', async (tx, before) => {
      const after = await tx.evidence.update({
        where: { id },
        data: {
          erasedAt: new Date(),
          erasureReason: body.reason,
          fileName: null,
          url: null,
          quarantinedAt: null,
          quarantineReason: null,
        },
        select: ITEM_FIELDS,
      });
      if (before.sha256) {
        // The same bytes may be another update's evidence, or a file sent with a strategy review's response.
        const sharedWith =
          (await tx.evidence.count({
            where: { sha256: before.sha256, erasedAt: null, id: { not: id } },
          })) + (await tx.engagementFile.count({ where: { sha256: before.sha256 } }));
        if (sharedWith === 0) await tx.evidenceFile.deleteMany({ where: { sha256: before.sha256 } });
      }
      return after;
    });
  }

  /** One audited change to a piece of evidence that is not erased (an erased one answers 410). */
  private change(
    caller: Caller,
    id: string,
    event: string,
    apply: (tx: Prisma.TransactionClient, before: EvidenceItem) => Promise<EvidenceItem>,
  ): Promise<EvidenceItem> {
    let changed: EvidenceItem | undefined;
    return this.writes
      .run(
        {
          partnershipId: caller.partnershipId,
          actor: callerActor(caller),
          event,
          entityType: 'Evidence',
          conflict: { field: 'id', message: 'This evidence changed at the same time: try again' },
        },
        async (tx) => {
          // Locked, so that two coordinators' changes to the same evidence happen one after the other.
          await tx.$queryRaw`SELECT 1 FROM "Evidence" WHERE id = ${id}::uuid FOR UPDATE`;
          const before = await this.get(tx, caller.partnershipId, id);
          if (before.erasedAt) throw new GoneException('This evidence was erased');
          changed = await apply(tx, before);
          return { before: audited(before), after: { id, ...audited(changed) } };
        },
      )
      .then(() => changed!);
  }

  private async get(
    db: Prisma.TransactionClient | PrismaService,
    partnershipId: string,
    id: string,
  ): Promise<EvidenceItem> {
    const item = await db.evidence.findFirst({ where: { id, partnershipId }, select: ITEM_FIELDS });
    if (!item) throw new NotFoundException(`No evidence ${id}`);
    return item;
  }
}
