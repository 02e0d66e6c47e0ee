import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { AuditLog } from '@waymark/audit';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import {
  type ProviderAnswers,
  type ReturnAnswers,
  type ReturnTemplate,
  answersSchemaFor,
  combineProviderAnswers,
  mergeAnswers,
  providerCells,
  returnTemplateSchema,
  templateCode,
} from '@waymark/return-template';
import { LinkLookup, deriveToken, hashToken, lookUpLink, newTokenNonce } from '@waymark/update-requests';
import { isEditable } from './return-state';

/** How long after its deadline a provider's link still works: late figures are better than none. */
export const LATE_PROVIDER_FIGURES_MS = 28 * 24 * 60 * 60 * 1000;

export const providerRequestForForm = {
  partnership: { select: { id: true, name: true, coordinatorEmail: true } },
  dataContact: { include: { organisation: true } },
  annualReturn: { include: { template: true } },
  submissions: { orderBy: { revision: 'desc' as const }, take: 1 },
} satisfies Prisma.ProviderReturnRequestInclude;

export type ProviderRequestForForm = Prisma.ProviderReturnRequestGetPayload<{
  include: typeof providerRequestForForm;
}>;

export interface OpenedProviderRequest {
  requestId: string;
  dataContactId: string;
  answered: boolean;
}

