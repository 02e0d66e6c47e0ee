// From a council's own plan to its first chased period, in four commands, for each of the three seed plans
// (test/fixtures/plans/onboarding.ts): the partnership and its first admin (the CLI), the contacts sheet, the
// strategy, and the plan (the admin API). Then the first request emails arrive at the real SMTP catcher:
// one per lead, each listing its actions; a default contact's says why they are asked and lets them name the
// right person, who is then asked in their place. Real API, worker, PostgreSQL, Temporal and SMTP.
import request from 'supertest';
import { runCli } from '../../apps/cli/src/cli';
import { MailCatcherHandle, startMailCatcher } from '@waymark/devstack';
import type { ContactsImportReport, ImportReport } from '@waymark/plan-import';
import { ONBOARDINGS, Onboarding } from '../fixtures/plans/onboarding';
import { eventually } from '../support/eventually';
import { FAST_CHASE } from '../support/fixtures';
import { RunningWaymark, requireEnv, startWaymark } from '../support/waymark';

/** An output stream that keeps what is written. */
function output() {
  let text = '';
  return {
    isTTY: false,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

describe('onboarding: from a council’s own plan to its first chased period', () => {
  let catcher: MailCatcherHandle;
  let waymark: RunningWaymark;

  beforeAll(async () => {
    catcher = await startMailCatcher({ log: () => undefined });
    waymark = await startWaymark({ SMTP_URL: catcher.smtpUrl });
  });

  afterAll(async () => {
    await waymark?.stop();
    await catcher?.stop();
  });

  /** The four commands, counted. */
  async function onboard(council: Onboarding) {
    let commands = 0;
    const suffix = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    const coordinator = `da.coordinator+${suffix}@${council.key}.example.org`;

    // 1. The partnership and its first admin, from the command line: it prints the admin's token.
    commands++;
    const stdout = output();
    const code = await runCli(
      [
        'partnerships',
        'create',
        '--name',
        `${council.council} Domestic Abuse Partnership`,
        '--gss-code',
        `E${suffix}`,
        '--coordinator-email',
        coordinator,
        '--admin-email',
        `admin+${suffix}@${council.key}.example.org`,
      ],
      { stdout, stderr: output(), env: { DATABASE_URL: requireEnv('DATABASE_URL') } },
    );
    expect(code).toBe(0);
    const token = stdout.text.match(/^(wmk_\S+)$/m)![1];
    const http = () => request(waymark.api.getHttpServer());
    const as = <T extends request.Test>(req: T) => req.set('authorization', `Bearer ${token}`);

    // 2. The contacts sheet: organisations, people, managers, default contacts.
    commands++;
    const contacts: ContactsImportReport = (
      await as(http().post('/api/partnership/contacts/import'))
        .attach('file', await council.contacts(), 'contacts')
        .expect(200)
    ).body;

    // 3. The strategy.
    commands++;
    const strategy = (
      await as(http().post('/api/strategies'))
        .send({ ...council.strategy, reportingCadence: 'QUARTERLY' })
        .expect(201)
    ).body;
    // The test's clock, not a command: the first requests go out now rather than ten working days before
    // the quarter's deadline, each lead's gathered for a few seconds (dozens of workflows start at once).
    await waymark.prisma.strategy.update({
      where: { id: strategy.id },
      data: { chasePolicy: { ...FAST_CHASE, gatherFor: { seconds: 10 } } },
    });

    // 4. The plan, as the council publishes it, with no mapping.
    commands++;
    const plan: ImportReport = (
      await as(http().post(`/api/strategies/${strategy.id}/import`))
        .attach('file', await council.plan(), 'plan')
        .expect(200)
    ).body;

    expect(commands).toBeLessThanOrEqual(4);
    return { contacts, plan, coordinator, partnershipId: contacts.partnershipId, http, as };
  }

  it.each(ONBOARDINGS.map((o) => [o.council, o] as const))(
    '%s: partnership, contacts sheet, plan, first request emails',
    async (_council, council) => {
      const { contacts, plan } = await onboard(council);
      expect(contacts.summary.errors).toBe(0);
      expect(plan.summary).toMatchObject({ errors: 0, created: council.expected.actions });
      expect(plan.next).toMatchObject({
        chased: council.expected.actions - council.expected.nobody.length,
        startedChasing: true,
      });
      expect(plan.next.nobody.map((n) => n.ref)).toEqual(council.expected.nobody);
      expect(plan.next.leads.flatMap((l) => l.actions).filter((a) => a.asDefault)).toHaveLength(
        council.expected.asDefault,
      );
      expect(plan.next.message).toMatch(
        /^What happens next: \d+ of the strategy's \d+ open action\(s\) will be chased/,
      );

      // One request per lead, listing their actions; a default contact's says why they are asked.
      for (const lead of plan.next.leads) {
        const email = lead.contact.match(/<(.+)>/)![1];
        const message = await catcher.waitFor(
          (m) => m.to.includes(email) && /^Update needed/.test(m.subject),
          90_000,
        );
        for (const action of lead.actions) expect(message.text).toContain(`${action.ref}: `);
        const byDefault = lead.actions.filter((a) => a.asDefault).length;
        expect((message.text?.match(/This action has no named lead yet/g) ?? []).length).toBe(byDefault);
      }
      const requests = catcher
        .messages()
        .filter((m) => /^Update needed/.test(m.subject))
        .filter((m) => plan.next.leads.some((l) => m.to.includes(l.contact.match(/<(.+)>/)![1])));
      expect(requests).toHaveLength(plan.next.leads.length);
    },
  );

  it('lets a default contact name the right person, who is asked in their place', async () => {
    const shropshire = ONBOARDINGS.find((o) => o.key === 'shropshire')!;
    // Only this partnership's emails: the same people were onboarded above.
    catcher.clear();
    const { plan, partnershipId } = await onboard(shropshire);
    const sdas = plan.next.leads.find((l) => l.contact.includes('manager@sdas.example.org'))!;
    const action = sdas.actions.find((a) => a.asDefault)!;
    const message = await catcher.waitFor(
      (m) => m.to.includes('manager@sdas.example.org') && /^Update needed/.test(m.subject),
      90_000,
    );
    const link = message.text!.match(
      new RegExp(`${action.ref}: [^\\n]*\\n[\\s\\S]*?(${waymark.baseUrl}/u/[A-Za-z0-9_-]+)/lead`),
    )!;
    const path = `${link[1].slice(waymark.baseUrl.length)}/lead`;
    const page = await request(waymark.api.getHttpServer()).get(path).expect(200);
    expect(page.text).toContain('Tell us who should answer for it');

    const refused = await request(waymark.api.getHttpServer())
      .post(path)
      .type('form')
      .send({ name: 'Bea', email: 'not an email', jobTitle: '' })
      .expect(400);
    expect(refused.text).toContain('Enter their work email address');

    const named = await request(waymark.api.getHttpServer())
      .post(path)
      .type('form')
      .send({ name: 'Bea Lindqvist', email: 'Bea.Lindqvist@sdas.example.org', jobTitle: 'Outreach lead' })
      .expect(200);
    expect(named.text).toContain('Bea Lindqvist leads');

    // The named person is asked at once; the default contact's link for the action stops working.
    const asked = await catcher.waitFor(
      (m) => m.to.includes('bea.lindqvist@sdas.example.org') && /^Update needed/.test(m.subject),
      90_000,
    );
    expect(asked.text).toContain(`${action.ref}: `);
    expect(asked.text).not.toContain('This action has no named lead yet');
    await request(waymark.api.getHttpServer()).get(link[1].slice(waymark.baseUrl.length)).expect(410);
    const bea = await waymark.prisma.contact.findFirstOrThrow({
      where: { partnershipId, email: 'bea.lindqvist@sdas.example.org' },
      include: { organisation: true },
    });
    expect(bea.organisation?.name).toBe('Shropshire Domestic Abuse Service');
    await eventually(async () => {
      const updated = await waymark.prisma.action.findUniqueOrThrow({ where: { id: action.actionId! } });
      expect(updated.leadContactId).toBe(bea.id);
    });
    const events = await waymark.prisma.auditEvent.findMany({
      where: {
        partnershipId,
        event: { in: ['contact.created', 'action.reassigned'] },
        channel: { not: 'import' },
      },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.event, e.actorType])).toEqual([
      ['contact.created', 'LEAD'],
      ['action.reassigned', 'LEAD'],
    ]);
  });
});
