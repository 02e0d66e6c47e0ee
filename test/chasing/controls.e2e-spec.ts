// Coordinators' controls over an action's chase, through the admin API, on real components: each reaches
// the workflow as an update or a signal, changes the database and is audited; refusals change nothing.
import { CaughtMessage } from '@waymark/devstack';
import { TemporalClient } from '@waymark/temporal';
import { chaseStateQuery } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { runHousekeeping } from '../support/housekeeping';
import { recordHistory } from '../support/histories';
import { waymarkSuite } from '../support/suite';
import { addContact, createAction, linksIn } from './chasing-fixtures';

describe('coordinator controls', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();
  /** The request email that carries the action's link (the lead's actions may share one email). */
  const requestTo = (email: string, ref: string) =>
    suite.catcher.waitFor((m: CaughtMessage) => m.to.includes(email) && ref in linksIn(m), 30_000);
  const path = (link: string) => new URL(link).pathname;
  const audited = async (actionId: string) =>
    (
      await suite.waymark.prisma.auditEvent.findMany({
        where: { entityId: actionId },
        orderBy: { id: 'asc' },
      })
    ).map((e) => e.event);

  it('pauses and resumes the chase, and a nudge reminds the lead at once', async () => {
    const id = await createAction(http(), suite.fixture, suite.fixture.lead.id, 'PAUSE-1');
    await requestTo(suite.fixture.lead.email, 'PAUSE-1');

    const paused = await http().post(`/api/actions/${id}/pause`).send({ reason: 'Restructure' }).expect(200);
    expect(paused.body.workflow.state).toMatchObject({ paused: true, phase: 'paused' });
    expect(paused.body.pausedAt).not.toBeNull();
    await http().post(`/api/actions/${id}/pause`).send({}).expect(409);

    const resumed = await http().post(`/api/actions/${id}/resume`).expect(200);
    expect(resumed.body.pausedAt).toBeNull();
    await eventually(async () => {
      const res = await http().get(`/api/actions/${id}`).expect(200);
      expect(res.body.workflow.state).toMatchObject({ paused: false, phase: 'awaiting-update' });
    });

    await http().post(`/api/actions/${id}/nudge`).expect(202);
    const reminder = await suite.catcher.waitFor(
      (m) => m.subject === 'Reminder: update needed on PAUSE-1 Action PAUSE-1',
      30_000,
    );
    expect(reminder.to).toEqual([suite.fixture.lead.email]);
    // The chase records who asked for the nudge.
    await eventually(async () => {
      const sent = await suite.waymark.prisma.auditEvent.findMany({
        where: { partnershipId: suite.fixture.partnership.id, event: 'chase.reminder-sent' },
      });
      expect(sent.map((e) => (e.after as { requestedBy?: string }).requestedBy)).toContain(
        suite.caller.userId,
      );
    });
    expect(await audited(id)).toEqual(
      expect.arrayContaining(['action.created', 'action.paused', 'action.resumed']),
    );
    await recordHistory(
      suite.waymark.config.TEMPORAL_ADDRESS,
      `action/${id}`,
      'action-paused-resumed-nudged',
    );
  });

  it("pauses an action whose period is still beginning: its request is withdrawn from the lead's chase", async () => {
    const lead = await addContact(suite.waymark.prisma, suite.fixture, 'Ola Fictional', 'early-pause');
    const id = await createAction(http(), suite.fixture, lead.id, 'EARLY-1');
    // At once, while the workflow's first activity opens the request: the pause waits for it, then withdraws it.
    await http().post(`/api/actions/${id}/pause`).send({ reason: 'Restructure' }).expect(200);
    const client = suite.waymark.api.get(TemporalClient).client;
    await eventually(async () => {
      const res = await http().get(`/api/actions/${id}`).expect(200);
      const state = res.body.workflow.state;
      expect(state).toMatchObject({ paused: true, phase: 'paused' });
      const chase = await client.workflow.getHandle(state.chaseWorkflowId).query(chaseStateQuery);
      expect(chase.pending).not.toContain(state.requestId);
      expect(chase.withdrawn).toContain(state.requestId);
    });
  });

  it('reassigns the lead: the old link stops working and the new lead is asked', async () => {
    const id = await createAction(http(), suite.fixture, suite.fixture.lead.id, 'MOVE-1');
    const oldLink = linksIn(await requestTo(suite.fixture.lead.email, 'MOVE-1'))['MOVE-1'];
    const newLead = await addContact(suite.waymark.prisma, suite.fixture, 'Nia Fictional', 'new-lead');

    await http()
      .post(`/api/actions/${id}/reassign`)
      .send({ leadContactId: suite.fixture.lead.id })
      .expect(422);
    await http()
      .post(`/api/actions/${id}/reassign`)
      .send({ leadContactId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    const moved = await http()
      .post(`/api/actions/${id}/reassign`)
      .send({ leadContactId: newLead.id })
      .expect(200);
    expect(moved.body.lead.contactId).toBe(newLead.id);

    const gone = await http().get(path(oldLink)).expect(410);
    expect(gone.text).toContain('This link has expired');
    const newLink = linksIn(await requestTo(newLead.email, 'MOVE-1'))['MOVE-1'];
    expect(newLink).not.toBe(oldLink);
    await http().get(path(newLink)).expect(200);
    expect(await audited(id)).toContain('action.reassigned');
    await recordHistory(suite.waymark.config.TEMPORAL_ADDRESS, `action/${id}`, 'action-reassigned');
  });

  it('approves one proposed date and refuses another; the due date follows the decision', async () => {
    const approveId = await createAction(
      http(),
      suite.fixture,
      suite.fixture.lead.id,
      'DATE-1',
      '2027-03-31',
    );
    const refuseId = await createAction(http(), suite.fixture, suite.fixture.lead.id, 'DATE-2', '2027-03-31');
    for (const ref of ['DATE-1', 'DATE-2']) {
      const link = linksIn(await requestTo(suite.fixture.lead.email, ref))[ref];
      await http()
        .post(path(link))
        .type('form')
        .send({
          status: 'AT_RISK',
          commentary: 'Provider changed',
          proposedDueDateDay: '30',
          proposedDueDateMonth: '9',
          proposedDueDateYear: '2027',
          proposedDueDateReason: 'New provider starts in July',
        })
        .expect(303);
    }
    const pending = (await http().get(`/api/actions/${approveId}`).expect(200)).body.latestUpdate;
    expect(pending).toMatchObject({ proposedDueDate: '2027-09-30', approvalState: 'PENDING' });

    const approved = await http()
      .post(`/api/actions/${approveId}/proposed-date-decision`)
      .send({ updateId: pending.id, approve: true })
      .expect(200);
    expect(approved.body).toMatchObject({
      dueDate: '2027-09-30',
      latestUpdate: { approvalState: 'APPROVED' },
    });
    await http()
      .post(`/api/actions/${approveId}/proposed-date-decision`)
      .send({ updateId: pending.id, approve: true })
      .expect(422);

    const other = (await http().get(`/api/actions/${refuseId}`).expect(200)).body.latestUpdate;
    const refused = await http()
      .post(`/api/actions/${refuseId}/proposed-date-decision`)
      .send({ updateId: other.id, approve: false, note: 'Board wants March' })
      .expect(200);
    expect(refused.body).toMatchObject({ dueDate: '2027-03-31', latestUpdate: { approvalState: 'REFUSED' } });
    expect(await audited(approveId)).toContain('action.proposed-date-approved');
    expect(await audited(refuseId)).toContain('action.proposed-date-refused');

    const changed = await http()
      .put(`/api/actions/${refuseId}/due-date`)
      .send({ dueDate: '2027-06-30', reason: 'Agreed at board' })
      .expect(200);
    expect(changed.body.dueDate).toBe('2027-06-30');
    await http().put(`/api/actions/${refuseId}/due-date`).send({ dueDate: '30/06/2027' }).expect(400);
  });

  it('completes an action with a closing note: chasing ends and its link stops working', async () => {
    const id = await createAction(http(), suite.fixture, suite.fixture.lead.id, 'DONE-1');
    const link = linksIn(await requestTo(suite.fixture.lead.email, 'DONE-1'))['DONE-1'];
    await http().post(`/api/actions/${id}/complete`).send({}).expect(400);
    const done = await http()
      .post(`/api/actions/${id}/complete`)
      .send({ note: 'All staff trained' })
      .expect(200);
    expect(done.body).toMatchObject({
      status: 'COMPLETE',
      percentComplete: 100,
      closingNote: 'All staff trained',
    });
    expect(done.body.workflow.state.phase).toBe('closed');
    await http().get(path(link)).expect(410);
    await eventually(async () => {
      await http().post(`/api/actions/${id}/cancel`).send({ note: 'Again' }).expect(409);
    });
    expect(await audited(id)).toContain('action.completed');
    await recordHistory(suite.waymark.config.TEMPORAL_ADDRESS, `action/${id}`, 'action-completed');
  });

  it('shows an action not updated this period as stale, never in its old colour', async () => {
    const action = await suite.waymark.prisma.action.create({
      data: {
        partnershipId: suite.fixture.partnership.id,
        strategyId: suite.fixture.strategy.id,
        ref: 'OLD-1',
        title: 'Last updated long ago',
        text: 'An action with an update from a previous period.',
        status: 'ON_TRACK',
        rag: 'GREEN',
        lastUpdateAt: new Date('2025-01-15T10:00:00Z'),
        createdAt: new Date('2025-01-01T10:00:00Z'),
      },
    });
    const res = await http().get(`/api/actions/${action.id}`).expect(200);
    expect(res.body).toMatchObject({ status: 'STALE', recordedStatus: 'ON_TRACK', stale: true, rag: null });
  });

  /** A live action written straight to the database, as when Temporal was down: no workflow yet. */
  const recordedWithoutWorkflow = (ref: string, title: string) =>
    suite.waymark.prisma.action.create({
      data: {
        partnershipId: suite.fixture.partnership.id,
        strategyId: suite.fixture.strategy.id,
        ref,
        title,
        text: 'An action recorded without its workflow.',
        leadContactId: suite.fixture.lead.id,
      },
    });

  it('starts the workflow of a live action that has none, once, and makes actions searchable', async () => {
    const action = await recordedWithoutWorkflow('ORPHAN-1', 'Created while Temporal was down');
    expect((await runHousekeeping(suite.waymark)).started).toContain(action.id);
    await requestTo(suite.fixture.lead.email, 'ORPHAN-1');
    expect((await runHousekeeping(suite.waymark)).started).not.toContain(action.id);

    const client = suite.waymark.api.get(TemporalClient).client;
    await eventually(async () => {
      const found: string[] = [];
      const query = `WaymarkStrategyId = '${suite.fixture.strategy.id}' AND WaymarkLeadOrganisation = 'Testshire Police'`;
      for await (const wf of client.workflow.list({ query })) found.push(wf.workflowId);
      expect(found).toContain(`action/${action.id}`);
    });
  });

  it('finds an action by the status its lead gave, as soon as they answer (WaymarkStatus)', async () => {
    const actionId = await createAction(http(), suite.fixture, suite.fixture.lead.id, 'SEARCH-1');
    const request = await requestTo(suite.fixture.lead.email, 'SEARCH-1');
    await http()
      .post(path(linksIn(request)['SEARCH-1']))
      .type('form')
      .send({ status: 'AT_RISK', commentary: 'Venue fell through' })
      .expect(303);
    const client = suite.waymark.api.get(TemporalClient).client;
    await eventually(async () => {
      const found: string[] = [];
      const query = `WaymarkStrategyId = '${suite.fixture.strategy.id}' AND WaymarkStatus = 'AT_RISK'`;
      for await (const wf of client.workflow.list({ query })) found.push(wf.workflowId);
      expect(found).toContain(`action/${actionId}`);
    }, 20_000);
  });

  it('stops the workflow of an action archived while Temporal could not be reached, and never restarts it', async () => {
    const action = await recordedWithoutWorkflow('ARCHIVED-1', 'Archived while Temporal was down');
    expect((await runHousekeeping(suite.waymark)).started).toContain(action.id);
    // What the archive route records when its stop call fails: the action archived, the workflow running.
    await suite.waymark.prisma.action.update({ where: { id: action.id }, data: { archivedAt: new Date() } });

    const pass = await runHousekeeping(suite.waymark);
    expect(pass).toMatchObject({ started: expect.not.arrayContaining([action.id]), stopped: [action.id] });
    const handle = suite.waymark.api.get(TemporalClient).client.workflow.getHandle(`action/${action.id}`);
    expect((await handle.describe()).status.name).toBe('TERMINATED');
    expect(await runHousekeeping(suite.waymark)).toMatchObject({
      started: expect.not.arrayContaining([action.id]),
      stopped: [],
    });
  });
});
