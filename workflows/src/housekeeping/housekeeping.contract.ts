// The housekeeping workflow's contract: what each sweep is given and returns. Shared by the workflow, the
// worker's activities, the schedule service in libs/temporal and the tests.

/** The one schedule of the cluster; its runs are `housekeeping` plus the fire time. */
export const HOUSEKEEPING_SCHEDULE_ID = 'housekeeping';
export const HOUSEKEEPING_WORKFLOW_ID = 'housekeeping';

/** How many records one activity call of a sweep handles. */
export const HOUSEKEEPING_PAGE_SIZE = 200;

export interface SweepPageInput {
  /** The run's start (ISO): every page of every sweep sees the same moment. */
  asOf: string;
  /** Where the previous page ended; null for the first page. */
  after: string | null;
}

export interface SweepPage {
  /** What this page acted on: action or partnership IDs, or the updates and messages answered. */
  done: string[];
  /** Where the next page starts; null when this was the last. */
  next: string | null;
}

/** Implemented in apps/worker/src/activities; the workflow imports only this type. One activity per sweep. */
export interface HousekeepingActivities {
  /** Starts the workflow of each live action with a lead that has none running. */
  startMissingActionWorkflows(input: SweepPageInput): Promise<SweepPage>;
  /** Stops the workflow of each archived action that still has one (archived while Temporal was down). */
  stopArchivedActionWorkflows(input: SweepPageInput): Promise<SweepPage>;
  /** Gives each partnership with data owners its KPI collection schedule, unless it has one. */
  createKpiCollectionSchedules(input: SweepPageInput): Promise<SweepPage>;
  /** Sends the confirmations of form updates that a failed send or a crash left unsent. */
  resendUpdateConfirmations(input: SweepPageInput): Promise<SweepPage>;
  /** Sends the answers to emailed replies that a failed send or a crash left unsent. */
  resendInboundAnswers(input: SweepPageInput): Promise<SweepPage>;
  /**
   * Warns the coordinator and the board chair of each strategy whose review falls due (12, 6 and 3 months
   * before its window closes) or is overdue; each warning once. Since the `review-warnings` patch.
   */
  warnReviewsDue(input: SweepPageInput): Promise<SweepPage>;
  /**
   * Gives each partnership with commissioned safe-accommodation services its April annual return
   * schedule, unless it has one. Since the `annual-return-schedules` patch.
   */
  createAnnualReturnSchedules(input: SweepPageInput): Promise<SweepPage>;
  /**
   * Tells each action's workflow of the updates whose signal failed when they were recorded (Temporal was
   * unreachable). Since the `updates-signalled` patch.
   */
  signalUnsignalledUpdates(input: SweepPageInput): Promise<SweepPage>;
  /**
   * Tells each workflow of the KPI figures, providers' answers and engagement responses whose signal failed
   * when they were recorded (Temporal was unreachable); a page is `<kind>/<requestId>`s of one kind. Since the
   * `answers-signalled` patch.
   */
  signalUnsignalledAnswers(input: SweepPageInput): Promise<SweepPage>;
}

export type HousekeepingSweep = keyof HousekeepingActivities;

export interface HousekeepingResult {
  /** Action IDs whose workflow was started. */
  started: string[];
  /** Action IDs whose workflow was stopped. */
  stopped: string[];
  /** Partnership IDs given a KPI collection schedule. */
  kpiSchedules: string[];
  /** Update IDs whose confirmation was sent. */
  confirmationsSent: string[];
  /** InboundMessage IDs whose answer was sent. */
  answersSent: string[];
  /** Strategy IDs whose review warning went out (since the `review-warnings` patch). */
  reviewWarningsSent?: string[];
  /** Partnership IDs given an annual return schedule (since the `annual-return-schedules` patch). */
  annualReturnSchedules?: string[];
  /** Update IDs whose action's workflow was told late (since the `updates-signalled` patch). */
  updatesSignalled?: string[];
  /**
   * `<kind>/<requestId>` of the KPI, provider and engagement requests whose workflow was told of their answer
   * late (since the `answers-signalled` patch).
   */
  answersSignalled?: string[];
  /** The sweeps that failed after their retries: the next run tries again. */
  failed: HousekeepingSweep[];
}
