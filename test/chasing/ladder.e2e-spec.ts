// The reminder ladder on real Temporal, PostgreSQL and SMTP, with the strategy's chase policy in seconds:
// one email per lead per period, reminders in order, escalation to the manager, the coordinator and the
// board chair, and an answer that stops the chase at once.
import { CaughtMessage } from '@waymark/devstack';
import { chaseStateQuery, chaseWorkflowId } from '@waymark/workflows';
import { TemporalClient } from '@waymark/temporal';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { createPartnership } from '../support/fixtures';
import { httpAs } from '../support/auth';
import { waymarkSuite } from '../support/suite';
import { addBoardWithChair, addContact, createAction, linksIn } from './chasing-fixtures';

// Steps 4 s apart, and 5 s for the lead's actions to gather into one email, leave room for a loaded machine.
const LADDER = {
  requestBefore: { seconds: 14 },
  gatherFor: { seconds: 5 },
  reminders: [{ seconds: -6 }, { seconds: -2 }, { seconds: 2 }],
  escalations: [
    { after: { seconds: 6 }, to: 'manager' },
    { after: { seconds: 8 }, to: 'coordinator' },
    { after: { seconds: 10 }, to: 'chair' },
  ],
  quietHours: null,
  weeklyNudgeCap: 20,
};

