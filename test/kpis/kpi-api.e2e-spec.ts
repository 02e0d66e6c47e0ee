// The KPI admin API over HTTP (supertest) on the real API, worker, PostgreSQL, Temporal and SMTP: define,
// derive, enter, correct, conflict, graph; bad input gives 4xx with field errors and changes nothing.
import { waymarkSuite } from '../support/suite';

describe('KPI admin API', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();
  const ids: Record<string, string> = {};
  const partnershipId = () => suite.fixture.partnership.id;
  const define = (body: Record<string, unknown>) => http().post('/api/kpis').send(body);
  const valueRows = () =>
    suite.waymark.prisma.kpiValue.count({ where: { kpi: { partnershipId: partnershipId() } } });
  const snapshot = async () => ({
    kpis: await suite.waymark.prisma.kpi.findMany({
      where: { partnershipId: partnershipId() },
      orderBy: { code: 'asc' },
      include: { targets: true, inputs: true },
    }),
    values: await valueRows(),
    audit: await suite.waymark.prisma.auditEvent.count({ where: { partnershipId: partnershipId() } }),
  });

  it('defines a count, a per-1,000 rate over it and the population it needs, and computes the rate', async () => {
    const incidents = await define({
      code: 'DA-INCIDENTS',
      name: 'Domestic abuse crimes and incidents reported to the police',
      unit: 'COUNT',
      frequency: 'FINANCIAL_YEAR',
      direction: 'NEUTRAL',
      dataOwnerContactId: suite.fixture.lead.id,
      source: 'Testshire Police',
      baseline: { periodKey: '2019-20', value: 5688 },
    }).expect(201);
    ids.incidents = incidents.body.id;
    const rate = await define({
      code: 'DA-INCIDENTS-PER-1000',
      name: 'Incidents per 1,000 population',
      unit: 'RATE_PER_1000',
      frequency: 'FINANCIAL_YEAR',
      direction: 'LOWER_IS_BETTER',
      formula: '{DA-INCIDENTS} / {ref:POPULATION} * 1000',
      targets: [{ periodKey: '2020-21', value: 22 }],
      rag: { kind: 'TOLERANCE', tolerance: 0.1 },
    }).expect(201);
    ids.rate = rate.body.id;
    expect(rate.body).toMatchObject({ derived: true, inputs: ['DA-INCIDENTS'], series: [] });

    for (const [periodKey, value] of [
      ['2019-20', 5688],
      ['2020-21', 7522],
    ] as const) {
      await http()
        .post(`/api/kpis/${ids.incidents}/values`)
        .send({
          periodKey,
          value,
          status: 'CONFIRMED',
          note: periodKey === '2020-21' ? 'Lockdowns' : undefined,
        })
        .expect(201);
    }
    // No population yet: the rate is missing, not zero.
    expect((await http().get(`/api/kpis/${ids.rate}`).expect(200)).body.series).toEqual([]);

    const population = await http()
      .put('/api/reference-figures')
      .send({
        code: 'POPULATION',
        periodKey: '2020-21',
        value: 308063,
        source: 'ONS, Census 2011 (KS101EW)',
      })
      .expect(200);
    expect(population.body.recomputed).toEqual([
      { code: 'DA-INCIDENTS-PER-1000', periodKey: '2020-21', decision: 'new', value: 24.4171 },
    ]);
    const view = (await http().get(`/api/kpis/${ids.rate}`).expect(200)).body;
    expect(view.series).toEqual([
      expect.objectContaining({ periodKey: '2020-21', value: 24.4171, target: 22, rag: 'RED' }),
    ]);
    expect(view.series[0].current).toMatchObject({
      source: 'formula',
      status: 'CONFIRMED',
      channel: 'formula',
    });
  });

  it('keeps corrections as revisions with who, when and why, and flags a second source', async () => {
    const noReason = await http()
      .post(`/api/kpis/${ids.incidents}/values`)
      .send({ periodKey: '2020-21', value: 7530, status: 'CONFIRMED', note: 'Late crimes' })
      .expect(422);
    expect(noReason.body.errors).toEqual([
      { field: 'reason', message: 'DA-INCIDENTS already has 7522 for 2020/21: say why it changes' },
    ]);

    const corrected = await http()
      .post(`/api/kpis/${ids.incidents}/values`)
      .send({
        periodKey: '2020-21',
        value: 7530,
        status: 'CONFIRMED',
        note: 'Lockdowns',
        reason: 'Late-recorded crimes added',
      })
      .expect(201);
    expect(corrected.body).toEqual({
      entries: [
        {
          kpiId: ids.incidents,
          code: 'DA-INCIDENTS',
          periodKey: '2020-21',
          decision: 'revision',
          value: 7530,
        },
      ],
      recomputed: [
        { code: 'DA-INCIDENTS-PER-1000', periodKey: '2020-21', decision: 'revision', value: 24.4431 },
      ],
    });

    // Another source's different figure is kept and flagged; the accepted value stands.
    await http()
      .post(`/api/kpis/${ids.incidents}/values`)
      .send({
        periodKey: '2020-21',
        value: 10008,
        source: 'Police episodes extract',
        note: 'Episodes, not incidents',
      })
      .expect(201);
    const series = (await http().get(`/api/kpis/${ids.incidents}`).expect(200)).body.series;
    const year = series.find((p: { periodKey: string }) => p.periodKey === '2020-21');
    expect(year).toMatchObject({
      value: 7530,
      current: {
        revision: 2,
        reason: 'Late-recorded crimes added',
        enteredBy: suite.caller.userId,
        channel: 'api',
      },
      conflict: { revision: 3, value: 10008, source: 'Police episodes extract', conflict: true },
    });
    expect(year.revisions.map((r: { value: number }) => r.value)).toEqual([7522, 7530, 10008]);
    expect((await http().get(`/api/kpis/${ids.rate}`).expect(200)).body.series[0].value).toBe(24.4431);

    const events = await suite.waymark.prisma.auditEvent.findMany({
      where: { partnershipId: partnershipId(), entityId: ids.incidents },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.event)).toEqual([
      'kpi.defined',
      'kpi-value.recorded',
      'kpi-value.recorded',
      'kpi-value.revised',
      'kpi-value.conflict-flagged',
    ]);
    expect(events[3]).toMatchObject({ actorType: 'COORDINATOR', channel: 'api', before: { value: 7522 } });
  });

  it('refuses bad values with field errors and writes nothing', async () => {
    const before = await snapshot();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ periodKey: '2021-22', value: -3 }, 422, 'A count must be a whole number, 0 or more'],
      [{ periodKey: '2021-22', value: 12.5 }, 422, 'A count must be a whole number, 0 or more'],
      [{ periodKey: '2021-22', value: null }, 422, 'Say why the figure is not available'],
      [{ periodKey: '2021-22', value: 20000 }, 422, 'add a note to explain it'],
      [{ periodKey: '2026-27-Q1', value: 10 }, 422, 'Not a period of DA-INCIDENTS (financial_year)'],
      [{ periodKey: '2021-99', value: 10 }, 400, 'Not a reporting period'],
      [{ periodKey: '2021-22', value: '10' }, 400, 'expected number'],
    ];
    for (const [body, status, message] of cases) {
      const res = await http().post(`/api/kpis/${ids.incidents}/values`).send(body).expect(status);
      expect(JSON.stringify(res.body.errors)).toContain(message);
    }
    await http()
      .post('/api/kpis/00000000-0000-4000-8000-000000000000/values')
      .send({ periodKey: '2021-22', value: 1 })
      .expect(404);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps a figure published once a year: compared with the year before, stale only when the next is due', async () => {
    // Police recorded crime by calendar year, kept as a rolling 12 months entered each December.
    const crimes = (
      await define({
        code: 'DA-CRIMES-R12',
        name: 'Domestic abuse-related crimes recorded (12 months to December)',
        unit: 'COUNT',
        frequency: 'ROLLING_12_MONTHS',
        entryCadence: 'YEARLY_TO_DECEMBER',
        direction: 'LOWER_IS_BETTER',
      }).expect(201)
    ).body;
    expect(crimes.entryCadence).toBe('YEARLY_TO_DECEMBER');
    // The last two Decembers' figures, whatever year the test runs in: the next one is not due yet.
    const year = new Date().getUTCFullYear();
    const [before, last] = [`${year - 2}-12-R12`, `${year - 1}-12-R12`];
    const enter = (body: object) => http().post(`/api/kpis/${crimes.id}/values`).send(body);
    await enter({ periodKey: before, value: 5210 }).expect(201);
    // A jump on the figure a year before is checked, and the check names that year.
    const jump = await enter({ periodKey: last, value: 3100 }).expect(422);
    expect(JSON.stringify(jump.body.errors)).toContain(`12 months to December ${year - 2}`);
    await enter({ periodKey: last, value: 4980 }).expect(201);
    const read = (await http().get(`/api/kpis/${crimes.id}`).expect(200)).body;
    expect(read.status).toMatchObject({
      stale: false,
      sincePrevious: { periodKey: before, value: 5210, change: 'DOWN', travel: 'IMPROVING' },
    });
    // Only a monthly or rolling 12-month KPI is entered yearly.
    const refused = await define({
      code: 'DA-YEARLY',
      name: 'A financial-year KPI entered to June',
      unit: 'COUNT',
      frequency: 'FINANCIAL_YEAR',
      entryCadence: 'YEARLY_TO_JUNE',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.body)).toContain('Only a monthly or rolling 12-month KPI');
    await http().patch(`/api/kpis/${crimes.id}`).send({ entryCadence: 'QUARTERLY' }).expect(200);
  });

  it('refuses bad definitions, cycles included, with field errors and writes nothing', async () => {
    await define({ code: 'A', name: 'Input A', unit: 'COUNT', frequency: 'QUARTERLY' }).expect(201);
    await define({
      code: 'B',
      name: 'Derived B',
      unit: 'COUNT',
      frequency: 'QUARTERLY',
      formula: '{A} + 1',
    }).expect(201);
    const c = await define({
      code: 'C',
      name: 'Derived C',
      unit: 'COUNT',
      frequency: 'QUARTERLY',
      formula: '{B} * 2',
    }).expect(201);
    const b = (await http().get('/api/kpis').expect(200)).body.items.find(
      (k: { code: string }) => k.code === 'B',
    );
    const before = await snapshot();

    const shape = await define({
      code: 'bad code',
      name: 'x',
      unit: 'LITRES',
      frequency: 'QUARTERLY',
      formula: '{A} ^ 2',
      rag: { kind: 'THRESHOLDS', green: { min: 28, max: 40 }, amber: { min: 30, max: 45 } },
      targets: [{ periodKey: '2026-27', value: 1 }],
    }).expect(400);
    const fields = shape.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'unit', 'formula', 'rag']));
    expect(shape.body.errors.map((e: { message: string }) => e.message)).toEqual(
      expect.arrayContaining([
        '"^" is not allowed: use + - * / and ( )',
        'The amber band must contain the green band',
      ]),
    );
    const period = await define({
      code: 'F',
      name: 'Quarterly with a yearly target',
      unit: 'COUNT',
      frequency: 'QUARTERLY',
      targets: [{ periodKey: '2026-27', value: 1 }],
    }).expect(400);
    expect(period.body.errors).toEqual([
      expect.objectContaining({
        field: 'targets.0.periodKey',
        message: "Not a period of this KPI's frequency (QUARTERLY)",
      }),
    ]);

    const cycle = await http().patch(`/api/kpis/${b.id}`).send({ formula: '{C} + {A}' }).expect(422);
    expect(cycle.body.errors).toEqual([
      {
        field: 'formula',
        message: expect.stringMatching(/^The formulas go round in a circle: (B → C → B|C → B → C)$/),
      },
    ]);
    const unknown = await define({
      code: 'D',
      name: 'Derived D',
      unit: 'COUNT',
      frequency: 'QUARTERLY',
      formula: '{NOPE}',
    }).expect(422);
    expect(unknown.body.errors[0]).toEqual({
      field: 'formula',
      message: 'D uses {NOPE}, which is not a KPI of this partnership',
    });
    await define({ code: 'A', name: 'Again', unit: 'COUNT', frequency: 'QUARTERLY' }).expect(409);
    const owner = await define({
      code: 'E',
      name: 'Owned',
      unit: 'COUNT',
      frequency: 'QUARTERLY',
      dataOwnerContactId: '00000000-0000-4000-8000-000000000000',
    }).expect(422);
    expect(owner.body.errors).toEqual([
      { field: 'dataOwnerContactId', message: 'No such contact in this partnership' },
    ]);
    expect(await snapshot()).toEqual(before);

    // A formula that keeps the graph acyclic is taken, and the edges follow it.
    await http().patch(`/api/kpis/${c.body.id}`).send({ formula: '{A} * 3' }).expect(200);
    const graph = (await http().get(`/api/kpis/graph`).expect(200)).body;
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'A', to: 'B' },
        { from: 'A', to: 'C' },
        { from: 'DA-INCIDENTS', to: 'DA-INCIDENTS-PER-1000' },
      ]),
    );
    expect(graph.edges).toHaveLength(3);
    expect(graph.nodes.find((n: { code: string }) => n.code === 'DA-INCIDENTS-PER-1000')).toMatchObject({
      derived: true,
      references: ['POPULATION'],
    });
  });

  it('documents the KPI endpoints in OpenAPI', async () => {
    const doc = (await http().get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/kpis',
        '/api/kpis/graph',
        '/api/kpis/{id}',
        '/api/kpis/{id}/values',
        '/api/reference-figures',
        '/api/kpi-collections',
      ]),
    );
    expect(JSON.stringify(doc.components.schemas)).toContain('RATE_PER_1000');
  });
});
