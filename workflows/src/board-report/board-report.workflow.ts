import { proxyActivities } from '@temporalio/workflow';
import {
  BOARD_REPORT_NOT_POSSIBLE,
  BoardReportActivities,
  BoardReportRunResult,
  BoardReportWorkflowInput,
} from './board-report.contract';

const { prepareBoardReport, sendBoardReport } = proxyActivities<BoardReportActivities>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [BOARD_REPORT_NOT_POSSIBLE],
  },
});

/**
 * One run per board meeting, started by the board's Schedule (`board-report/<boardId>`) a few working
 * days before the meeting, or on demand. It builds the report for the next meeting once, as at the run's
 * start, then emails it to every member. Each send is idempotent per board, meeting and member, so a
 * retried activity or a second run for the same meeting never mails anyone twice.
 */
export async function boardReportWorkflow(input: BoardReportWorkflowInput): Promise<BoardReportRunResult> {
  // Workflow time: the same instant on every replay.
  const asOf = new Date().toISOString();
  const prepared = await prepareBoardReport({ boardId: input.boardId, asOf });
  if (prepared.outcome === 'no-upcoming-meeting') return prepared;

  const outcomes = await Promise.all(
    prepared.memberIds.map((memberId) => sendBoardReport({ reportId: prepared.reportId, memberId })),
  );
  const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
  return {
    outcome: 'delivered',
    reportId: prepared.reportId,
    meetsOn: prepared.meetsOn,
    sent: count('sent'),
    alreadySent: count('already-sent'),
    skipped: count('skipped'),
  };
}
