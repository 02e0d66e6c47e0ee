import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Caller } from '@waymark/access';
import { AuditLog, callerActor } from '@waymark/audit';
import { ActionControls } from '@waymark/chasing';
import type { CarryDecision, CarryForward } from '@waymark/contracts';
import { Prisma, PrismaService } from '@waymark/db';
import { ActionWorkflows } from '@waymark/temporal';
import type { CloseOutcome } from '@waymark/workflows';

/** The old plan's actions still open when its review approved the new strategy. */
const unfinished = (strategyId: string): Prisma.ActionWhereInput => ({
  strategyId,
  archivedAt: null,
  closedAt: null,
  status: { notIn: ['COMPLETE', 'CANCELLED'] },
});

const CLOSES: Record<CarryDecision['choice'], CloseOutcome> = {
  carry: 'CARRIED_FORWARD',
  close: 'COMPLETE',
  drop: 'CANCELLED',
};

type Problem = { field: string; message: string };

/** One refusal naming every problem, as the admin API's other refusals do: nothing is written. */
const refused = (errors: Problem[]) =>
  new UnprocessableEntityException({ message: 'Nothing was carried forward', errors });

/**
 * Carrying the old strategy's plan into the new one, once its review approved the new strategy: for every
 * unfinished action the coordinator's choice (carried with a new due date and its history linked, closed with
 * a note, or dropped with a reason), and how each KPI carries over. The decisions and the new actions are
 * written in one transaction; then each old action's workflow is closed (its lead is never chased again for
 * it) and each new action's workflow started. Asked again with the same decisions, it finishes whatever a
 * failure left undone; nothing is carried twice.
 */
@Injectable()
export class CarryForwardService {
  private readonly logger = new Logger(CarryForwardService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly actionWorkflows: ActionWorkflows,
    private readonly controls: ActionControls,
  ) {}

  /** What is to be decided (the unfinished actions, the KPIs) and what was decided. */
  async view(partnershipId: string, reviewId: string) {
    const review = await this.review(partnershipId, reviewId);
    const decisions = await this.prisma.carryForwardDecision.findMany({
      where: { reviewId },
      include: { action: { select: { ref: true, title: true } } },
      orderBy: { action: { ref: 'asc' } },
    });
    const newActions = await this.prisma.action.findMany({
      where: { id: { in: decisions.flatMap((d) => (d.newActionId ? [d.newActionId] : [])) } },
      select: { id: true, ref: true, dueDate: true, strategyId: true, closedAt: true },
    });
    const actions = await this.prisma.action.findMany({
      where: review.carriedForwardAt
        ? { id: { in: decisions.map((d) => d.actionId) } }
        : unfinished(review.strategyId),
      include: { leadContact: { select: { id: true, name: true } } },
      orderBy: { ref: 'asc' },
    });
    const kpis = await this.prisma.kpi.findMany({
      where: {
        strategyId: { in: [review.strategyId, ...(review.newStrategyId ? [review.newStrategyId] : [])] },
      },
      select: { id: true, code: true, name: true, strategyId: true, seriesBreakFrom: true, archivedAt: true },
      orderBy: { code: 'asc' },
    });
    return {
      reviewId,
      state: review.carriedForwardAt ? 'carried-forward' : canDecide(review.state) ? 'to-decide' : 'not-yet',
      strategyId: review.strategyId,
      newStrategyId: review.newStrategyId,
      carriedForwardAt: review.carriedForwardAt,
      actions: actions.map((a) => {
        const decision = decisions.find((d) => d.actionId === a.id);
        const carried = newActions.find((n) => n.id === decision?.newActionId);
        return {
          id: a.id,
          ref: a.ref,
          title: a.title,
          status: a.status,
          rag: a.rag,
          percentComplete: a.percentComplete,
          dueDate: a.dueDate?.toISOString().slice(0, 10) ?? null,
          lead: a.leadContact,
          decision: decision
            ? {
                choice: decision.choice.toLowerCase(),
                note: decision.note,
                decidedAt: decision.decidedAt,
                newAction: carried
                  ? { id: carried.id, ref: carried.ref, dueDate: carried.dueDate?.toISOString().slice(0, 10) }
                  : null,
              }
            : null,
        };
      }),
      kpis: kpis.map((k) => ({
        id: k.id,
        code: k.code,
        name: k.name,
        series: k.archivedAt
          ? 'retired'
          : k.seriesBreakFrom
            ? `new from ${k.seriesBreakFrom.toISOString().slice(0, 10)}`
            : 'continues',
      })),
    };
  }

