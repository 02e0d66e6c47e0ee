import { ActivityFailure, patched, proxyActivities } from '@temporalio/workflow';
import type {
  HousekeepingActivities,
  HousekeepingResult,
  HousekeepingSweep,
  SweepPage,
} from './housekeeping.contract';

const sweeps = proxyActivities<HousekeepingActivities>({
  startToCloseTimeout: '5 minutes',
  // A sweep that still fails (Temporal or the mail server unreachable) is left to the next run.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/** The sweeps in the order they run, each with where its result goes. */
const SWEEPS: [
  HousekeepingSweep,
  Exclude<
    keyof HousekeepingResult,
    'failed' | 'reviewWarningsSent' | 'annualReturnSchedules' | 'updatesSignalled' | 'answersSignalled'
  >,
][] = [
  ['startMissingActionWorkflows', 'started'],
  ['stopArchivedActionWorkflows', 'stopped'],
  ['createKpiCollectionSchedules', 'kpiSchedules'],
  ['resendUpdateConfirmations', 'confirmationsSent'],
  ['resendInboundAnswers', 'answersSent'],
];

/**
 * Brings Temporal in step with the records and sends what was left unsent, once per cluster: started by
 * the `housekeeping` Schedule (every RECONCILE_INTERVAL_SECONDS; overlapping runs are skipped) and once
 * when a worker starts. Each sweep is its own activity, called page by page (HOUSEKEEPING_PAGE_SIZE
 * records each) until it returns no next page; one sweep failing does not stop the others.
 *
 * Versioning: once released, changes to this logic go behind `patched()` (see action.workflow.ts), and
 * test/workflows/histories/housekeeping.json must still replay.
 */
export async function housekeepingWorkflow(): Promise<HousekeepingResult> {
  // Workflow time: the same instant on every replay.
  const asOf = new Date().toISOString();
  const result: HousekeepingResult = {
    started: [],
    stopped: [],
    kpiSchedules: [],
    confirmationsSent: [],
    answersSent: [],
    failed: [],
  };
  /** Runs one sweep page by page; a sweep that still fails is listed, and the others go on. */
  async function run(sweep: HousekeepingSweep, into: string[]): Promise<void> {
    let after: string | null = null;
    try {
      do {
        const page: SweepPage = await sweeps[sweep]({ asOf, after });
        into.push(...page.done);
        after = page.next;
      } while (after !== null);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      result.failed.push(sweep);
    }
  }
  for (const [sweep, into] of SWEEPS) await run(sweep, result[into]);
  if (patched('review-warnings')) await run('warnReviewsDue', (result.reviewWarningsSent = []));
  if (patched('annual-return-schedules'))
    await run('createAnnualReturnSchedules', (result.annualReturnSchedules = []));
  if (patched('updates-signalled')) await run('signalUnsignalledUpdates', (result.updatesSignalled = []));
  if (patched('answers-signalled')) await run('signalUnsignalledAnswers', (result.answersSignalled = []));
  return result;
}
