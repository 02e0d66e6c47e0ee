// A data owner who does not send their figures is chased like an action lead: reminders on the chase
// policy's ladder, then escalation to their manager and the coordinator; an answer stops the ladder at once.
// Real components throughout, on a seconds policy so that the ladder runs in under a minute.
import { kpiCollectionWorkflowId } from '@waymark/workflows';
import type { CaughtMessage } from '@waymark/devstack';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { waymarkSuite } from '../support/suite';

const LADDER = {
  requestBefore: { seconds: 30 },
  gatherFor: { seconds: 1 },
  reminders: [{ seconds: -14 }, { seconds: 0 }],
  escalations: [
    { after: { seconds: 6 }, to: 'manager' },
    { after: { seconds: 10 }, to: 'coordinator' },
  ],
  quietHours: null,
  weeklyNudgeCap: 20,
};

describe('chasing data owners for KPI figures', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();

  it('reminds and escalates a data owner who does not answer, and stops for one who does', async () => {
    const { catcher, waymark, fixture } = suite;
    const { prisma } = waymark;
    const partnershipId = fixture.partnership.id;
    await prisma.strategy.update({ where: { id: fixture.strategy.id }, data: { chasePolicy: LADDER } });
    const contact = (name: string, mailbox: string, managerId: string | null = null) =>
      prisma.contact.create({
        data: {
          partnershipId,
          organisationId: fixture.organisation.id,
          name,
          email: `${mailbox}+${partnershipId.slice(0, 8)}@example.org`,
          managerId,
        },
      });
    const manager = await contact('Morgan Manager', 'morgan');
    const silent = await contact('Sid Silent', 'sid', manager.id);
    const prompt = await contact('Pat Prompt', 'pat', manager.id);
    const late = await contact('Lee Late', 'lee', manager.id);
    for (const [code, owner] of [
      ['INCIDENTS', silent],
      ['REFERRALS', prompt],
      ['REFUGE-PLACES', late],
    ] as const) {
      await http()
        .post('/api/kpis')
        .send({
          code,
          name: `${code} count`,
          unit: 'COUNT',
          frequency: 'QUARTERLY',
          dataOwnerContactId: owner.id,
        })
        .expect(201);
    }

    const respondBy = new Date(Date.now() + 20_000).toISOString();
    await http().post('/api/kpi-collections').send({ periodKey: '2026-27-Q2', respondBy }).expect(201);

    const to = (address: string) => (m: CaughtMessage) => m.to.includes(address);
    const tokenIn = (m: CaughtMessage) => (m.text ?? '').match(/\/k\/([A-Za-z0-9_-]{43})/)![1];
    const answer = (token: string) =>
      http().post(`/k/${token}`).type('form').send({ 'item-0-value': '42', 'item-0-note': '' }).expect(303);

    // The prompt owner answers the request at once; the late one answers the first reminder.
    await answer(tokenIn(await catcher.waitFor(to(prompt.email), 60_000)));
    const lateReminder = await catcher.waitFor(
      (m) => to(late.email)(m) && m.subject.startsWith('Reminder:'),
      60_000,
    );
    expect(lateReminder.text).toContain('REFUGE-PLACES');
    await answer(tokenIn(lateReminder));

    // The silent owner gets both reminders, then their manager and the coordinator are told, once each.
    const coordinator = await catcher.waitFor(to(fixture.partnership.coordinatorEmail), 90_000);
    expect(coordinator.subject).toBe('No figures from Sid Silent (Testshire Police) for Quarter 2 2026/27');
    expect(coordinator.text).toContain('INCIDENTS');
    expect(coordinator.text).toMatch(/Asked for the figures on [\s\S]*Reminded on [\s\S]*Reminded on /);
    const collection = `/api/kpi-collections/${partnershipId}/2026-27-Q2`;
    await eventually(async () => {
      const state = (await http().get(collection).expect(200)).body;
      expect(state.phase).toBe('closed');
    }, 60_000);

    const subjects = (address: string) =>
      catcher
        .messages()
        .filter(to(address))
        .map((m) => m.subject);
    expect(subjects(silent.email)).toEqual([
      'Figure needed for Quarter 2 2026/27: INCIDENTS count',
      'Reminder: figure needed for Quarter 2 2026/27',
      'Reminder: figure needed for Quarter 2 2026/27',
    ]);
    expect(subjects(prompt.email)).toEqual(['Figure needed for Quarter 2 2026/27: REFERRALS count']);
    expect(subjects(late.email)).toEqual([
      'Figure needed for Quarter 2 2026/27: REFUGE-PLACES count',
      'Reminder: figure needed for Quarter 2 2026/27',
    ]);
    expect(subjects(manager.email)).toEqual([
      'No figures from Sid Silent (Testshire Police) for Quarter 2 2026/27',
    ]);
    expect(subjects(fixture.partnership.coordinatorEmail)).toHaveLength(1);

    // The silent owner's request closed unanswered at the deadline; the others are answered.
    const requests = await prisma.kpiValueRequest.findMany({ where: { partnershipId } });
    const stateOf = (ownerId: string) => requests.find((r) => r.dataOwnerContactId === ownerId)?.state;
    expect([stateOf(silent.id), stateOf(prompt.id), stateOf(late.id)]).toEqual([
      'EXPIRED',
      'ANSWERED',
      'ANSWERED',
    ]);
    const events = await prisma.auditEvent.findMany({ where: { partnershipId }, orderBy: { id: 'asc' } });
    expect(events.filter((e) => e.event === 'kpi-value-request.reminder-sent')).toHaveLength(3);
    expect(events.filter((e) => e.event === 'kpi-value-request.escalation-sent')).toHaveLength(2);

    await recordHistory(
      waymark.config.TEMPORAL_ADDRESS,
      kpiCollectionWorkflowId(partnershipId, '2026-27-Q2'),
      'kpi-collection-chased',
    );
  });
});
