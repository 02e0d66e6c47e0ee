// The board's reading of the action plan: RAG, overdue, stale, unowned, unanswered, and the counts the
// Summary sheet and the covering email give. Pure functions of a BoardReportData snapshot.
import type { ActionStatus } from '@waymark/db';
import { londonIsoDate } from '@waymark/calendar';
import { ACTION_STATUSES } from '@waymark/contracts';
import { REPORT_RAGS, type ReportRag } from '@waymark/workbooks';
import type { BoardReportData, ReportAction } from './board-report.data';

/** The RAG a board sees. Complete is blue; a status older than the period is "stale", never its old colour. */
export { REPORT_RAGS, type ReportRag };

/** The RAG an action's status carries when nothing else (stale, overdue, the coordinator's) overrides it. */
export const RAG_OF_STATUS: Readonly<Record<ActionStatus, ReportRag>> = Object.freeze({
  NOT_STARTED: 'NOT_RATED',
  ON_TRACK: 'GREEN',
  AT_RISK: 'AMBER',
  OFF_TRACK: 'RED',
  BLOCKED: 'RED',
  COMPLETE: 'COMPLETE',
  CANCELLED: 'NOT_RATED',
});

export interface ActionAssessment {
  rag: ReportRag;
  /** Neither complete nor cancelled: still to be delivered. */
  live: boolean;
  overdue: boolean;
  stale: boolean;
  unowned: boolean;
  /** This period's request went out and has not been answered. */
  unanswered: boolean;
  /** Why the action is an exception, in words; empty when it is not one. */
  reasons: string[];
}

/** "31/03/2027": a UK short date, for text (cells carry real dates). */
export function ukShortDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

export function assessAction(
  action: ReportAction,
  data: Pick<BoardReportData, 'period' | 'asOf'>,
): ActionAssessment {
  const live = action.status !== 'COMPLETE' && action.status !== 'CANCELLED';
  const today = londonIsoDate(data.asOf);
  const due = action.dueDate ? action.dueDate.toISOString().slice(0, 10) : null;
  const overdue = live && due !== null && due < today;
  const lastAt = action.lastUpdate?.submittedAt ?? null;
  const stale = live && (lastAt === null || lastAt < data.period.start);
  const unowned = live && action.leadOfficer === null;
  const unanswered = live && !!action.request?.sentAt && action.request.answeredAt === null;

  let rag: ReportRag;
  if (!live) rag = RAG_OF_STATUS[action.status];
  else if (stale) rag = 'STALE';
  else if (overdue) rag = 'RED';
  else rag = action.rag ?? RAG_OF_STATUS[action.status];

  const reasons: string[] = [];
  if (rag === 'RED') reasons.push('Red');
  if (overdue && due) reasons.push(`Overdue (due ${ukShortDate(due)})`);
  if (stale) {
    reasons.push(
      lastAt ? `Stale (last update ${ukShortDate(londonIsoDate(lastAt))})` : 'Stale (never updated)',
    );
  }
  if (unowned) reasons.push('No named lead');
  if (unanswered) {
    const times = action.chasedThisPeriod;
    reasons.push(`Not answered (chased ${times} ${times === 1 ? 'time' : 'times'} this period)`);
  }
  return { rag, live, overdue, stale, unowned, unanswered, reasons };
}

export interface AssessedAction {
  action: ReportAction;
  assessment: ActionAssessment;
}

export interface HeadlineCounts {
  /** Actions not cancelled: live and complete. */
  actions: number;
  complete: number;
  /** Share of those actions complete, 0-100, whole number. */
  percentComplete: number;
  /** Mean percent complete over those actions (complete counts as 100, unreported as 0). */
  averageProgress: number;
  red: number;
  amber: number;
  green: number;
  stale: number;
  overdue: number;
  noOwner: number;
  unanswered: number;
}

export interface GroupCounts {
  label: string;
  actions: number;
  byStatus: Record<ActionStatus, number>;
  byRag: Record<ReportRag, number>;
  percentComplete: number;
  overdue: number;
  stale: number;
  noOwner: number;
}

export interface ResponseRate {
  organisation: string;
  sent: number;
  answered: number;
  /** answered / sent, 0-1; null when nothing was sent. */
  rate: number | null;
}