  /** Records the decisions (all or nothing), then closes the old actions' workflows and starts the new ones'. */
  async carry(caller: Caller, reviewId: string, input: CarryForward) {
    const review = await this.review(caller.partnershipId, reviewId);
    if (review.carriedForwardAt) {
      await this.sameAsDecided(reviewId, review.newStrategyId, input);
    } else {
      if (!canDecide(review.state))
        throw new ConflictException(
          'The new strategy is not approved yet: carry the plan forward once every gate has passed',
        );
      await this.decide(caller, review, input);
    }
    await this.finish(caller, reviewId);
    return this.view(caller.partnershipId, reviewId);
  }

  private async decide(
    caller: Caller,
    review: { id: string; strategyId: string; partnershipId: string },
    input: CarryForward,
  ): Promise<void> {
    const newStrategy = await this.prisma.strategy.findFirst({
      where: { id: input.newStrategyId, partnershipId: review.partnershipId, archivedAt: null },
      include: { priorities: { select: { id: true } }, actions: { select: { ref: true } } },
    });
    const problems: Problem[] = [];
    if (!newStrategy || newStrategy.id === review.strategyId)
      problems.push({ field: 'newStrategyId', message: "Not one of this partnership's other strategies" });
    const open = await this.prisma.action.findMany({
      where: unfinished(review.strategyId),
      include: { leadOrganisations: true, kpis: true },
    });
    const kpis = await this.prisma.kpi.findMany({
      where: { strategyId: review.strategyId, archivedAt: null },
    });
    problems.push(...checkDecisions(input, open, kpis, newStrategy));
    if (problems.length) throw refused(problems);

    const seriesFrom = newStrategy!.periodStart;
    await this.prisma.$transaction(
      async (tx) => {
        for (const decision of input.actions) {
          const old = open.find((a) => a.id === decision.actionId)!;
          const created =
            decision.choice === 'carry'
              ? await tx.action.create({
                  data: {
                    partnershipId: old.partnershipId,
                    strategyId: newStrategy!.id,
                    priorityId: decision.priorityId ?? null,
                    outcomeId: null,
                    ref: decision.ref ?? old.ref,
                    title: old.title,
                    text: old.text,
                    leadContactId: old.leadContactId,
                    leadText: old.leadText,
                    supportingText: old.supportingText,
                    dueDate: new Date(`${decision.dueDate}T00:00:00Z`),
                    dueDateParse: 'PARSED',
                    measureText: old.measureText,
                    carriedFromActionId: old.id,
                    status: old.status,
                    rag: old.rag,
                    percentComplete: old.percentComplete,
                    reportingCadence: old.reportingCadence,
                    leadOrganisations: {
                      create: old.leadOrganisations.map((o) => ({ organisationId: o.organisationId })),
                    },
                    kpis: { create: old.kpis.map((k) => ({ kpiId: k.kpiId })) },
                  },
                })
              : null;
          await tx.carryForwardDecision.create({
            data: {
              reviewId: review.id,
              actionId: old.id,
              choice: decision.choice === 'carry' ? 'CARRY' : decision.choice === 'close' ? 'CLOSE' : 'DROP',
              newActionId: created?.id ?? null,
              note: decision.note ?? null,
              decidedBy: caller.userId,
            },
          });
        }
        const series = new Map(input.kpis.map((k) => [k.kpiId, k.series]));
        for (const kpi of kpis) {
          const choice = series.get(kpi.id) ?? 'continue';
          await tx.kpi.update({
            where: { id: kpi.id },
            data:
              choice === 'retire'
                ? { archivedAt: new Date() }
                : {
                    strategyId: newStrategy!.id,
                    ...(choice === 'new' ? { seriesBreakFrom: seriesFrom } : {}),
                  },
          });
        }
        await tx.strategyReview.update({
          where: { id: review.id },
          data: { newStrategyId: newStrategy!.id, carriedForwardAt: new Date() },
        });
        const count = (choice: string) => input.actions.filter((a) => a.choice === choice).length;
        const kpiCount = (choice: string) =>
          kpis.filter((k) => (series.get(k.id) ?? 'continue') === choice).length;
        await this.audit.record(
          {
            partnershipId: review.partnershipId,
            actor: callerActor(caller),
            event: 'strategy-review.carried-forward',
            entityType: 'StrategyReview',
            entityId: review.id,
            channel: 'api',
            after: {
              newStrategyId: newStrategy!.id,
              carried: count('carry'),
              closed: count('close'),
              dropped: count('drop'),
              kpis: {
                continued: kpiCount('continue'),
                newSeries: kpiCount('new'),
                retired: kpiCount('retire'),
              },
            },
          },
          tx,
        );
      },
      { timeout: 60_000 },
    );
  }

