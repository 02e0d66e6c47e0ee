// An action's period ends and the next begins: the workflow closes the unanswered request, continues as
// new, and asks the lead again for the new period. Periods are made short (seconds) by the chase policy's
// periodLength, which exists for demos and tests; the history of the rolled-over run is kept for replay.
import { TemporalClient } from '@waymark/temporal';
import { actionStateQuery, actionWorkflowId } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { FAST_CHASE } from '../support/fixtures';
import { recordHistory } from '../support/histories';
import { waymarkSuite } from '../support/suite';
import { createAction } from './chasing-fixtures';

describe("an action's period rolls over", () => {
  const suite = waymarkSuite();

  it('closes the unanswered request at the period end and asks again for the next period', async () => {
    const { prisma } = suite.waymark;
    await prisma.strategy.update({
      where: { id: suite.fixture.strategy.id },
      data: { chasePolicy: { ...FAST_CHASE, requestBefore: { seconds: 5 }, periodLength: { seconds: 15 } } },
    });
    const id = await createAction(suite.http(), suite.fixture, suite.fixture.lead.id, 'ROLL-1');
    const handle = suite.waymark.api.get(TemporalClient).client.workflow.getHandle(actionWorkflowId(id));
    const firstRun = (await handle.describe()).runId;

    const requests = await eventually(async () => {
      const found = await prisma.updateRequest.findMany({
        where: { actionId: id },
        orderBy: { createdAt: 'asc' },
      });
      expect(found.length).toBeGreaterThanOrEqual(2);
      return found;
    }, 60_000);
    const [first, second] = requests;
    expect(second.periodKey).not.toBe(first.periodKey);
    expect(second.respondBy.getTime()).toBeGreaterThan(first.periodEnd.getTime() - 1);
    await eventually(async () => {
      const closed = await prisma.updateRequest.findUniqueOrThrow({ where: { id: first.id } });
      expect(closed.state).toBe('EXPIRED');
    });

    // The first run continued as new; the current run is in the new period.
    const described = await suite.waymark.api
      .get(TemporalClient)
      .client.workflow.getHandle(actionWorkflowId(id), firstRun)
      .describe();
    expect(described.status.name).toBe('CONTINUED_AS_NEW');
    await eventually(async () => {
      const state = await handle.query(actionStateQuery);
      expect(state.periodKey).toBe(second.periodKey);
    });

    // One request email per period, each with its own link.
    const emails = await eventually(async () => {
      const sent = suite.catcher
        .messages()
        .filter((m) => m.to.includes(suite.fixture.lead.email) && m.subject.includes('ROLL-1'));
      expect(sent).toHaveLength(2);
      return sent;
    }, 30_000);
    expect(emails[0].text).not.toBe(emails[1].text);

    await recordHistory(
      suite.waymark.config.TEMPORAL_ADDRESS,
      actionWorkflowId(id),
      'action-rolled-over',
      firstRun,
    );
  });
});
