// A data owner answers the KPI values request by email: the figures go through the same validation as
// the form (a count must be whole), are recorded all or nothing, and the collection workflow is told.
import { createOwnedCounts, MARAC_COUNTS } from '../support/kpis';
import { waymarkSuite } from '../support/suite';
import { eventually } from '../support/eventually';
import { inboundEnv, sendToListener } from './inbound-support';
import { SmtpListener } from '@waymark/inbound-mail';

describe('replying to a KPI values request by email', () => {
  const suite = waymarkSuite(inboundEnv);

  it('refuses a bad figure with the reason, then records a corrected reply', async () => {
    const { waymark, fixture } = suite;
    const partnershipId = fixture.partnership.id;
    await createOwnedCounts(suite, MARAC_COUNTS);
    const respondBy = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    await suite.http().post('/api/kpi-collections').send({ periodKey: '2026-27-Q1', respondBy }).expect(201);
    const asked = await suite.catcher.waitFor((m) => m.to.includes(fixture.lead.email), 60_000);
    expect(asked.text).toContain('    MARAC-CASES: 41');
    const port = waymark.api.get(SmtpListener).port;
    const reply = (n: number, text: string) =>
      sendToListener(port, {
        from: fixture.lead.email,
        to: asked.replyTo[0],
        subject: `Re: ${asked.subject}`,
        messageId: `<kpi-${n}-${Date.now()}@police.example.org>`,
        text: `${text}\n\nOn 1 Apr 2026, at 09:00, Waymark <waymark@test.example.org> wrote:\n> MARAC-CASES: 41`,
      });

    await reply(1, 'MARAC-CASES: 240.5\nRepeat cases heard at MARAC: 92');
    const refused = await suite.catcher.waitFor((m) => m.subject.startsWith('Not recorded'), 30_000);
    expect(refused.text).toContain('MARAC-CASES: A count must be a whole number, 0 or more');
    expect(await waymark.prisma.kpiValue.count({ where: { kpi: { partnershipId } } })).toBe(0);

    await reply(2, 'marac cases: 240\nRepeat cases heard at MARAC: 92 - includes two transfers in');
    const values = await waymark.prisma.kpiValue.findMany({
      where: { kpi: { partnershipId } },
      include: { kpi: true },
      orderBy: { kpi: { code: 'asc' } },
    });
    expect(values.map((v) => [v.kpi.code, v.value?.toNumber(), v.note])).toEqual([
      ['MARAC-CASES', 240, null],
      ['MARAC-REPEATS', 92, 'includes two transfers in'],
    ]);
    await suite.catcher.waitFor((m) => m.subject.startsWith('Recorded'), 30_000);
    await eventually(async () => {
      const request = await waymark.prisma.kpiValueRequest.findFirstOrThrow({ where: { partnershipId } });
      expect(request.state).toBe('ANSWERED');
    });
  });
});
