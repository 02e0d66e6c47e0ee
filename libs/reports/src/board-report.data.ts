// What a board report is made of: a snapshot of one strategy's action plan and KPIs for one reporting
// period, taken at one instant. Plain data (no Prisma, no exceljs), so the workbook can be built, tested and
// benchmarked without a database.
import type {
  ActionStatus,
  KpiDirection,
  KpiEntryCadence,
  KpiFrequency,
  KpiUnit,
  Rag,
  UpdateChannel,
} from '@waymark/db';
import type { RagRule } from '@waymark/kpi';
import type { ReviewClock } from '@waymark/strategies';

export interface ReportPeriod {
  /** e.g. "2026-27-Q3". */
  key: string;
  /** e.g. "Quarter 3 2026/27 (October to December 2026)". */
  label: string;
  start: Date;
  /** First instant after the period. */
  end: Date;
}

export interface ReportAction {
  id: string;
  ref: string;
  title: string;
  priorityId: string | null;
  /** Lead organisations linked to the action; empty when the plan named none we know. */
  leadOrganisations: string[];
  /** The lead cell as the plan wrote it. */
  leadText: string | null;
  /** The person chased for updates; null when the action has no named lead. */
  leadOfficer: { name: string; organisation: string | null } | null;
  dueDate: Date | null;
  dueDateText: string | null;
  /** From the latest update up to the as-at instant, else the action record. */
  status: ActionStatus;
  /** A coordinator's RAG on the action record, if any; otherwise RAG follows the status. */
  rag: Rag | null;
  percentComplete: number | null;
  /** The latest update up to the as-at instant. */
  lastUpdate: ReportUpdateRef | null;
  evidenceCount: number;
  /** This period's update request, if one was opened. */
  request: {
    organisation: string;
    sentAt: Date | null;
    answeredAt: Date | null;
    respondBy: Date;
  } | null;
  /** Emails sent asking for this period's update (first request and reminders). */
  chasedThisPeriod: number;
  /** Emails sent asking for an update, over the life of the action. */
  chasedTotal: number;
}

export interface ReportUpdateRef {
  id: string;
  submittedAt: Date;
  submittedBy: string | null;
  channel: UpdateChannel;
  commentary: string | null;
}

export interface ReportUpdate extends ReportUpdateRef {
  actionRef: string;
  actionTitle: string;
  status: ActionStatus;
  percentComplete: number | null;
  blockers: string | null;
  proposedDueDate: Date | null;
  approvalState: string;
  evidenceCount: number;
}

export interface ReportEvidence {
  id: string;
  actionRef: string;
  kind: 'FILE' | 'LINK';
  name: string;
  url: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  classification: string;
  quarantined: boolean;
  addedAt: Date;
}

export interface ReportKpiValue {
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
  /** Null: not supplied (missing is not zero). */
  value: number | null;
  status: string;
  revision: number;
  note: string | null;
  exceptional: boolean;
  /** The series was redefined from this period: not compared with earlier ones. */
  seriesBreak: boolean;
  source: string | null;
  enteredBy: string | null;
  enteredAt: Date;
}

export interface ReportKpi {
  id: string;
  code: string;
  name: string;
  unit: KpiUnit;
  direction: KpiDirection;
  frequency: KpiFrequency;
  /** How often a figure is entered; every period when left out. */
  cadence?: KpiEntryCadence;
  baselineValue: number | null;
  baselinePeriod: string | null;
  /** The KPI's RAG rule, as the API rates it (tolerance around the target, thresholds, or none). */
  rag: RagRule;
  source: string | null;
  dataOwner: string | null;
  /** The latest revision per period, oldest period first. */
  values: ReportKpiValue[];
  targets: { periodKey: string; value: number }[];
}

export interface BoardReportData {
  partnershipName: string;
  strategy: { id: string; title: string };
  /** The statutory review clock of the strategy (null until its first publication is recorded). */
  reviewClock: ReviewClock | null;
  period: ReportPeriod;
  /** The instant the figures were taken at. */
  asOf: Date;
  /** The board meeting the report is prepared for, when it is for one. */
  meeting: { boardName: string; meetsOn: Date } | null;
  priorities: { id: string; ref: string; title: string }[];
  actions: ReportAction[];
  /** Updates submitted in the period, up to the as-at instant. */
  updates: ReportUpdate[];
  evidence: ReportEvidence[];
  kpis: ReportKpi[];
}
