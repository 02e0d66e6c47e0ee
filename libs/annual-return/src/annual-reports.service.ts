import { Injectable } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor } from '@waymark/audit';
import { AnnualReportPolicyInput } from '@waymark/contracts';
import { AnnualReportPolicy, PrismaService } from '@waymark/db';
import { type ReturnAnswers, returnTemplateSchema } from '@waymark/return-template';
import {
  type AnnualReportInput,
  DEFAULT_SUPPRESS_BELOW,
  type SuppressionPolicy,
  buildAnnualReport,
  defaultReplaceWith,
} from '@waymark/reports';
import { AnnualReturns, previousYear } from './annual-returns.service';
import { ReturnSignOff } from './return-sign-off';

/** The partnership's suppression policy as the API shows it: the words in use, and who set it. */
export interface AnnualReportPolicyView extends SuppressionPolicy {
  /** Whether the words are the coordinator's own, or made from the threshold ("fewer than 5"). */
  ownWords: boolean;
  /** Null until a coordinator sets the policy (the default applies). */
  updatedBy: string | null;
  updatedAt: string | null;
}

function viewOf(stored: AnnualReportPolicy | null): AnnualReportPolicyView {
  const suppressBelow = stored?.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
  return {
    suppressBelow,
    replaceWith: stored?.replaceWith ?? defaultReplaceWith(suppressBelow),
    ownWords: stored?.replaceWith != null,
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt.toISOString() ?? null,
  };
}

/**
 * The annual report for the board and for publication (`buildAnnualReport` in libs/reports), and the
 * partnership's policy for suppressing small numbers in it.
 */
@Injectable()
export class AnnualReports {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
    private readonly returns: AnnualReturns,
    private readonly signOff: ReturnSignOff,
  ) {}

  /** The partnership's policy, or the default (5, "fewer than 5") when none is set. */
  async policy(partnershipId: string): Promise<AnnualReportPolicyView> {
    return viewOf(await this.prisma.annualReportPolicy.findUnique({ where: { partnershipId } }));
  }

  /** Sets the partnership's policy, audited before and after. */
  async setPolicy(caller: Caller, input: AnnualReportPolicyInput): Promise<AnnualReportPolicyView> {
    const { partnershipId } = caller;
    const data = {
      suppressBelow: input.suppressBelow,
      replaceWith: input.replaceWith,
      updatedBy: caller.userId,
    };
    const saved = await this.writes.run(
      {
        partnershipId,
        actor: callerActor(caller),
        event: 'annual-report-policy.set',
        entityType: 'AnnualReportPolicy',
        conflict: { field: 'suppressBelow', message: 'The policy was set at the same moment: try again' },
      },
      async (tx) => {
        const before = await tx.annualReportPolicy.findUnique({ where: { partnershipId } });
        const after = await tx.annualReportPolicy.upsert({
          where: { partnershipId },
          create: { partnershipId, ...data },
          update: data,
        });
        return { before: before && viewOf(before), after };
      },
    );
    return viewOf(saved);
  }

  /**
   * The annual report of a return as its figures stand now (`Part4_Annual_Report_<GSS code>_<year>.docx`):
   * marked draft, beside last year's return when there is one, suppressed by the partnership's policy.
   */
  async draftReport(
    partnershipId: string,
    id: string,
    now = new Date(),
  ): Promise<{ fileName: string; content: Buffer }> {
    const draft = await this.returns.draft(partnershipId, id);
    const stored = await this.prisma.annualReturn.findUniqueOrThrow({
      where: { id },
      include: { template: true, partnership: true },
    });
    return this.build(partnershipId, {
      partnership: stored.partnership,
      financialYear: draft.financialYear,
      template: stored.template.content,
      answers: draft.answers,
      results: draft.results,
      explanations: Object.fromEntries(Object.entries(draft.explanations).map(([key, e]) => [key, e.text])),
      status: { state: 'draft' },
      fileName: `Part4_Annual_Report_${stored.partnership.gssCode}_${draft.financialYear}.docx`,
      now,
    });
  }

  /**
   * The annual report of an approved version, from its frozen content alone (never today's figures):
   * `Part4_Annual_Report_<GSS code>_<year>_v<n>.docx`, marked with its version and approval.
   */
  async versionReport(
    partnershipId: string,
    id: string,
    number: number,
    now = new Date(),
  ): Promise<{ fileName: string; content: Buffer }> {
    const { content: frozen } = await this.signOff.version(partnershipId, id, number);
    const template = await this.prisma.returnTemplateVersion.findUniqueOrThrow({
      where: { id: frozen.template.id },
    });
    const answers: ReturnAnswers = {};
    for (const figure of frozen.figures)
      (answers[figure.questionKey] ??= {})[figure.cellKey] = figure.value as ReturnAnswers[string][string];
    return this.build(partnershipId, {
      partnership: frozen.partnership,
      financialYear: frozen.financialYear,
      template: template.content,
      answers,
      results: frozen.results,
      explanations: Object.fromEntries(Object.entries(frozen.explanations).map(([key, e]) => [key, e.text])),
      status: { state: 'approved', version: frozen.version, approvedAt: frozen.approvedAt },
      fileName: `Part4_Annual_Report_${frozen.partnership.gssCode}_${frozen.financialYear}_v${number}.docx`,
      now,
    });
  }

  /** Builds the report of one year's figures beside last year's return, under the partnership's policy. */
  private async build(
    partnershipId: string,
    year: Pick<AnnualReportInput, 'results' | 'explanations' | 'status'> & {
      partnership: { name: string; gssCode: string };
      financialYear: string;
      template: unknown;
      answers: ReturnAnswers;
      fileName: string;
      now: Date;
    },
  ): Promise<{ fileName: string; content: Buffer }> {
    const before = await this.prisma.annualReturn.findUnique({
      where: {
        partnershipId_financialYear: { partnershipId, financialYear: previousYear(year.financialYear) },
      },
      include: { template: true },
    });
    const policy = await this.policy(partnershipId);
    const content = await buildAnnualReport({
      partnership: { name: year.partnership.name, gssCode: year.partnership.gssCode },
      year: {
        financialYear: year.financialYear,
        template: returnTemplateSchema.parse(year.template),
        answers: year.answers,
      },
      lastYear: before
        ? {
            financialYear: before.financialYear,
            template: returnTemplateSchema.parse(before.template.content),
            answers: (await this.returns.draft(partnershipId, before.id)).answers,
          }
        : undefined,
      results: year.results,
      explanations: year.explanations,
      policy: { suppressBelow: policy.suppressBelow, replaceWith: policy.replaceWith },
      status: year.status,
      generatedAt: year.now.toISOString(),
    });
    return { fileName: year.fileName, content };
  }
}
