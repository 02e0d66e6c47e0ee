import { createHash } from 'node:crypto';
import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor } from '@waymark/audit';
import { Prisma, PrismaService, ReturnTemplateVersion } from '@waymark/db';
import {
  ReturnTemplate,
  ReturnTemplateFormat,
  defaultReturnTemplate,
  parseReturnTemplate,
} from '@waymark/return-template';

/** The summary of a version the API lists (the document itself is in `content`). */
const summary = {
  id: true,
  financialYear: true,
  version: true,
  title: true,
  sha256: true,
  loadedBy: true,
  createdAt: true,
} satisfies Prisma.ReturnTemplateVersionSelect;
export type ReturnTemplateSummary = Prisma.ReturnTemplateVersionGetPayload<{ select: typeof summary }>;

function sha256(template: ReturnTemplate): string {
  return createHash('sha256').update(JSON.stringify(template)).digest('hex');
}

/**
 * The department's return template, version by version for each reporting year. A coordinator loads a
 * year's template (validated whole; errors name the path); every version is kept as loaded and never changed.
 */
@Injectable()
export class ReturnTemplates {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  /**
   * Validates and stores a template document, JSON or YAML text, as the next version of its year; 422 naming
   * each problem by its path (and, in YAML, its line and column). Stored as the template it reads to, so the
   * same template sent as JSON or YAML has the same SHA-256.
   */
  async load(caller: Caller, text: string, format: ReturnTemplateFormat): Promise<ReturnTemplateSummary> {
    const parsed = parseReturnTemplate(text, format);
    if (!parsed.ok)
      throw new UnprocessableEntityException({
        message: 'The template is not valid',
        errors: parsed.errors.map(({ path, ...problem }) => ({ field: path || '(document)', ...problem })),
      });
    return this.store(caller.partnershipId, parsed.template, caller);
  }

  list(partnershipId: string): Promise<ReturnTemplateSummary[]> {
    return this.prisma.returnTemplateVersion.findMany({
      where: { partnershipId },
      select: summary,
      orderBy: [{ financialYear: 'desc' }, { version: 'desc' }],
    });
  }

  async get(partnershipId: string, id: string): Promise<ReturnTemplateVersion> {
    const found = await this.prisma.returnTemplateVersion.findFirst({ where: { id, partnershipId } });
    if (!found) throw new NotFoundException(`No return template ${id}`);
    return found;
  }

  /**
   * The version a new return for the year opens on: the latest loaded, else the template Waymark ships when
   * it is for that year (stored as version 1 the first time). 422 when there is none.
   */
  async forYear(partnershipId: string, financialYear: string): Promise<ReturnTemplateVersion> {
    const latest = await this.prisma.returnTemplateVersion.findFirst({
      where: { partnershipId, financialYear },
      orderBy: { version: 'desc' },
    });
    if (latest) return latest;
    const shipped = defaultReturnTemplate();
    if (shipped.financialYear !== financialYear)
      throw new UnprocessableEntityException({
        message: `No return template for ${financialYear}: load the department's template for that year first`,
        errors: [{ field: 'financialYear', message: `No return template for ${financialYear}` }],
      });
    try {
      const stored = await this.store(partnershipId, shipped, null);
      return await this.get(partnershipId, stored.id);
    } catch (error) {
      // Stored by another request at the same moment: use that version.
      if (!(error instanceof ConflictException)) throw error;
      return this.prisma.returnTemplateVersion.findFirstOrThrow({
        where: { partnershipId, financialYear },
        orderBy: { version: 'desc' },
      });
    }
  }

  private summaryOf(version: ReturnTemplateVersion): ReturnTemplateSummary {
    const { id, financialYear, version: number, title, sha256: hash, loadedBy, createdAt } = version;
    return { id, financialYear, version: number, title, sha256: hash, loadedBy, createdAt };
  }

  private async store(
    partnershipId: string,
    template: ReturnTemplate,
    caller: Caller | null,
  ): Promise<ReturnTemplateSummary> {
    // Two loads at once may pick the same version number: the unique index refuses the second (409).
    const last = await this.prisma.returnTemplateVersion.findFirst({
      where: { partnershipId, financialYear: template.financialYear },
      orderBy: { version: 'desc' },
    });
    // The shipped template is stored once: another request may have just stored it.
    if (caller === null && last?.sha256 === sha256(template)) return this.summaryOf(last);
    return this.writes.run(
      {
        partnershipId,
        actor: caller ? callerActor(caller) : { type: 'SYSTEM', id: 'waymark' },
        event: 'return-template.loaded',
        entityType: 'ReturnTemplateVersion',
        conflict: { field: 'version', message: 'Another version was loaded at the same moment: try again' },
      },
      async (tx) => ({
        after: await tx.returnTemplateVersion.create({
          data: {
            partnershipId,
            financialYear: template.financialYear,
            version: (last?.version ?? 0) + 1,
            title: template.title,
            content: template as unknown as Prisma.InputJsonValue,
            sha256: sha256(template),
            loadedBy: caller?.userId ?? null,
          },
          select: summary,
        }),
      }),
    );
  }
}
