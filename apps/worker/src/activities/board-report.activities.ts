import { BoardReportDelivery } from '@waymark/reports';
import type { BoardReportActivities } from '@waymark/workflows';

/** Thin wrappers over the board report delivery service; each is safe to run twice. */
export function createBoardReportActivities(delivery: BoardReportDelivery): BoardReportActivities {
  return {
    prepareBoardReport: ({ boardId, asOf }) => delivery.prepare(boardId, new Date(asOf)),
    sendBoardReport: ({ reportId, memberId }) => delivery.send(reportId, memberId),
  };
}