  /**
   * Each old action closed through its workflow (which withdraws it from its lead's chase), or directly when no
   * workflow runs for it; each new action's workflow started. What is done already is left as it is.
   */
  private async finish(caller: Caller, reviewId: string): Promise<void> {
    const decisions = await this.prisma.carryForwardDecision.findMany({
      where: { reviewId },
      include: { action: { select: { id: true, closedAt: true } } },
    });
    const { newStrategyId } = await this.prisma.strategyReview.findUniqueOrThrow({
      where: { id: reviewId },
      select: { newStrategyId: true },
    });
    const carriedInto = newStrategyId
      ? await this.prisma.strategy.findUniqueOrThrow({ where: { id: newStrategyId } })
      : null;
    const newRefs = new Map(
      (
        await this.prisma.action.findMany({
          where: { id: { in: decisions.flatMap((d) => (d.newActionId ? [d.newActionId] : [])) } },
          select: { id: true, ref: true },
        })
      ).map((a) => [a.id, a.ref]),
    );
    for (const decision of decisions) {
      if (!decision.action.closedAt) {
        const choice = decision.choice.toLowerCase() as CarryDecision['choice'];
        const note =
          choice === 'carry'
            ? `Carried forward into ${carriedInto?.title ?? 'the new strategy'} as ${newRefs.get(decision.newActionId!)}` +
              (decision.note ? `: ${decision.note}` : '')
            : decision.note!;
        await this.close(caller, decision.actionId, CLOSES[choice], note);
      }
      if (decision.newActionId) await this.actionWorkflows.ensureStarted(decision.newActionId);
    }
  }

  private async close(caller: Caller, actionId: string, outcome: CloseOutcome, note: string): Promise<void> {
    const asker = { caller: { userId: caller.userId, role: caller.role } };
    try {
      await this.actionWorkflows.control(actionId, { kind: 'close', outcome, note, ...asker });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // No workflow runs for it (it finished with its last period): closed here, with the same audit event.
      this.logger.log(`Action ${actionId} has no running workflow: closed directly`);
      await this.controls.apply({ kind: 'close', actionId, outcome, note, ...asker });
    }
  }

  private async review(partnershipId: string, reviewId: string) {
    const review = await this.prisma.strategyReview.findFirst({ where: { id: reviewId, partnershipId } });
    if (!review) throw new NotFoundException(`No strategy review ${reviewId}`);
    return review;
  }

  /** Asked again after the decisions were recorded: only the same decisions finish what is left. */
  private async sameAsDecided(
    reviewId: string,
    newStrategyId: string | null,
    input: CarryForward,
  ): Promise<void> {
    const decided = await this.prisma.carryForwardDecision.findMany({ where: { reviewId } });
    const same =
      newStrategyId === input.newStrategyId &&
      decided.length === input.actions.length &&
      input.actions.every((a) =>
        decided.some((d) => d.actionId === a.actionId && d.choice === a.choice.toUpperCase()),
      );
    if (!same)
      throw new ConflictException(
        'The plan was carried forward already, with other decisions: change the new plan through its actions',
      );
  }
}

/** The review approved the new strategy (every gate passed), or published it. */
function canDecide(state: string): boolean {
  return state === 'APPROVED' || state === 'PUBLISHED';
}

/** Every unfinished action decided once, nothing else; the new references free and the priorities the new strategy's. */
function checkDecisions(
  input: CarryForward,
  open: Array<{ id: string; ref: string }>,
  kpis: Array<{ id: string }>,
  newStrategy: { priorities: Array<{ id: string }>; actions: Array<{ ref: string }> } | null,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const refs = new Set(newStrategy?.actions.map((a) => a.ref) ?? []);
  input.actions.forEach((decision, i) => {
    const field = `actions.${i}`;
    const old = open.find((a) => a.id === decision.actionId);
    if (!old)
      problems.push({ field: `${field}.actionId`, message: 'Not an unfinished action of the old strategy' });
    else if (seen.has(old.id))
      problems.push({ field: `${field}.actionId`, message: `${old.ref} is decided twice` });
    if (old) seen.add(old.id);
    if (decision.choice !== 'carry' || !old) return;
    const ref = decision.ref ?? old.ref;
    if (refs.has(ref))
      problems.push({
        field: `${field}.ref`,
        message: `The new plan has an action ${ref} already: give another ref`,
      });
    refs.add(ref);
    if (decision.priorityId && !newStrategy?.priorities.some((p) => p.id === decision.priorityId))
      problems.push({ field: `${field}.priorityId`, message: "Not one of the new strategy's priorities" });
  });
  const undecided = open.filter((a) => !seen.has(a.id)).map((a) => a.ref);
  if (undecided.length)
    problems.push({ field: 'actions', message: `No decision for ${undecided.sort().join(', ')}` });
  input.kpis.forEach((k, i) => {
    if (!kpis.some((kpi) => kpi.id === k.kpiId))
      problems.push({ field: `kpis.${i}.kpiId`, message: "Not one of the old strategy's KPIs" });
  });
  return problems;
}
