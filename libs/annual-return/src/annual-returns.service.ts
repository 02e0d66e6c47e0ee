import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditActor, AuditedWrites, callerActor } from '@waymark/audit';
import { ExplainWarnings, OpenReturn, RecordFigures } from '@waymark/contracts';
import { Prisma, PrismaService, ReturnExplanation, ReturnFigure } from '@waymark/db';
import {
  ReturnAnswers,
  ReturnTemplate,
  RuleResult,
  answersSchemaFor,
  checkRequired,
  evaluateRules,
  returnTemplateSchema,
} from '@waymark/return-template';
import { buildReturnWorkbook } from '@waymark/reports';
import { figureAnswers, returnContent, workbookInputOf } from './return-content';
import { assertEditable } from './return-state';
import { ReturnTemplates } from './return-templates.service';
import { WaymarkRecords } from './waymark-records';

/** One cell as it now stands, with where it came from. */
export interface FigureView {
  questionKey: string;
  cellKey: string;
  value: unknown;
  revision: number;
  source: string;
  enteredBy: string;
  at: string;
  note: string | null;
  /** For a figure made from providers' answers: each provider asked, with their answer (null: none). */
  breakdown: Array<{ providerId: string; providerName: string; value: unknown }> | null;
}

/** A return as the coordinator works on it: its template, every figure with provenance, and every check. */
export interface ReturnDraft {
  id: string;
  financialYear: string;
  state: string;
  template: { id: string; version: number; title: string; sha256: string };
  answers: ReturnAnswers;
  figures: FigureView[];
  /** Every rule of the template, and every mandatory question, checked against the figures. */
  results: RuleResult[];
  /** The coordinator's explanations of warnings, by rule key (the latest of each). */
  explanations: Record<string, { text: string; givenBy: string; at: string }>;
  /** Failing errors block sign-off; failing warnings need an explanation (those without one are counted). */
  problems: { errors: number; warnings: number; unexplainedWarnings: number; notEvaluable: number };
}

/** A return in the list of a partnership's returns. */
export interface ReturnSummary {
  id: string;
  financialYear: string;
  state: string;
  template: { version: number; title: string };
  providersAsked: number;
  providersAnswered: number;
  /** The day the coordinator set to send it to the department by (YYYY-MM-DD). */
  submissionDeadline: string | null;
  updatedAt: string;
}

/** The latest revision of each cell. */
function latest(figures: ReturnFigure[]): ReturnFigure[] {
  const byCell = new Map<string, ReturnFigure>();
  for (const figure of figures) {
    const key = `${figure.questionKey}\u0000${figure.cellKey}`;
    const held = byCell.get(key);
    if (!held || held.revision < figure.revision) byCell.set(key, figure);
  }
  return [...byCell.values()].sort(
    (a, b) => a.questionKey.localeCompare(b.questionKey) || a.cellKey.localeCompare(b.cellKey),
  );
}

/** The latest explanation of each rule. */
function latestExplanations(rows: ReturnExplanation[]): ReturnDraft['explanations'] {
  const latest: Record<string, ReturnExplanation> = {};
  for (const row of rows)
    if (!latest[row.ruleKey] || latest[row.ruleKey].revision < row.revision) latest[row.ruleKey] = row;
  return Object.fromEntries(
    Object.entries(latest).map(([key, row]) => [
      key,
      { text: row.text, givenBy: row.givenBy, at: row.createdAt.toISOString() },
    ]),
  );
}