/** A provider's answers refused, each problem naming its cell as `<question>.<cell>`. */
export class ProviderAnswersRefused extends Error {
  constructor(readonly problems: Array<{ field: string; message: string }>) {
    super(`Provider answers refused: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
}

/** Who sent a provider's answers, and how. */
export interface ProviderAnswersVia {
  channel: 'form' | 'email' | 'workbook';
  /** False for "save and come back later": kept, but not yet in the return. */
  sent: boolean;
  /** The answers go over the provider's latest (read in the same transaction): a reply's few figures. */
  overLatest?: boolean;
  alongside?: (tx: Prisma.TransactionClient) => Promise<void>;
}

/**
 * The providers' side of a year's return: one request per provider's data contact, asking in one email
 * for exactly their services' cells (by the services' accommodation types); their answers kept revision by
 * revision as given; and the return's providers' figures made anew from each provider's latest sent answers,
 * with each provider's part kept beside the figure.
 */
@Injectable()
export class ProviderRequests {
  private readonly logger = new Logger(ProviderRequests.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /**
   * Finds or opens one request per data contact of the partnership's services in use during the return's
   * year (not archived, contract overlapping the year). Services with no data contact are not asked.
   */
  async openAll(
    returnId: string,
    respondBy: Date,
    actorId: string,
  ): Promise<{ requests: OpenedProviderRequest[]; servicesWithoutContact: string[] }> {
    const found = await this.prisma.annualReturn.findUniqueOrThrow({
      where: { id: returnId },
      include: { template: true },
    });
    const template = returnTemplateSchema.parse(found.template.content);
    const start = new Date(`${found.financialYear.slice(0, 4)}-04-01`);
    const end = new Date(`${Number(found.financialYear.slice(0, 4)) + 1}-03-31`);
    const services = await this.prisma.safeAccommodationService.findMany({
      where: {
        partnershipId: found.partnershipId,
        archivedAt: null,
        OR: [{ contractStart: null }, { contractStart: { lte: end } }],
        AND: [{ OR: [{ contractEnd: null }, { contractEnd: { gte: start } }] }],
      },
      orderBy: { name: 'asc' },
    });
    const byContact = new Map<string, typeof services>();
    for (const service of services)
      if (service.dataContactId)
        byContact.set(service.dataContactId, [...(byContact.get(service.dataContactId) ?? []), service]);
    const requests: OpenedProviderRequest[] = [];
    for (const [dataContactId, theirs] of byContact) {
      const asked = providerCells(
        template,
        theirs.map((s) => templateCode(s.accommodationType)),
      );
      const request = await this.openOne(found, dataContactId, theirs, asked, respondBy, actorId);
      requests.push({ requestId: request.id, dataContactId, answered: request.state === 'ANSWERED' });
    }
    return { requests, servicesWithoutContact: services.filter((s) => !s.dataContactId).map((s) => s.name) };
  }

  private async openOne(
    annualReturn: { id: string; partnershipId: string; financialYear: string },
    dataContactId: string,
    services: Array<{ id: string; name: string }>,
    asked: Record<string, string[]>,
    respondBy: Date,
    actorId: string,
  ) {
    const where = { returnId_dataContactId: { returnId: annualReturn.id, dataContactId } };
    const existing = await this.prisma.providerReturnRequest.findUnique({ where });
    if (existing) return existing;
    const nonce = newTokenNonce();
    try {
      return await this.prisma.$transaction(async (tx) => {
        const id = crypto.randomUUID();
        const created = await tx.providerReturnRequest.create({
          data: {
            id,
            partnershipId: annualReturn.partnershipId,
            returnId: annualReturn.id,
            dataContactId,
            serviceIds: services.map((s) => s.id),
            asked,
            respondBy,
            expiresAt: new Date(respondBy.getTime() + LATE_PROVIDER_FIGURES_MS),
            tokenNonce: nonce,
            tokenHash: hashToken(deriveToken(this.config.LINK_SECRET, id, nonce)),
          },
        });
        await this.audit.record(
          {
            partnershipId: annualReturn.partnershipId,
            actor: { type: 'WORKFLOW', id: actorId },
            event: 'provider-return-request.opened',
            entityType: 'ProviderReturnRequest',
            entityId: id,
            channel: 'workflow',
            after: {
              financialYear: annualReturn.financialYear,
              dataContactId,
              services: services.map((s) => s.name),
              cells: Object.values(asked).reduce((n, cells) => n + cells.length, 0),
              respondBy,
            },
          },
          tx,
        );
        return created;
      });
    } catch (error) {
      // Another execution of the same activity opened it first: theirs is the request.
      if (!isUniqueViolation(error)) throw error;
      return this.prisma.providerReturnRequest.findUniqueOrThrow({ where });
    }
  }

  lookUp(token: string, now = new Date()): Promise<LinkLookup<ProviderRequestForForm>> {
    return lookUpLink(token, now, (tokenHash) =>
      this.prisma.providerReturnRequest.findUnique({ where: { tokenHash }, include: providerRequestForForm }),
    );
  }

  async forForm(requestId: string): Promise<ProviderRequestForForm> {
    return this.prisma.providerReturnRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: providerRequestForForm,
    });
  }

  linkFor(request: { id: string; tokenNonce: string }): string {
    return `${this.config.PUBLIC_BASE_URL}/p/${deriveToken(this.config.LINK_SECRET, request.id, request.tokenNonce)}`;
  }

  async markOpened(requestId: string): Promise<void> {
    await this.prisma.providerReturnRequest.updateMany({
      where: { id: requestId, openedAt: null },
      data: { openedAt: new Date() },
    });
  }

  /** The names of the services a request asks about, in order. */
  async serviceNames(request: { serviceIds: string[] }): Promise<string[]> {
    const services = await this.prisma.safeAccommodationService.findMany({
      where: { id: { in: request.serviceIds } },
      include: { provider: true },
      orderBy: { name: 'asc' },
    });
    return services.map((s) => `${s.name} (${s.provider.name})`);
  }

  /**
   * Keeps a provider's answers as a new revision, all or nothing: only the cells asked, each of its
   * question's type (ProviderAnswersRefused otherwise). Sent answers mark the request answered and make the
   * return's providers' figures anew. Null when the request no longer takes answers.
   */
  async submit(
    requestId: string,
    answers: ReturnAnswers,
    via: ProviderAnswersVia,
  ): Promise<{ revision: number } | null> {
    const request = await this.forForm(requestId);
    if (request.state === 'REVOKED' || request.expiresAt <= new Date()) return null;
    const template = returnTemplateSchema.parse(request.annualReturn.template.content);
    const problems = answerProblems(template, request.asked as Record<string, string[]>, answers);
    if (problems.length) throw new ProviderAnswersRefused(problems);
    const actor = { type: 'LEAD' as const, id: request.dataContactId };
    const revision = await this.prisma.$transaction(async (tx) => {
      // One answer at a time per request: a form save and a reply arriving together each see the other.
      await tx.$executeRaw`SELECT 1 FROM "ProviderReturnRequest" WHERE id = ${requestId}::uuid FOR UPDATE`;
      const latest = await tx.providerSubmission.findFirst({
        where: { requestId },
        orderBy: { revision: 'desc' },
      });
      const given = via.overLatest
        ? mergeAnswers((latest?.answers as ReturnAnswers | undefined) ?? null, answers)
        : answers;
      const created = await tx.providerSubmission.create({
        data: {
          requestId,
          revision: (latest?.revision ?? 0) + 1,
          answers: given,
          channel: via.channel,
          sent: via.sent,
        },
      });
      if (via.sent)
        await tx.providerReturnRequest.update({
          where: { id: requestId },
          data: { state: 'ANSWERED', answeredAt: request.answeredAt ?? new Date() },
        });
      await this.audit.record(
        {
          partnershipId: request.partnershipId,
          actor,
          event: via.sent ? 'provider-return-request.answered' : 'provider-return-request.saved',
          entityType: 'ProviderReturnRequest',
          entityId: requestId,
          channel: via.channel,
          before: { state: request.state, revision: latest?.revision ?? null },
          after: { state: via.sent ? 'ANSWERED' : request.state, revision: created.revision },
        },
        tx,
      );
      if (via.sent) await this.recombine(tx, request.returnId, request.dataContactId);
      await via.alongside?.(tx);
      return created.revision;
    });
    this.logger.log(`Provider answers kept for request ${requestId} (revision ${revision})`);
    return { revision };
  }

  /** Closes a request not answered by its deadline; reports whether it had been answered. */
  async expireIfUnanswered(requestId: string): Promise<{ answered: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.providerReturnRequest.findUniqueOrThrow({ where: { id: requestId } });
      if (request.state === 'ANSWERED') return { answered: true };
      if (request.state !== 'OPEN') return { answered: false };
      // Still open at the deadline: marked expired (the link works a while longer for late figures).
      await tx.providerReturnRequest.update({ where: { id: requestId }, data: { state: 'EXPIRED' } });
      await this.audit.record(
        {
          partnershipId: request.partnershipId,
          actor: { type: 'WORKFLOW', id: 'annual-return' },
          event: 'provider-return-request.unanswered-at-deadline',
          entityType: 'ProviderReturnRequest',
          entityId: requestId,
          channel: 'workflow',
          after: { respondBy: request.respondBy },
        },
        tx,
      );
      return { answered: false };
    });
  }

  /**
   * Makes the return's providers' figures anew from every provider's latest sent answers: a cell whose
   * total or breakdown changed gets a new revision (source `providers`, with each provider's part), others
   * are left as they are. Serialised per return by a row lock. An approved or submitted return is frozen:
   * the answers are kept, the figures wait for an amendment.
   */
  private async recombine(tx: Prisma.TransactionClient, returnId: string, enteredBy: string): Promise<void> {
    await tx.$executeRaw`SELECT 1 FROM "AnnualReturn" WHERE id = ${returnId}::uuid FOR UPDATE`;
    const found = await tx.annualReturn.findUniqueOrThrow({
      where: { id: returnId },
      include: { template: true },
    });
    if (!isEditable(found.state)) return;
    const template = returnTemplateSchema.parse(found.template.content);
    const requests = await tx.providerReturnRequest.findMany({
      where: { returnId },
      include: {
        dataContact: { include: { organisation: true } },
        submissions: { where: { sent: true }, orderBy: { revision: 'desc' }, take: 1 },
      },
      orderBy: { createdAt: 'asc' },
    });
    const providers: ProviderAnswers[] = requests.map((r) => ({
      providerId: r.id,
      providerName: r.dataContact.organisation?.name ?? r.dataContact.name,
      asked: r.asked as Record<string, string[]>,
      answers: (r.submissions[0]?.answers as ReturnAnswers | undefined) ?? null,
    }));
    providers.sort((a, b) => a.providerName.localeCompare(b.providerName));
    const held = await tx.returnFigure.findMany({ where: { returnId }, orderBy: { revision: 'desc' } });
    const rows: Prisma.ReturnFigureCreateManyInput[] = [];
    for (const cell of combineProviderAnswers(template, providers)) {
      const ofCell = held.filter((f) => f.questionKey === cell.questionKey && f.cellKey === cell.cellKey);
      const lastOfProviders = ofCell.find((f) => f.source === 'providers');
      if (
        lastOfProviders &&
        isDeepStrictEqual(lastOfProviders.value, cell.value) &&
        isDeepStrictEqual(lastOfProviders.breakdown, cell.from)
      )
        continue;
      const answered = cell.from.filter((f) => f.value !== null).length;
      rows.push({
        returnId,
        questionKey: cell.questionKey,
        cellKey: cell.cellKey,
        revision: (ofCell[0]?.revision ?? 0) + 1,
        value: cell.value as Prisma.InputJsonValue,
        source: 'providers',
        enteredBy,
        breakdown: cell.from as Prisma.InputJsonValue,
        note: cell.complete ? null : `${answered} of ${cell.from.length} providers asked have answered`,
      });
    }
    if (rows.length) {
      await tx.returnFigure.createMany({ data: rows });
      await tx.annualReturn.update({ where: { id: returnId }, data: { updatedAt: new Date() } });
    }
  }
}

/** What is wrong with a provider's answers: cells not asked, or answers not of their question's type. */
export function answerProblems(
  template: ReturnTemplate,
  asked: Record<string, string[]>,
  answers: ReturnAnswers,
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  for (const [questionKey, cells] of Object.entries(answers))
    for (const cell of Object.keys(cells))
      if (!asked[questionKey]?.includes(cell))
        problems.push({ field: `${questionKey}.${cell}`, message: 'this was not asked of you' });
  if (problems.length) return problems;
  const checked = answersSchemaFor(template).safeParse(answers);
  return checked.success
    ? []
    : checked.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}
