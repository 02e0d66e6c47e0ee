import { Injectable } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditLog, callerActor } from '@waymark/audit';
import { Prisma, PrismaService } from '@waymark/db';
import { PlanFileError, SheetGrid, readPlanFile } from '@waymark/plan-import';
import {
  PLAN_SHEETS,
  PlanChanges,
  PlanProblem,
  PlanSheetName,
  RowChange,
  SheetChanges,
  planChanges,
} from './plan-sheets';
import { buildReviewPlanWorkbook } from './plan-workbook';
import {
  ReviewRecord,
  activityColumns,
  gateColumns,
  planState,
  reviewInclude,
  setPreconditions,
  stageColumns,
} from './review-records';
import { StrategyReviewService, nextPosition } from './strategy-review.service';

/** What an upload gives: one .xlsx workbook with the sheets by name, or a CSV file per sheet. */
export interface ReviewPlanUpload {
  workbook?: Buffer;
  csv?: Partial<Record<PlanSheetName, Buffer>>;
}

export interface ReviewPlanImportReport {
  reviewId: string;
  dryRun: boolean;
  applied: boolean;
  message: string;
  sheets: Record<
    PlanSheetName,
    {
      given: boolean;
      created: number;
      updated: number;
      unchanged: number;
      rows: Omit<RowChange<unknown>, 'data'>[];
    }
  >;
  problems: PlanProblem[];
}

const PARTS = { Stages: 'stages', Engagement: 'activities', Gates: 'gates' } as const;

/**
 * A review plan to and from a spreadsheet, the way action plans are (libs/plan-import reads the file): rows
 * matched by reference, every row checked by the API's contracts, then written all or nothing in one
 * transaction with an audit event (channel `import`) for each record created or changed.
 */
