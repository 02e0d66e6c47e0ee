// The strategy review's look-back pack: what Waymark holds about a strategy under review (every action with
// its whole history, the KPIs over the strategy's period, the annual returns of those years, and how each
// partner organisation answered its update requests), and the reading both the workbook and the board's
// narrative give of it. Plain data and pure functions (no Prisma, no exceljs), like the board report's.
import type { ActionStatus, UpdateChannel } from '@waymark/db';
import { londonIsoDate } from '@waymark/calendar';
import { kpiStatus } from '@waymark/kpi';
import { RAG_OF_STATUS, compareRefs, type ReportRag } from './board-report.assess';
import type { ReportKpi } from './board-report.data';

export interface PackUpdate {
  id: string;
  /** The reporting period it answered (its request's), else the period it was sent in. */
  periodKey: string;
  submittedAt: Date;
  submittedBy: string | null;
  channel: UpdateChannel;
  status: ActionStatus;
  percentComplete: number | null;
  commentary: string | null;
  blockers: string | null;
  proposedDueDate: Date | null;
  /** NOT_REQUIRED, PENDING, APPROVED or REFUSED: the coordinator's decision on a proposed date. */
  approvalState: string;
}

export interface PackRequest {
  periodKey: string;
  organisation: string;
  sentAt: Date | null;
  respondBy: Date;
  answeredAt: Date | null;
  /** OPEN, ANSWERED, EXPIRED or REVOKED. */
  state: string;
  remindersSent: number;
}

/** Evidence by name and link only: a file's contents are never part of the pack. */
export interface PackEvidence {
  /** The update it came with, if any. */
  updateId: string | null;
  kind: 'FILE' | 'LINK';
  name: string;
  url: string | null;
  addedAt: Date;
  /** Quarantined or erased: named as withheld. */
  withheld: boolean;
}

/** A due date moved: by the coordinator, or a lead's proposed date approved. */
export interface PackExtension {
  at: Date;
  from: Date | null;
  to: Date | null;
  how: 'Changed by the coordinator' | 'Proposed by the lead and approved';
  reason: string | null;
}

export interface PackAction {
  id: string;
  ref: string;
  title: string;
  priority: string;
  leadOrganisation: string;
  leadOfficer: string | null;
  dueDate: Date | null;
  dueDateText: string | null;
  /** Where it stands now: the latest update's status, or the coordinator's closing. */
  status: ActionStatus;
  percentComplete: number | null;
  closedAt: Date | null;
  closingNote: string | null;
  updates: PackUpdate[];
  requests: PackRequest[];
  evidence: PackEvidence[];
  extensions: PackExtension[];
}

/** One headline figure of an annual return, in words ("106", "£1,200", "Not provided"). */
export interface PackReturnFigure {
  label: string;
  value: string;
}

export interface PackReturn {
  financialYear: string;
  /** The latest approved version, else the draft (marked as such); none: no return in Waymark. */
  status: { state: 'approved'; version: number; approvedAt: Date } | { state: 'draft' } | { state: 'none' };
  figures: PackReturnFigure[];
}

export interface ReviewPackData {
  partnershipName: string;
  strategy: {
    id: string;
    title: string;
    periodStart: Date;
    periodEnd: Date;
    firstPublishedOn: Date | null;
  };
  /** The look-back: the strategy's period (its last three years at most), up to the as-at instant. */
  window: { start: Date; end: Date };
  asOf: Date;
  actions: PackAction[];
  /** Values within the window, the latest revision per period. */
  kpis: ReportKpi[];
  returns: PackReturn[];
}

// ---------------------------------------------------------------------------------------------------
// The reading
// ---------------------------------------------------------------------------------------------------

export type Answer = 'On time' | 'Late' | 'Never answered' | 'Not yet due' | 'Withdrawn';

/** How a request was answered, as of the as-at instant. */
export function answerOf(request: PackRequest, asOf: Date): Answer {
  if (request.answeredAt) return request.answeredAt <= request.respondBy ? 'On time' : 'Late';
  if (request.state === 'REVOKED') return 'Withdrawn';
  return request.state === 'EXPIRED' || request.respondBy < asOf ? 'Never answered' : 'Not yet due';
}

export interface PartnerResponses {
  organisation: string;
  sent: number;
  onTime: number;
  late: number;
  never: number;
  /** Sent, not answered, and not yet due. */
  notYetDue: number;
  /** (on time + late) / requests that are due; null when none is due yet. */
  rate: number | null;
  /** on time / requests that are due. */
  onTimeRate: number | null;
}

export type NeverDoneReason = 'Never started' | 'Never answered' | 'Overdue at the end';

export interface KpiOverPeriod {
  kpi: ReportKpi;
  first: { periodKey: string; value: number } | null;
  latest: { periodKey: string; value: number } | null;
  target: number | null;
  /** From the first comparable value to the latest (a break in the series starts again after it). */
  travel: 'Improving' | 'Worsening' | 'No change' | 'Up' | 'Down' | 'Not known';
  /** Periods whose series was redefined: not compared across. */
  breaks: string[];
}

