// The SMTP server down for a while mid-chase, then back, against a real SMTP server (the mail catcher) stopped
// and started again on the same port. Every email of the chase is delivered exactly once (the outbox's one row
// and Message-ID per step), and the ladder's steps that fell in the outage, sent when the server is back, keep
// to the weekly cap: the limits are applied when each email actually goes, not when it was due.
import { createAction, linksIn } from '../chasing/chasing-fixtures';
import { httpAs } from '../support/auth';
import { eventually } from '../support/eventually';
import { createPartnership } from '../support/fixtures';
import { RestartableMailCatcher, restartableMailCatcher } from '../support/restartable';
import { RunningWaymark, startWaymark } from '../support/waymark';

/** The request at once; three reminders 10, 16 and 22 s after planning; at most two reminders a week. */
const LADDER = {
  requestBefore: { seconds: 60 },
  gatherFor: { seconds: 1 },
  reminders: [{ seconds: -50 }, { seconds: -44 }, { seconds: -38 }],
  escalations: [],
  quietHours: null,
  weeklyNudgeCap: 2,
};

describe('the SMTP server down mid-chase', () => {
  let smtp: RestartableMailCatcher;
  let waymark: RunningWaymark;

  beforeAll(async () => {
    smtp = await restartableMailCatcher();
    waymark = await startWaymark({ SMTP_URL: smtp.address });
  });
  afterAll(async () => {
    await waymark?.stop();
    await smtp?.close();
  });

  it('delivers every email once when it is back, within the weekly cap', async () => {
    const f = await createPartnership(waymark.prisma, LADDER);
    await createAction(await httpAs(waymark, f.partnership.id), f, f.lead.id, 'S1');
    const toLead = () => smtp.messages().filter((m) => m.to.includes(f.lead.email));
    await smtp.waitFor((m) => m.to.includes(f.lead.email), 60_000);

    // Down before the first reminder is due, until every reminder's moment has passed.
    await smtp.stop();
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    // The first reminder was tried and failed: it waits in the outbox.
    const waiting = await waymark.prisma.outboundEmail.findMany({
      where: { toAddress: f.lead.email, status: { not: 'SENT' } },
    });
    expect(waiting.map((row) => [row.kind, row.attempts > 0, row.lastError !== null])).toEqual([
      ['chase-reminder', true, true],
    ]);
    await smtp.start();

    // The missed reminders go once the server is back: two (the weekly cap), the third capped and audited.
    const chase = await waymark.prisma.leadChase.findFirstOrThrow({ where: { leadContactId: f.lead.id } });
    const capped = await eventually(async () => {
      const events = await waymark.prisma.auditEvent.findMany({
        where: { entityId: chase.id, event: 'chase.capped' },
      });
      expect(events).toHaveLength(1);
      return events[0];
    }, 120_000);
    expect(capped.after).toMatchObject({ step: 'reminder:3', to: f.lead.email, sentThisWeek: 2 });
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    const caught = toLead();
    const subjects = caught.map((m) => (m.subject.startsWith('Reminder') ? 'Reminder' : 'Request'));
    expect(subjects).toEqual(['Request', 'Reminder', 'Reminder']);
    expect(Object.keys(linksIn(caught[0]))).toEqual(['S1']);
    // Exactly once: one outbox row per email, each sent, each caught once under its own Message-ID.
    const outbox = await waymark.prisma.outboundEmail.findMany({ where: { toAddress: f.lead.email } });
    expect(outbox.every((row) => row.status === 'SENT')).toBe(true);
    const messageIds = caught.map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(outbox.map((row) => row.messageId).sort()).toEqual([...messageIds].sort());
  });
});