@Injectable()
export class ReviewPlanSheets {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly reviews: StrategyReviewService,
  ) {}

  async exportPlan(partnershipId: string, reviewId: string): Promise<{ fileName: string; content: Buffer }> {
    const plan = await this.reviews.get(partnershipId, reviewId);
    const content = await buildReviewPlanWorkbook(plan);
    const fileName = `${plan.title.replace(/[^\w .-]+/g, '').trim() || 'Strategy review'} plan.xlsx`;
    return { fileName, content };
  }

  async importPlan(
    caller: Caller,
    reviewId: string,
    upload: ReviewPlanUpload,
    options: { dryRun?: boolean } = {},
  ): Promise<ReviewPlanImportReport> {
    await this.reviews.load(caller.partnershipId, reviewId);
    const sheets = await readUpload(upload);
    const changesIn = async (db: Prisma.TransactionClient | PrismaService) => {
      const review = await db.strategyReview.findUniqueOrThrow({
        where: { id: reviewId },
        include: reviewInclude,
      });
      const contacts = await db.contact.findMany({
        where: { partnershipId: caller.partnershipId, archivedAt: null },
        select: { id: true, name: true, email: true },
      });
      return { review, changes: planChanges(sheets, planState(review, contacts)) };
    };
    if (options.dryRun) {
      const { changes } = await changesIn(this.prisma);
      return report(reviewId, changes, { dryRun: true, applied: false });
    }
    const applied = await this.prisma.$transaction(
      async (tx) => {
        const { review, changes } = await changesIn(tx);
        if (changes.problems.length) return { changes, applied: false };
        await this.apply(tx, caller, review, changes);
        return { changes, applied: true };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
    return report(reviewId, applied.changes, { dryRun: false, applied: applied.applied });
  }

  private async apply(
    tx: Prisma.TransactionClient,
    caller: Caller,
    review: ReviewRecord,
    changes: PlanChanges,
  ): Promise<void> {
    const record = (event: string, entityType: string, entityId: string, before: unknown, after: unknown) =>
      this.audit.record(
        {
          partnershipId: caller.partnershipId,
          actor: callerActor(caller),
          channel: 'import',
          event,
          entityType,
          entityId,
          before,
          after,
        },
        tx,
      );
    await applySheet(changes.stages, review.stages, (r) => r.key, {
      create: async (data, position) => {
        const after = await tx.reviewStage.create({
          data: { ...stageColumns(data), reviewId: review.id, position },
        });
        await record('review-stage.created', 'ReviewStage', after.id, undefined, after);
      },
      update: async (before, data, position) => {
        const after = await tx.reviewStage.update({
          where: { id: before.id },
          data: { ...(data ? stageColumns(data) : {}), position },
        });
        await record('review-stage.updated', 'ReviewStage', after.id, before, after);
      },
    });
    const stages = await tx.reviewStage.findMany({ where: { reviewId: review.id, archivedAt: null } });
    const stageIds = new Map(stages.map((s) => [s.key, s.id]));
    await applySheet(changes.activities, review.activities, (r) => r.ref, {
      create: async (data, position) => {
        const after = await tx.engagementActivity.create({
          data: { ...activityColumns(data, stageIds), reviewId: review.id, position },
        });
        await record('engagement-activity.created', 'EngagementActivity', after.id, undefined, after);
      },
      update: async (before, data, position) => {
        const after = await tx.engagementActivity.update({
          where: { id: before.id },
          data: { ...(data ? activityColumns(data, stageIds) : {}), position },
        });
        const { contact: _c, stage: _s, ...plain } = before;
        await record('engagement-activity.updated', 'EngagementActivity', after.id, plain, after);
      },
    });
    await applySheet(changes.gates, review.gates, (r) => r.ref, {
      create: async (data, position) => {
        const gate = await tx.approvalGate.create({
          data: { ...gateColumns(data, stageIds), reviewId: review.id, position },
        });
        await setPreconditions(tx, gate.id, data.preconditions);
        await record('approval-gate.created', 'ApprovalGate', gate.id, undefined, {
          ...gate,
          preconditions: data.preconditions,
        });
      },
      update: async (before, data, position) => {
        const gate = await tx.approvalGate.update({
          where: { id: before.id },
          data: { ...(data ? gateColumns(data, stageIds) : {}), position },
        });
        if (data) await setPreconditions(tx, gate.id, data.preconditions);
        const { approver: _a, stage: _s, ...plain } = before;
        await record('approval-gate.updated', 'ApprovalGate', gate.id, plain, {
          ...gate,
          preconditions: data?.preconditions ?? before.preconditions.map((p) => p.name),
        });
      },
    });
  }
}

/**
 * Writes one sheet's changes: new rows created (after every record, or in the new order when it changes),
 * changed rows updated; when the order changes, each live record whose place moves is updated too. `data` is
 * null for a record whose only change is its place.
 */
async function applySheet<T, R extends { id: string; position: number; archivedAt: Date | null }>(
  sheet: SheetChanges<T>,
  existing: readonly R[],
  refOf: (record: R) => string,
  write: {
    create: (data: T, position: number) => Promise<void>;
    update: (before: R, data: T | null, position: number) => Promise<void>;
  },
): Promise<void> {
  const positions = sheet.order ? new Map(sheet.order.map((ref, i) => [ref, i])) : null;
  let next = nextPosition(existing);
  const rows = new Map(sheet.rows.map((r) => [r.ref, r]));
  for (const row of sheet.rows) {
    if (row.outcome === 'created') await write.create(row.data, positions?.get(row.ref) ?? next++);
  }
  for (const before of existing) {
    if (before.archivedAt) continue;
    const row = rows.get(refOf(before));
    const position = positions?.get(refOf(before)) ?? before.position;
    const changed = row?.outcome === 'updated' && row.changes.some((c) => c !== 'order');
    if (changed || position !== before.position)
      await write.update(before, changed ? row!.data : null, position);
  }
}

async function readUpload(upload: ReviewPlanUpload): Promise<Partial<Record<PlanSheetName, SheetGrid>>> {
  const sheets: Partial<Record<PlanSheetName, SheetGrid>> = {};
  if (upload.workbook) {
    const file = await readPlanFile(upload.workbook);
    if (file.kind !== 'xlsx')
      throw new PlanFileError(
        'unsupported-file',
        'The file "file" must be an .xlsx workbook; send CSV files as "stages", "engagement" and "gates", one a sheet.',
      );
    for (const name of PLAN_SHEETS) {
      const grid = file.sheets.find((s) => s.name.trim().toLowerCase() === name.toLowerCase());
      if (grid) sheets[name] = grid;
    }
    if (Object.keys(sheets).length === 0)
      throw new PlanFileError(
        'no-headers',
        `The workbook has none of the sheets ${PLAN_SHEETS.map((s) => `"${s}"`).join(', ')} (it has ${file.sheets.map((s) => `"${s.name}"`).join(', ')}).`,
      );
  }
  for (const name of PLAN_SHEETS) {
    const csv = upload.csv?.[name];
    if (!csv) continue;
    const file = await readPlanFile(csv);
    sheets[name] = { ...file.sheets[0], name };
  }
  if (Object.keys(sheets).length === 0)
    throw new PlanFileError(
      'empty-file',
      'Attach the plan: an .xlsx workbook as "file", or CSV files per sheet.',
    );
  return sheets;
}

function report(
  reviewId: string,
  changes: PlanChanges,
  outcome: { dryRun: boolean; applied: boolean },
): ReviewPlanImportReport {
  const sheets = Object.fromEntries(
    PLAN_SHEETS.map((name) => {
      const sheet = changes[PARTS[name]] as SheetChanges<unknown>;
      const count = (o: string) => sheet.rows.filter((r) => r.outcome === o).length;
      return [
        name,
        {
          given: sheet.given,
          created: count('created'),
          updated: count('updated'),
          unchanged: count('unchanged'),
          rows: sheet.rows.map(({ data: _data, ...row }) => row),
        },
      ];
    }),
  ) as ReviewPlanImportReport['sheets'];
  const total = (k: 'created' | 'updated' | 'unchanged') => PLAN_SHEETS.reduce((n, s) => n + sheets[s][k], 0);
  const counts = `${total('created')} created, ${total('updated')} updated, ${total('unchanged')} unchanged`;
  const message = changes.problems.length
    ? `Nothing was imported: ${changes.problems.length} problem(s) (see problems, by sheet, row and column). Correct them and import again.`
    : outcome.dryRun
      ? `Dry run: ${counts}. Nothing was written.`
      : `Imported: ${counts}.`;
  return { reviewId, ...outcome, message, sheets, problems: changes.problems };
}