export interface BoardReportAssessment {
  actions: AssessedAction[];
  headline: HeadlineCounts;
  /** One row per priority in plan order, then "No priority" when needed; totals last. */
  byPriority: GroupCounts[];
  total: GroupCounts;
  responseRates: ResponseRate[];
  /** Exceptions, most serious first. */
  exceptions: AssessedAction[];
}

const percentOf = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

function countGroup(label: string, assessed: AssessedAction[]): GroupCounts {
  const byStatus = Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>;
  const byRag = Object.fromEntries(REPORT_RAGS.map((r) => [r, 0])) as Record<ReportRag, number>;
  let counted = 0;
  let complete = 0;
  let overdue = 0;
  let stale = 0;
  let noOwner = 0;
  for (const { action, assessment } of assessed) {
    byStatus[action.status] += 1;
    byRag[assessment.rag] += 1;
    if (action.status !== 'CANCELLED') counted += 1;
    if (action.status === 'COMPLETE') complete += 1;
    if (assessment.overdue) overdue += 1;
    if (assessment.stale) stale += 1;
    if (assessment.unowned) noOwner += 1;
  }
  return {
    label,
    actions: assessed.length,
    byStatus,
    byRag,
    percentComplete: percentOf(complete, counted),
    overdue,
    stale,
    noOwner,
  };
}

/** Natural order of refs: "P1.2" before "P1.10". */
const REF_ORDER = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
export const compareRefs = (a: string, b: string) => REF_ORDER.compare(a, b);

export function assessBoardReport(data: BoardReportData): BoardReportAssessment {
  const actions = [...data.actions]
    .sort((a, b) => compareRefs(a.ref, b.ref))
    .map((action) => ({ action, assessment: assessAction(action, data) }));
  const counted = actions.filter((a) => a.action.status !== 'CANCELLED');
  const complete = counted.filter((a) => a.action.status === 'COMPLETE').length;
  const count = (test: (a: ActionAssessment) => boolean) => actions.filter((a) => test(a.assessment)).length;
  const headline: HeadlineCounts = {
    actions: counted.length,
    complete,
    percentComplete: percentOf(complete, counted.length),
    averageProgress:
      counted.length === 0
        ? 0
        : Math.round(
            counted.reduce(
              (sum, { action }) => sum + (action.status === 'COMPLETE' ? 100 : (action.percentComplete ?? 0)),
              0,
            ) / counted.length,
          ),
    red: count((a) => a.rag === 'RED'),
    amber: count((a) => a.rag === 'AMBER'),
    green: count((a) => a.rag === 'GREEN'),
    stale: count((a) => a.stale),
    overdue: count((a) => a.overdue),
    noOwner: count((a) => a.unowned),
    unanswered: count((a) => a.unanswered),
  };

  const byPriority = data.priorities.map((p) =>
    countGroup(
      `${p.ref} ${p.title}`,
      actions.filter((a) => a.action.priorityId === p.id),
    ),
  );
  const known = new Set(data.priorities.map((p) => p.id));
  const orphans = actions.filter((a) => a.action.priorityId === null || !known.has(a.action.priorityId));
  if (orphans.length > 0) byPriority.push(countGroup('No priority', orphans));

  const rates = new Map<string, ResponseRate>();
  for (const { action } of actions) {
    const request = action.request;
    if (!request?.sentAt) continue;
    const row = rates.get(request.organisation) ?? {
      organisation: request.organisation,
      sent: 0,
      answered: 0,
      rate: null,
    };
    row.sent += 1;
    if (request.answeredAt) row.answered += 1;
    rates.set(request.organisation, row);
  }
  const responseRates = [...rates.values()]
    .map((r) => ({ ...r, rate: r.sent === 0 ? null : r.answered / r.sent }))
    .sort((a, b) => a.organisation.localeCompare(b.organisation, 'en-GB'));

  const exceptions = actions
    .filter((a) => a.assessment.reasons.length > 0)
    .sort(
      (a, b) =>
        Number(b.assessment.rag === 'RED') - Number(a.assessment.rag === 'RED') ||
        b.assessment.reasons.length - a.assessment.reasons.length ||
        b.action.chasedThisPeriod - a.action.chasedThisPeriod ||
        compareRefs(a.action.ref, b.action.ref),
    );

  return {
    actions,
    headline,
    byPriority,
    total: countGroup('All actions', actions),
    responseRates,
    exceptions,
  };
}
