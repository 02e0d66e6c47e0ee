// Temporal unreachable while a lead answers: the update form still records the answer (PostgreSQL) and shows
// the lead their confirmation; the action's workflow is told once Temporal is back, by housekeeping (the
// update is marked unsignalled until then), and only once. The workflow keeps the latest update whatever
// order, and however often, updates are told. Against a Temporal dev server of the test's own, stopped and
// started again on the same address with its state on disk.
import request from 'supertest';
import { Update } from '@waymark/db';
import { MailCatcherHandle, startMailCatcher } from '@waymark/devstack';
import { ActionWorkflows, TemporalClient } from '@waymark/temporal';
import { actionWorkflowId, housekeepingWorkflow } from '@waymark/workflows';
import { createAction, linksIn } from '../chasing/chasing-fixtures';
import { httpAs } from '../support/auth';
import { eventually } from '../support/eventually';
import { createPartnership } from '../support/fixtures';
import { recordHistory } from '../support/histories';
import { runHousekeeping } from '../support/housekeeping';
import { Restartable, restartableTemporal } from '../support/restartable';
import { RunningWaymark, startWaymark } from '../support/waymark';

describe('a lead answers while Temporal is unreachable', () => {
  let temporal: Restartable;
  let catcher: MailCatcherHandle;
  let waymark: RunningWaymark;

  beforeAll(async () => {
    temporal = await restartableTemporal();
    catcher = await startMailCatcher({ log: () => undefined });
    waymark = await startWaymark({ SMTP_URL: catcher.smtpUrl, TEMPORAL_ADDRESS: temporal.address });
  });
  afterAll(async () => {
    await waymark?.stop();
    await temporal?.close();
    await catcher?.stop();
  });

  const answer = (path: string, commentary: string) =>
    request(waymark.api.getHttpServer())
      .post(path)
      .field('status', 'AT_RISK')
      .field('percentComplete', '40')
      .field('commentary', commentary)
      .field('blockers', '');

  it('records the answer at once, and the workflow learns of it when Temporal is back, once', async () => {
    const f = await createPartnership(waymark.prisma);
    const actionId = await createAction(await httpAs(waymark, f.partnership.id), f, f.lead.id, 'T1');
    const asked = await catcher.waitFor((m) => m.to.includes(f.lead.email), 60_000);
    const path = new URL(linksIn(asked).T1).pathname;
    const workflows = waymark.api.get(ActionWorkflows);
    await eventually(async () => expect((await workflows.state(actionId)).requestId).not.toBeNull());

    await temporal.stop();
    const started = Date.now();
    const res = await answer(path, 'Recorded while Temporal was away.').expect(303);
    const waited = Date.now() - started;
    expect(res.headers.location).toBe(`${path}/confirmation`);
    // The lead waits a few seconds at most, not for Temporal's retries.
    expect(waited).toBeLessThan(10_000);
    const confirmation = await request(waymark.api.getHttpServer()).get(`${path}/confirmation`).expect(200);
    expect(confirmation.text).toContain('Recorded while Temporal was away.');
    const update = await waymark.prisma.update.findFirstOrThrow({
      where: { actionId },
      include: { updateRequest: true },
    });
    expect(update).toMatchObject({ commentary: 'Recorded while Temporal was away.', signalledAt: null });
    expect(update.updateRequest?.state).toBe('ANSWERED');
    // The confirmation email goes through SMTP, which is up.
    await catcher.waitFor(
      (m) => m.to.includes(f.lead.email) && m.subject.startsWith('Update received'),
      30_000,
    );

    await temporal.start();
    // One housekeeping run, as the schedule starts it, under an ID of its own to record its history.
    const housekeepingId = `housekeeping-test/told-late-${update.id}`;
    const result = await waymark.api.get(TemporalClient).client.workflow.execute(housekeepingWorkflow, {
      workflowId: housekeepingId,
      taskQueue: waymark.config.TEMPORAL_TASK_QUEUE,
    });
    expect(result.failed).toEqual([]);
    expect(result.updatesSignalled).toEqual([update.id]);
    await eventually(async () => {
      const state = await workflows.state(actionId);
      expect(state.lastUpdate).toMatchObject({ updateId: update.id, status: 'AT_RISK', percentComplete: 40 });
    });
    const signalled = await waymark.prisma.update.findUniqueOrThrow({ where: { id: update.id } });
    expect(signalled.signalledAt).not.toBeNull();
    // Told once: the next run finds nothing left.
    expect((await runHousekeeping(waymark)).updatesSignalled).toEqual([]);

    // A later answer with Temporal up is told at once; the earlier one told again (late, or twice) is kept out.
    await answer(path, 'A later answer.').expect(303);
    const later = await waymark.prisma.update.findFirstOrThrow({
      where: { actionId, commentary: 'A later answer.' },
    });
    expect(later.signalledAt).not.toBeNull();
    const told = (u: Update) =>
      workflows.updateSubmitted(actionId, {
        updateId: u.id,
        requestId: u.updateRequestId,
        status: u.status,
        percentComplete: u.percentComplete,
        submittedAt: u.submittedAt.toISOString(),
        proposedDueDate: null,
      });
    await told(update);
    await told(later);
    await told(update);
    expect((await workflows.state(actionId)).lastUpdate?.updateId).toBe(later.id);

    await recordHistory(temporal.address, actionWorkflowId(actionId), 'action-update-told-late');
    await recordHistory(temporal.address, housekeepingId, 'housekeeping-updates-signalled');
  });
});