export interface ReviewPackReading {
  /** Actions in ref order, with the RAG of where each stands now. */
  actions: { action: PackAction; rag: ReportRag; overdue: boolean }[];
  counts: {
    actions: number;
    complete: number;
    cancelled: number;
    live: number;
    notStarted: number;
    overdue: number;
    extended: number;
    updates: number;
    evidence: number;
  };
  neverDone: { action: PackAction; reasons: NeverDoneReason[] }[];
  responses: PartnerResponses[];
  kpis: KpiOverPeriod[];
}

const TRAVEL = Object.freeze({ IMPROVING: 'Improving', WORSENING: 'Worsening', NO_CHANGE: 'No change' });
const CHANGE = Object.freeze({ UP: 'Up', DOWN: 'Down', SAME: 'No change' });

/** A KPI from its first comparable value in the window to its latest, read as the API reads KPIs. */
export function kpiOverPeriod(kpi: ReportKpi, asOf: Date): KpiOverPeriod {
  const valued = kpi.values.filter((v): v is typeof v & { value: number } => v.value !== null);
  let lastBreak = 0;
  valued.forEach((v, i) => (lastBreak = v.seriesBreak ? i : lastBreak));
  const comparable = valued.slice(lastBreak);
  const first = comparable[0] ?? null;
  const status = kpiStatus({
    frequency: kpi.frequency,
    cadence: kpi.cadence,
    direction: kpi.direction,
    rag: kpi.rag,
    baseline: first && { periodKey: first.periodKey, value: first.value },
    targets: new Map(kpi.targets.map((t) => [t.periodKey, t.value])),
    series: kpi.values,
    asOf,
  });
  const since = status.sinceBaseline;
  return {
    kpi,
    first: first && { periodKey: first.periodKey, value: first.value },
    latest: status.latest && { periodKey: status.latest.periodKey, value: status.latest.value },
    target: status.target,
    travel:
      since === null ? 'Not known' : since.travel === null ? CHANGE[since.change] : TRAVEL[since.travel],
    breaks: kpi.values.filter((v) => v.seriesBreak).map((v) => v.periodKey),
  };
}

const isLive = (status: ActionStatus) => status !== 'COMPLETE' && status !== 'CANCELLED';

/** The pack's reading: counts, what was never done, response rates by partner, KPIs over the period. */
export function readReviewPack(data: ReviewPackData): ReviewPackReading {
  const today = londonIsoDate(data.asOf);
  const actions = [...data.actions]
    .sort((a, b) => compareRefs(a.ref, b.ref))
    .map((action) => {
      const due = action.dueDate?.toISOString().slice(0, 10);
      const overdue = isLive(action.status) && due !== undefined && due < today;
      return { action, rag: overdue ? 'RED' : RAG_OF_STATUS[action.status], overdue } as const;
    });
  const neverDone = actions.flatMap(({ action, overdue }) => {
    const reasons: NeverDoneReason[] = [];
    if (action.status === 'NOT_STARTED') reasons.push('Never started');
    const asked = action.requests.filter((r) => r.sentAt !== null);
    if (isLive(action.status) && asked.length > 0 && asked.every((r) => r.answeredAt === null))
      reasons.push('Never answered');
    if (overdue) reasons.push('Overdue at the end');
    return reasons.length ? [{ action, reasons }] : [];
  });

  const partners = new Map<string, PartnerResponses>();
  for (const { action } of actions)
    for (const request of action.requests) {
      if (request.sentAt === null) continue;
      const answer = answerOf(request, data.asOf);
      if (answer === 'Withdrawn') continue;
      const row = partners.get(request.organisation) ?? {
        organisation: request.organisation,
        sent: 0,
        onTime: 0,
        late: 0,
        never: 0,
        notYetDue: 0,
        rate: null,
        onTimeRate: null,
      };
      row.sent += 1;
      if (answer === 'On time') row.onTime += 1;
      else if (answer === 'Late') row.late += 1;
      else if (answer === 'Never answered') row.never += 1;
      else row.notYetDue += 1;
      partners.set(request.organisation, row);
    }
  const responses = [...partners.values()]
    .map((p) => {
      const due = p.sent - p.notYetDue;
      return {
        ...p,
        rate: due === 0 ? null : (p.onTime + p.late) / due,
        onTimeRate: due === 0 ? null : p.onTime / due,
      };
    })
    .sort((a, b) => a.organisation.localeCompare(b.organisation, 'en-GB'));

  const count = (test: (a: PackAction) => boolean) => data.actions.filter(test).length;
  return {
    actions,
    counts: {
      actions: data.actions.length,
      complete: count((a) => a.status === 'COMPLETE'),
      cancelled: count((a) => a.status === 'CANCELLED'),
      live: count((a) => isLive(a.status)),
      notStarted: count((a) => a.status === 'NOT_STARTED'),
      overdue: actions.filter((a) => a.overdue).length,
      extended: count((a) => a.extensions.length > 0),
      updates: data.actions.reduce((n, a) => n + a.updates.length, 0),
      evidence: data.actions.reduce((n, a) => n + a.evidence.length, 0),
    },
    neverDone,
    responses,
    kpis: data.kpis.map((kpi) => kpiOverPeriod(kpi, data.asOf)),
  };
}
