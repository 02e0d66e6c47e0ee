import type { ActionWorkflowState } from '@waymark/workflows';
import { WorkflowView, withSentRequest } from './action.view';

describe('the live phase an action shows', () => {
  const state = (phase: ActionWorkflowState['phase']): ActionWorkflowState => ({
    phase,
    periodKey: '2026-Q3',
    requestId: 'request-1',
    chaseWorkflowId: 'chase/lead/2026-Q3',
    deadline: '2026-12-20T17:00:00.000Z',
    nextChaseAt: '2026-12-10T09:00:00.000Z',
    requestsSent: 1,
    lastUpdate: null,
    paused: false,
  });
  const phase = (view: WorkflowView) => (view.available ? view.state?.phase : undefined);
  const sent = { id: 'request-1', sentAt: new Date('2026-12-07T09:00:00Z') };
  const unsent = { id: 'request-1', sentAt: null };

  it('reads "awaiting-update" once the chase emailed the request before the action’s own request date', () => {
    expect(phase(withSentRequest({ available: true, state: state('waiting-to-request') }, sent))).toBe(
      'awaiting-update',
    );
  });

  it('reads "waiting-to-request" while the chase has not emailed it, whatever the clock says', () => {
    expect(phase(withSentRequest({ available: true, state: state('awaiting-update') }, unsent))).toBe(
      'waiting-to-request',
    );
  });

  it.each(['answered', 'unanswered', 'paused', 'closed'] as const)(
    'leaves "%s" as the workflow says',
    (p) => {
      expect(phase(withSentRequest({ available: true, state: state(p) }, unsent))).toBe(p);
    },
  );

  it('leaves another period’s request, or no workflow, alone', () => {
    const other = { id: 'request-0', sentAt: null };
    expect(phase(withSentRequest({ available: true, state: state('awaiting-update') }, other))).toBe(
      'awaiting-update',
    );
    const down: WorkflowView = { available: false, reason: 'Temporal unreachable' };
    expect(withSentRequest(down, sent)).toBe(down);
  });
});
