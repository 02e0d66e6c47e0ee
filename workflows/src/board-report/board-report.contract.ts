// The board report workflow's contract: its input, its result and the activities it calls. Shared by the
// workflow, the worker's activities, the schedule service in libs/temporal and the tests.

export const BOARD_REPORT_WORKFLOW_TYPE = 'boardReportWorkflow';

/** One schedule per board; it starts runs of `board-report/<boardId>` (Temporal appends the fire time). */
export function boardReportScheduleId(boardId: string): string {
  return `board-report/${boardId}`;
}

export function boardReportWorkflowId(boardId: string): string {
  return `board-report/${boardId}`;
}

export interface BoardReportWorkflowInput {
  boardId: string;
}

export type PreparedBoardReport =
  | { outcome: 'no-upcoming-meeting' }
  | {
      outcome: 'ready';
      reportId: string;
      /** The meeting the report is for (ISO date). */
      meetsOn: string;
      /** Board members to send it to (BoardMember ids). */
      memberIds: string[];
    };

export type BoardReportRunResult =
  | { outcome: 'no-upcoming-meeting' }
  | {
      outcome: 'delivered';
      reportId: string;
      meetsOn: string;
      sent: number;
      alreadySent: number;
      skipped: number;
    };

/** The error an activity raises when no report can be built (no current strategy): retrying cannot help. */
export const BOARD_REPORT_NOT_POSSIBLE = 'BoardReportNotPossible';

/** Implemented in apps/worker/src/activities; the workflow imports only this type. */
export interface BoardReportActivities {
  /**
   * Builds and keeps the report for the board's next meeting on or after `asOf`, once: a retry, or a
   * second run for the same meeting, finds the stored report.
   */
  prepareBoardReport(input: { boardId: string; asOf: string }): Promise<PreparedBoardReport>;
  /** Emails the stored report to one member, at most once per board, meeting and member. */
  sendBoardReport(input: {
    reportId: string;
    memberId: string;
  }): Promise<{ outcome: 'sent' | 'already-sent' | 'skipped' }>;
}