export function previousYear(financialYear: string): string {
  const start = Number(financialYear.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * Each financial year's return: opened on the year's template with what Waymark's records already answer,
 * figures recorded cell by cell with their
 * provenance (revisions kept, nothing overwritten), every rule checked as figures arrive.
 */
@Injectable()
export class AnnualReturns {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
    private readonly templates: ReturnTemplates,
    private readonly records: WaymarkRecords,
  ) {}

  /** Opens the year's return on its template, or finds the one already open. */
  open(caller: Caller, input: OpenReturn): Promise<ReturnDraft & { opened: boolean }> {
    return this.openAs(caller.partnershipId, callerActor(caller), input);
  }

  /** Opens the year's return for `actor` (a coordinator, or the annual return workflow), or finds it. */
  async openAs(
    partnershipId: string,
    actor: AuditActor,
    input: OpenReturn,
  ): Promise<ReturnDraft & { opened: boolean }> {
    const where = { partnershipId_financialYear: { partnershipId, financialYear: input.financialYear } };
    const existing = await this.prisma.annualReturn.findUnique({ where });
    if (existing) return { ...(await this.draft(partnershipId, existing.id)), opened: false };
    try {
      return {
        ...(await this.draft(partnershipId, await this.create(partnershipId, actor, input))),
        opened: true,
      };
    } catch (error) {
      // Opened by someone else at the same moment: theirs is the year's return.
      const theirs =
        error instanceof ConflictException && (await this.prisma.annualReturn.findUnique({ where }));
      if (theirs) return { ...(await this.draft(partnershipId, theirs.id)), opened: false };
      throw error;
    }
  }

  /** Creates the year's return on its template, with what Waymark's records answer; returns its ID. */
  private async create(partnershipId: string, actor: AuditActor, input: OpenReturn): Promise<string> {
    const template = await this.templates.forYear(partnershipId, input.financialYear);
    const recorded = await this.records.cells(partnershipId, returnTemplateSchema.parse(template.content));
    const created = await this.writes.run(
      {
        partnershipId,
        actor,
        event: 'annual-return.opened',
        entityType: 'AnnualReturn',
        conflict: { field: 'financialYear', message: `The ${input.financialYear} return is already open` },
      },
      async (tx) => {
        const opened = await tx.annualReturn.create({
          data: { partnershipId, financialYear: input.financialYear, templateVersionId: template.id },
        });
        // What Waymark's own records already answer goes in at once, each figure marked as theirs.
        await tx.returnFigure.createMany({
          data: recorded.map((cell) => ({
            ...cell,
            returnId: opened.id,
            revision: 1,
            value: cell.value as Prisma.InputJsonValue,
            enteredBy: 'waymark',
          })),
        });
        return { after: { ...opened, prefilled: recorded } };
      },
    );
    return created.id;
  }

  /** The partnership's returns, newest financial year first, with how many providers were asked and answered. */
  async list(partnershipId: string): Promise<ReturnSummary[]> {
    const found = await this.prisma.annualReturn.findMany({
      where: { partnershipId },
      include: { template: true, providerRequests: { select: { state: true } } },
      orderBy: { financialYear: 'desc' },
    });
    return found.map((r) => ({
      id: r.id,
      financialYear: r.financialYear,
      state: r.state,
      template: { version: r.template.version, title: r.template.title },
      providersAsked: r.providerRequests.length,
      providersAnswered: r.providerRequests.filter((p) => p.state === 'ANSWERED').length,
      submissionDeadline: r.submitBy ? r.submitBy.toISOString().slice(0, 10) : null,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async draft(partnershipId: string, id: string): Promise<ReturnDraft> {
    const found = await this.prisma.annualReturn.findFirst({
      where: { id, partnershipId },
      include: { template: true, figures: true, explanations: true },
    });
    if (!found) throw new NotFoundException(`No annual return ${id}`);
    const template = returnTemplateSchema.parse(found.template.content);
    const current = latest(found.figures);
    const answers = figureAnswers(current);
    const before = await this.prisma.annualReturn.findUnique({
      where: {
        partnershipId_financialYear: { partnershipId, financialYear: previousYear(found.financialYear) },
      },
      include: { figures: true },
    });
    const results = [
      ...evaluateRules(template, answers, before ? figureAnswers(latest(before.figures)) : undefined),
      ...checkRequired(template, answers),
    ];
    const failing = (kind: 'error' | 'warning') =>
      results.filter((r) => r.kind === kind && r.outcome === 'fail');
    const explanations = latestExplanations(found.explanations);
    return {
      id: found.id,
      financialYear: found.financialYear,
      state: found.state,
      template: {
        id: found.template.id,
        version: found.template.version,
        title: found.template.title,
        sha256: found.template.sha256,
      },
      answers,
      figures: current.map((f) => ({
        questionKey: f.questionKey,
        cellKey: f.cellKey,
        value: f.value,
        revision: f.revision,
        source: f.source,
        enteredBy: f.enteredBy,
        at: f.createdAt.toISOString(),
        note: f.note,
        breakdown: (f.breakdown as FigureView['breakdown']) ?? null,
      })),
      results,
      explanations,
      problems: {
        errors: failing('error').length,
        warnings: failing('warning').length,
        unexplainedWarnings: failing('warning').filter((r) => !explanations[r.key]).length,
        notEvaluable: results.filter((r) => r.outcome === 'not-evaluable').length,
      },
    };
  }

  /**
   * Records figures a coordinator entered, all or nothing: each cell checked against the return's template
   * (422 naming `answers.<question>.<cell>`), then added as a new revision with the caller as its source.
   */
  async record(caller: Caller, id: string, input: RecordFigures): Promise<ReturnDraft> {
    const found = await this.prisma.annualReturn.findFirst({
      where: { id, partnershipId: caller.partnershipId },
      include: { template: true },
    });
    if (!found) throw new NotFoundException(`No annual return ${id}`);
    assertEditable(found);
    const template: ReturnTemplate = returnTemplateSchema.parse(found.template.content);
    const checked = answersSchemaFor(template).safeParse(input.answers);
    if (!checked.success)
      throw new UnprocessableEntityException({
        message: 'Some figures do not fit the template',
        errors: checked.error.issues.map((issue) => ({
          field: ['answers', ...issue.path].join('.'),
          message: issue.message,
        })),
      });
    const cells = Object.entries(checked.data).flatMap(([questionKey, byCell]) =>
      Object.entries(byCell).map(([cellKey, value]) => ({ questionKey, cellKey, value })),
    );
    if (cells.length === 0)
      throw new UnprocessableEntityException({
        message: 'No figures given',
        errors: [{ field: 'answers', message: 'No figures given' }],
      });
    await this.writes.run(
      {
        partnershipId: caller.partnershipId,
        actor: callerActor(caller),
        event: 'annual-return.figures-recorded',
        entityType: 'AnnualReturn',
        conflict: { field: 'answers', message: 'Figures were recorded at the same moment: try again' },
      },
      async (tx) => {
        const held = await tx.returnFigure.findMany({
          where: { returnId: id, OR: cells.map(({ questionKey, cellKey }) => ({ questionKey, cellKey })) },
          orderBy: { revision: 'desc' },
        });
        const before = latest(held);
        const revisionOf = (questionKey: string, cellKey: string) =>
          before.find((f) => f.questionKey === questionKey && f.cellKey === cellKey)?.revision ?? 0;
        await tx.returnFigure.createMany({
          data: cells.map(({ questionKey, cellKey, value }) => ({
            returnId: id,
            questionKey,
            cellKey,
            revision: revisionOf(questionKey, cellKey) + 1,
            value: value as Prisma.InputJsonValue,
            source: 'coordinator',
            enteredBy: caller.userId,
            note: input.note,
          })),
        });
        return {
          before: {
            figures: before.map((f) => ({ questionKey: f.questionKey, cellKey: f.cellKey, value: f.value })),
          },
          after: {
            ...(await tx.annualReturn.update({ where: { id }, data: { updatedAt: new Date() } })),
            figures: cells,
            note: input.note,
          },
        };
      },
    );
    return this.draft(caller.partnershipId, id);
  }

  /**
   * Records the coordinator's explanations of warnings, all or nothing: each must name a warning of the
   * return's template (422 naming `explanations.<rule>`). A new explanation of the same rule is a revision.
   */
  async explain(caller: Caller, id: string, input: ExplainWarnings): Promise<ReturnDraft> {
    const found = await this.prisma.annualReturn.findFirst({
      where: { id, partnershipId: caller.partnershipId },
      include: { template: true, explanations: true },
    });
    if (!found) throw new NotFoundException(`No annual return ${id}`);
    assertEditable(found);
    const warnings = new Set(
      returnTemplateSchema
        .parse(found.template.content)
        .rules.filter((rule) => rule.kind === 'warning')
        .map((rule) => rule.key),
    );
    const unknown = Object.keys(input.explanations).filter((key) => !warnings.has(key));
    if (unknown.length > 0)
      throw new UnprocessableEntityException({
        message: 'Only warnings of the template are explained',
        errors: unknown.map((key) => ({
          field: `explanations.${key}`,
          message: `"${key}" is not a warning of this template`,
        })),
      });
    const revisionOf = (ruleKey: string) =>
      Math.max(0, ...found.explanations.filter((e) => e.ruleKey === ruleKey).map((e) => e.revision));
    await this.writes.run(
      {
        partnershipId: caller.partnershipId,
        actor: callerActor(caller),
        event: 'annual-return.warnings-explained',
        entityType: 'AnnualReturn',
        conflict: { field: 'explanations', message: 'Explanations were given at the same moment: try again' },
      },
      async (tx) => {
        await tx.returnExplanation.createMany({
          data: Object.entries(input.explanations).map(([ruleKey, text]) => ({
            returnId: id,
            ruleKey,
            revision: revisionOf(ruleKey) + 1,
            text,
            givenBy: caller.userId,
          })),
        });
        return {
          before: { explanations: latestExplanations(found.explanations) },
          after: {
            ...(await tx.annualReturn.update({ where: { id }, data: { updatedAt: new Date() } })),
            explanations: input.explanations,
          },
        };
      },
    );
    return this.draft(caller.partnershipId, id);
  }

  /**
   * The return workbook (`Part4_Return_<GSS code>_<year>.xlsx`): a cover, a sheet per section laid out like
   * the form, every check, notes, every figure's provenance and the code lists; built now from the figures.
   */
  async workbook(
    partnershipId: string,
    id: string,
    now = new Date(),
  ): Promise<{ fileName: string; content: Buffer }> {
    const draft = await this.draft(partnershipId, id);
    const stored = await this.prisma.annualReturn.findUniqueOrThrow({
      where: { id },
      include: { template: true, partnership: true },
    });
    const content = await buildReturnWorkbook({
      ...workbookInputOf(
        await returnContent(this.prisma, partnershipId, draft),
        returnTemplateSchema.parse(stored.template.content),
      ),
      // Approved versions have workbooks of their own (ReturnSignOff.versionWorkbook).
      state: draft.state === 'AWAITING_APPROVAL' ? 'submitted-for-approval' : 'draft',
      generatedAt: now.toISOString(),
    });
    return { fileName: `Part4_Return_${stored.partnership.gssCode}_${draft.financialYear}.xlsx`, content };
  }
}
