import type { HousekeepingActivities } from '@waymark/workflows';
import { HousekeepingSweeps } from '../housekeeping-sweeps';

/** One activity per sweep, each a page of it; safe to run twice. */
export function createHousekeepingActivities(sweeps: HousekeepingSweeps): HousekeepingActivities {
  return {
    startMissingActionWorkflows: (input) => sweeps.startMissingActionWorkflows(input),
    stopArchivedActionWorkflows: (input) => sweeps.stopArchivedActionWorkflows(input),
    createKpiCollectionSchedules: (input) => sweeps.createKpiCollectionSchedules(input),
    resendUpdateConfirmations: (input) => sweeps.resendUpdateConfirmations(input),
    resendInboundAnswers: (input) => sweeps.resendInboundAnswers(input),
    warnReviewsDue: (input) => sweeps.warnReviewsDue(input),
    createAnnualReturnSchedules: (input) => sweeps.createAnnualReturnSchedules(input),
    signalUnsignalledUpdates: (input) => sweeps.signalUnsignalledUpdates(input),
    signalUnsignalledAnswers: (input) => sweeps.signalUnsignalledAnswers(input),
  };
}