describe('the chase ladder', () => {
  const suite = waymarkSuite();

  it('sends one email per lead, reminds in order, escalates to the right people, and stops on an answer', async () => {
    const f = await createPartnership(suite.waymark.prisma, LADDER);
    const manager = await addContact(suite.waymark.prisma, f, 'Morgan Fictional', 'manager');
    await suite.waymark.prisma.contact.update({ where: { id: f.lead.id }, data: { managerId: manager.id } });
    const chair = await addBoardWithChair(suite.waymark.prisma, f);
    const other = await addContact(suite.waymark.prisma, f, 'Ola Fictional', 'other-lead');

    // Lead A has three actions, lead B one.
    const http = await httpAs(suite.waymark, f.partnership.id);
    const mine = [];
    for (const ref of ['A1', 'A2', 'A3']) mine.push(await createAction(http, f, f.lead.id, ref));
    await createAction(http, f, other.id, 'B1');

    const toA = (m: CaughtMessage) => m.to.includes(f.lead.email);
    const toB = (m: CaughtMessage) => m.to.includes(other.email);
    const requestA = await suite.catcher.waitFor(toA, 30_000);
    expect(requestA.subject).toBe('Update needed on 3 domestic abuse strategy actions');
    expect(Object.keys(linksIn(requestA))).toEqual(['A1', 'A2', 'A3']);

    // Lead B answers after the first reminder: nothing more reaches B.
    await suite.catcher.waitFor((m) => toB(m) && m.subject.startsWith('Reminder:'), 30_000);
    const requestB = suite.catcher.messages().find((m) => toB(m) && m.subject.startsWith('Update needed'))!;
    await http
      .post(new URL(linksIn(requestB).B1).pathname)
      .type('form')
      .send({ status: 'ON_TRACK', commentary: 'Done for this quarter' })
      .expect(303);

    // Lead A never answers: the whole ladder runs, ending with the board chair.
    await suite.catcher.waitFor((m) => m.to.includes(chair.email), 60_000);
    const forA = suite.catcher
      .messages()
      .filter(
        (m) =>
          toA(m) ||
          m.to.includes(manager.email) ||
          m.to.includes(f.partnership.coordinatorEmail) ||
          m.to.includes(chair.email),
      )
      .map((m) => `${m.to[0]}: ${m.subject}`);
    const lead = f.lead.email;
    const noUpdate = `No update from Sam Fictional (Testshire Police) on 3 actions`;
    expect(forA).toEqual([
      `${lead}: Update needed on 3 domestic abuse strategy actions`,
      `${lead}: Reminder: update needed on 3 domestic abuse strategy actions`,
      `${lead}: Reminder: update needed on 3 domestic abuse strategy actions`,
      `${lead}: Reminder: update needed on 3 domestic abuse strategy actions`,
      `${manager.email}: ${noUpdate}`,
      `${f.partnership.coordinatorEmail}: ${noUpdate}`,
      `${chair.email}: ${noUpdate}`,
    ]);

    // Each escalation says who was chased, and when.
    const toManager = suite.catcher.messages().find((m) => m.to.includes(manager.email))!;
    expect(toManager.text).toContain("named as Sam Fictional's manager");
    expect(toManager.text).toContain(lead);
    expect(toManager.text!.match(/^- (Asked for an update|Reminded) on /gm)).toHaveLength(4);

    // B: the request and one reminder, then the answer (confirmed to B) stopped the chase.
    expect(
      suite.catcher
        .messages()
        .filter(toB)
        .map((m) => m.subject.split(':')[0]),
    ).toEqual(['Update needed', 'Reminder', 'Update received']);

    // The chase's own record agrees.
    const aRequest = await suite.waymark.prisma.updateRequest.findFirstOrThrow({
      where: { actionId: mine[0] },
    });
    const chase = suite.waymark.api
      .get(TemporalClient)
      .client.workflow.getHandle(chaseWorkflowId(f.lead.id, aRequest.periodKey));
    const state = await chase.query(chaseStateQuery);
    expect(state.emailsSent.map((e) => e.step)).toEqual([
      'request:1',
      'reminder:1',
      'reminder:2',
      'reminder:3',
      'escalation:manager',
      'escalation:coordinator',
      'escalation:chair',
    ]);
    expect(aRequest).toMatchObject({ remindersSent: 3, state: 'OPEN' });
    await recordHistory(
      suite.waymark.config.TEMPORAL_ADDRESS,
      chaseWorkflowId(f.lead.id, aRequest.periodKey),
      'chase-escalated',
    );
    expect(aRequest.escalatedAt).not.toBeNull();
  });

  it('skips reminders beyond the weekly cap and says so in the audit log', async () => {
    const f = await createPartnership(suite.waymark.prisma, {
      ...LADDER,
      weeklyNudgeCap: 1,
      escalations: [],
    });
    const http = await httpAs(suite.waymark, f.partnership.id);
    await createAction(http, f, f.lead.id, 'C1');
    await eventually(async () => {
      const capped = await suite.waymark.prisma.auditEvent.count({
        where: { partnershipId: f.partnership.id, event: 'chase.capped' },
      });
      expect(capped).toBe(2);
    }, 40_000);
    const subjects = suite.catcher
      .messages()
      .filter((m) => m.to.includes(f.lead.email))
      .map((m) => m.subject.split(':')[0]);
    expect(subjects).toEqual(['Update needed', 'Reminder']);
  });

  it('adds an action opened after the request email to the next reminder, never an email of its own', async () => {
    const f = await createPartnership(suite.waymark.prisma, { ...LADDER, escalations: [] });
    const http = await httpAs(suite.waymark, f.partnership.id);
    await createAction(http, f, f.lead.id, 'D1');
    const toLead = (m: CaughtMessage) => m.to.includes(f.lead.email);
    const request = await suite.catcher.waitFor(toLead, 30_000);
    expect(Object.keys(linksIn(request))).toEqual(['D1']);

    // The lead's second action opens once the request has gone: it waits for the first reminder.
    await createAction(http, f, f.lead.id, 'D2');
    const reminder = await suite.catcher.waitFor(
      (m) => toLead(m) && m.subject.startsWith('Reminder:'),
      30_000,
    );
    expect(Object.keys(linksIn(reminder))).toEqual(['D1', 'D2']);
    expect(
      suite.catcher
        .messages()
        .filter(toLead)
        .filter((m) => m.subject.startsWith('Update needed')),
    ).toHaveLength(1);
    // First asked by that reminder (marked once the send is recorded).
    const d2 = () =>
      suite.waymark.prisma.updateRequest.findFirstOrThrow({
        where: { action: { strategyId: f.strategy.id, ref: 'D2' } },
      });
    await eventually(async () => expect((await d2()).sentAt).not.toBeNull(), 10_000);
    await recordHistory(
      suite.waymark.config.TEMPORAL_ADDRESS,
      chaseWorkflowId(f.lead.id, (await d2()).periodKey),
      'chase-late-request-joins-reminder',
    );
  });
});
