// A period's KPI collection end to end, on real components: the workflow emails the data owner once for
// all their figures, the owner answers through the real form, and the derived KPI and its RAG follow.
import { KpiValueChase } from '@waymark/kpis';
import { hashToken } from '@waymark/update-requests';
import { kpiCollectionWorkflowId } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { createOwnedCounts, MARAC_COUNTS } from '../support/kpis';
import { waymarkSuite } from '../support/suite';

describe('a KPI collection: asked by email, answered through the form, derived KPI and RAG recomputed', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();

  it('walks the collection', async () => {
    const { catcher, waymark, fixture } = suite;
    const partnershipId = fixture.partnership.id;
    await createOwnedCounts(suite, MARAC_COUNTS, { source: 'Testshire MARAC' });
    const rate = await http()
      .post('/api/kpis')
      .send({
        code: 'MARAC-REPEAT-RATE',
        name: 'MARAC repeat rate',
        unit: 'PERCENTAGE',
        frequency: 'QUARTERLY',
        formula: '{MARAC-REPEATS} / {MARAC-CASES} * 100',
        rag: { kind: 'THRESHOLDS', green: { min: 28, max: 40 }, amber: { min: 25, max: 45 } },
      })
      .expect(201);

    // 1. The collection starts once, however often it is asked to.
    const respondBy = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const started = await http()
      .post('/api/kpi-collections')
      .send({ periodKey: '2026-27-Q1', respondBy })
      .expect(201);
    expect(started.body).toMatchObject({
      workflowId: kpiCollectionWorkflowId(partnershipId, '2026-27-Q1'),
      started: true,
    });
    await http()
      .post('/api/kpi-collections')
      .send({ periodKey: '2026-27-Q1', respondBy })
      .expect(201)
      .expect((res) => expect(res.body.started).toBe(false));

    // 2. One email to the data owner, listing both figures (the derived KPI is never asked for).
    const email = await catcher.waitFor((m) => m.to.includes(fixture.lead.email), 60_000);
    expect(email.subject).toBe('2 figures needed for Quarter 1 2026/27');
    expect(email.text ?? '').toContain('MARAC-CASES');
    expect(email.text ?? '').toContain('MARAC-REPEATS');
    expect(email.text ?? '').not.toContain('MARAC-REPEAT-RATE');
    expect(email.text ?? '').toMatch(/not include personal information about victims/i);
    const link = (email.text ?? '').match(new RegExp(`${waymark.baseUrl}/k/([A-Za-z0-9_-]{43})`));
    expect(link).not.toBeNull();
    const token = link![1];
    const stored = await waymark.prisma.kpiValueRequest.findFirstOrThrow({ where: { partnershipId } });
    expect(stored.tokenHash).toBe(hashToken(token));

    // 3. The form lists both figures; a bad answer shows the errors, keeps the input, records nothing.
    const form = await http().get(`/k/${token}`).expect(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.text).toContain('High-risk cases heard at MARAC (Quarter 1 2026/27)');
    expect(form.text).toContain('name="item-1-value"');
    const invalid = await http()
      .post(`/k/${token}`)
      .type('form')
      .send({ 'item-0-value': '12.5', 'item-1-value': '', 'item-1-notAvailable': 'yes' })
      .expect(400);
    expect(invalid.text).toContain('There is a problem');
    expect(invalid.text).toContain('A count must be a whole number, 0 or more');
    expect(invalid.text).toContain('Say why the figure is not available');
    expect(invalid.text).toContain('value="12.5"');
    expect(await waymark.prisma.kpiValue.count({ where: { kpi: { partnershipId } } })).toBe(0);

    // 4. A valid answer records both counts and computes the rate: 92 / 240 = 38.3% is green.
    await http()
      .post(`/k/${token}`)
      .type('form')
      .send({ 'item-0-value': '240', 'item-1-value': '92', 'item-0-note': '', 'item-1-note': '' })
      .expect(303)
      .expect('location', `/k/${token}/confirmation`);
    const confirmation = await http().get(`/k/${token}/confirmation`).expect(200);
    expect(confirmation.text).toContain('Figures received');
    expect(confirmation.text).toContain('240');
    // Temporal is up: the collection is told at once, and housekeeping has nothing to tell it again.
    const told = await waymark.prisma.kpiValueRequest.findUniqueOrThrow({ where: { id: stored.id } });
    expect(told.signalledAt).not.toBeNull();

    const derived = (await http().get(`/api/kpis/${rate.body.id}`).expect(200)).body;
    expect(derived.series).toEqual([
      expect.objectContaining({ periodKey: '2026-27-Q1', value: 38.3333, rag: 'GREEN', missing: false }),
    ]);
    expect(derived.status).toMatchObject({ latest: { periodKey: '2026-27-Q1', value: 38.3333 } });

    // 5. The workflow has every answer and closes.
    await eventually(async () => {
      const state = (await http().get(`/api/kpi-collections/${partnershipId}/2026-27-Q1`).expect(200)).body;
      expect(state).toMatchObject({
        phase: 'closed',
        requests: [{ requestId: stored.id, sent: true, answered: true }],
      });
    });

    // 6. A correction through the same link is a revision; the rate and its colour follow: 120 / 240 = 50%.
    await http()
      .post(`/k/${token}`)
      .type('form')
      .send({
        'item-0-value': '240',
        'item-1-value': '120',
        'item-1-note': 'Recount after flag-and-tag audit',
      })
      .expect(303);
    const revised = (await http().get(`/api/kpis/${rate.body.id}`).expect(200)).body.series[0];
    expect(revised).toMatchObject({ value: 50, rag: 'RED', current: { revision: 2 } });
    const repeats = await waymark.prisma.kpiValue.findMany({
      where: { kpi: { code: 'MARAC-REPEATS', partnershipId } },
      orderBy: { revision: 'asc' },
    });
    expect(
      repeats.map((r) => [r.revision, r.value?.toNumber(), r.enteredBy, r.channel, r.valueRequestId]),
    ).toEqual([
      [1, 92, fixture.lead.id, 'form', stored.id],
      [2, 120, fixture.lead.id, 'form', stored.id],
    ]);
    expect(repeats[1].reason).toBe('Sent again by the data owner through the values form');

    // 7. Audited, never mailed twice, and the token never stored.
    const events = (
      await waymark.prisma.auditEvent.findMany({ where: { partnershipId }, orderBy: { id: 'asc' } })
    ).map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'kpi-value-request.opened',
        'kpi-value-request.sent',
        'kpi-value-request.answered',
        'kpi-value.recorded',
        'kpi-value.revised',
      ]),
    );
    // The request names the user who started the collection.
    const opened = await waymark.prisma.auditEvent.findFirstOrThrow({
      where: { partnershipId, event: 'kpi-value-request.opened' },
    });
    expect(opened.after).toMatchObject({ startedBy: suite.caller.userId });
    // A retried send finds the request email already sent, and sends nothing.
    await expect(waymark.worker.get(KpiValueChase).send(stored.id)).resolves.toEqual({
      outcome: 'already-sent',
    });
    expect(catcher.messages().filter((m) => m.to.includes(fixture.lead.email))).toHaveLength(1);
    const dump = JSON.stringify(
      await waymark.prisma.auditEvent.findMany({ where: { partnershipId } }),
      (_k, v) => (typeof v === 'bigint' ? String(v) : v),
    );
    expect(dump).not.toContain(token);

    await recordHistory(
      waymark.config.TEMPORAL_ADDRESS,
      kpiCollectionWorkflowId(partnershipId, '2026-27-Q1'),
      'kpi-collection-answered',
    );
  });

  it('refuses a collection with a past deadline or naming a partnership, and starts nothing', async () => {
    const past = await http()
      .post('/api/kpi-collections')
      .send({ periodKey: '2026-27-Q2', respondBy: '2020-01-01T00:00:00Z' })
      .expect(422);
    expect(past.body.errors).toEqual([{ field: 'respondBy', message: 'The deadline must be in the future' }]);
    // The collection is always the caller's partnership's: a body naming one is refused.
    await http()
      .post('/api/kpi-collections')
      .send({
        partnershipId: '00000000-0000-4000-8000-000000000000',
        periodKey: '2026-27-Q2',
        respondBy: '2099-01-01T00:00:00Z',
      })
      .expect(400);
    await http().post('/api/kpi-collections').send({ periodKey: 'Q2', respondBy: 'soon' }).expect(400);
    await http().get(`/api/kpi-collections/${suite.fixture.partnership.id}/2026-27-Q2`).expect(404);
  });

  it('answers an unknown link with a friendly page', async () => {
    const unknown = await http()
      .get(`/k/${'A'.repeat(43)}`)
      .expect(404);
    expect(unknown.text).toContain('We do not recognise this link');
  });
});
