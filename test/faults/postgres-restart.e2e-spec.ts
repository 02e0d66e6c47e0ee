// PostgreSQL restarted mid-period, against an embedded PostgreSQL of the test's own that is stopped and started
// again on the same port with its data. A lead who opens or sends the update form during the outage gets a
// plain "try again in a minute" page (503, Retry-After), the form given back with what they typed; nothing of
// their answer is written; sent again once the database is back, it is recorded once. The worker's activities
// that fall in the outage are retried: the period's request email still goes, once.
import request from 'supertest';
import { MailCatcherHandle, startMailCatcher } from '@waymark/devstack';
import { createAction, linksIn } from '../chasing/chasing-fixtures';
import { evidenceFixture } from '../lead-form/lead-form-fixtures';
import { httpAs } from '../support/auth';
import { FAST_CHASE, createPartnership } from '../support/fixtures';
import { Restartable, restartablePostgres } from '../support/restartable';
import { RunningWaymark, startWaymark } from '../support/waymark';

describe('PostgreSQL restarted mid-period', () => {
  let postgres: Restartable;
  let catcher: MailCatcherHandle;
  let waymark: RunningWaymark;

  beforeAll(async () => {
    postgres = await restartablePostgres();
    catcher = await startMailCatcher({ log: () => undefined });
    waymark = await startWaymark({ SMTP_URL: catcher.smtpUrl, DATABASE_URL: postgres.address });
  });
  afterAll(async () => {
    await waymark?.stop();
    await catcher?.stop();
    await postgres?.close();
  });
  // Whatever a test does, the next finds the database up.
  afterEach(() => postgres.start());

  const page = () => request(waymark.api.getHttpServer());
  const answer = (path: string) =>
    page()
      .post(path)
      .field('status', 'AT_RISK')
      .field('percentComplete', '55')
      .field('commentary', 'Typed while the database was away.')
      .field('blockers', 'A venue & a trainer')
      .field('evidenceLinks', 'https://intranet.example.org/training')
      .attach('evidenceFiles', evidenceFixture('training-attendance.pdf'), 'attendance.pdf');

  it('asks a lead to try again in a minute, gives their answer back, and writes none of it', async () => {
    const f = await createPartnership(waymark.prisma);
    const actionId = await createAction(await httpAs(waymark, f.partnership.id), f, f.lead.id, 'P1');
    const asked = await catcher.waitFor((m) => m.to.includes(f.lead.email), 60_000);
    const path = new URL(linksIn(asked).P1).pathname;

    await postgres.stop();
    const opened = await page().get(path).expect(503);
    expect(opened.headers['retry-after']).toBe('60');
    expect(opened.headers['content-type']).toContain('text/html');
    expect(opened.text).toContain('Sorry, there is a problem with the service');
    expect(opened.text).toContain('Try again in a minute');

    const sent = await answer(path).expect(503);
    expect(sent.headers['retry-after']).toBe('60');
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(sent.text).toContain('Your update has not been sent. Try again in a minute.');
    // What the lead typed, in the form, ready to send again (files must be selected again).
    expect(sent.text).toMatch(/<form method="post" enctype="multipart\/form-data"/);
    expect(sent.text).toMatch(/value="AT_RISK" checked/);
    expect(sent.text).toContain('value="55"');
    expect(sent.text).toContain('Typed while the database was away.</textarea>');
    expect(sent.text).toContain('A venue &amp; a trainer</textarea>');
    expect(sent.text).toContain('https://intranet.example.org/training</textarea>');
    expect(sent.text).toContain('You need to select your 1 file(s) again.');

    await postgres.start();
    // Nothing half-written: no update, no evidence, no audit event; the request is still open.
    const prisma = waymark.prisma;
    expect(await prisma.update.count({ where: { actionId } })).toBe(0);
    expect(await prisma.evidence.count({ where: { actionId } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityId: actionId, event: 'update.submitted' } })).toBe(
      0,
    );
    expect((await prisma.updateRequest.findFirstOrThrow({ where: { actionId } })).state).toBe('OPEN');

    // Sent again, it is recorded, once.
    await answer(path).expect(303);
    const updates = await prisma.update.findMany({ where: { actionId }, include: { evidence: true } });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      commentary: 'Typed while the database was away.',
      percentComplete: 55,
    });
    expect(updates[0].evidence).toHaveLength(2);
  });

  it("retries the worker's activities that fall in the outage: the request still goes, once", async () => {
    const f = await createPartnership(waymark.prisma, { ...FAST_CHASE, gatherFor: { seconds: 3 } });
    await createAction(await httpAs(waymark, f.partnership.id), f, f.lead.id, 'P2');
    // Down before the chase's request step (3 s after the action asks), for longer than its first retry.
    await postgres.stop();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    expect(catcher.messages().filter((m) => m.to.includes(f.lead.email))).toEqual([]);
    await postgres.start();

    await catcher.waitFor((m) => m.to.includes(f.lead.email), 90_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const caught = catcher.messages().filter((m) => m.to.includes(f.lead.email));
    expect(caught).toHaveLength(1);
    expect(Object.keys(linksIn(caught[0]))).toEqual(['P2']);
    const outbox = await waymark.prisma.outboundEmail.findMany({ where: { toAddress: f.lead.email } });
    expect(outbox.map((row) => [row.status, row.messageId])).toEqual([['SENT', caught[0].messageId]]);
  });
});
