// KPIs for the console's pages in tests, made through the admin API as a coordinator would: a quarterly count
// with targets and six quarters of figures, the latest in conflict with a second source; a yearly rate per
// 1,000 derived from it with a population figure; and a KPI with no figures yet.
import type { WaymarkSuite } from './suite';

export const CONFLICT_PERIOD = '2026-27-Q2';

const QUARTERS: [string, number][] = [
  ['2025-26-Q1', 410],
  ['2025-26-Q2', 432],
  ['2025-26-Q3', 455],
  ['2025-26-Q4', 441],
  ['2026-27-Q1', 468],
  [CONFLICT_PERIOD, 479],
];

export interface ConsoleKpis {
  /** The count whose latest quarter has a conflict between two sources. */
  incidents: { id: string; code: string };
  rate: { id: string; code: string };
  empty: { id: string; code: string };
}

/** Defines the KPIs and their figures in the suite's partnership; the conflict: 479 (police) or 502 (extract). */
export async function createConsoleKpis(suite: WaymarkSuite, prefix = 'DA'): Promise<ConsoleKpis> {
  const http = suite.http();
  const define = async (body: Record<string, unknown>) =>
    (await http.post('/api/kpis').send(body).expect(201)).body as { id: string; code: string };
  const incidents = await define({
    code: `${prefix}-INCIDENTS`,
    name: 'Domestic abuse incidents reported to the police',
    unit: 'COUNT',
    frequency: 'QUARTERLY',
    direction: 'NEUTRAL',
    source: 'Testshire Police',
    dataOwnerContactId: suite.fixture.lead.id,
    targets: QUARTERS.map(([periodKey]) => ({ periodKey, value: 450 })),
    rag: { kind: 'TOLERANCE', tolerance: 0.05 },
  });
  for (const [periodKey, value] of QUARTERS) {
    await http.post(`/api/kpis/${incidents.id}/values`).send({ periodKey, value }).expect(201);
  }
  await http
    .post(`/api/kpis/${incidents.id}/values`)
    .send({ periodKey: CONFLICT_PERIOD, value: 502, source: 'Police episodes extract' })
    .expect(201);
  await http
    .put('/api/reference-figures')
    .send({ code: 'POPULATION', periodKey: '2025-26', value: 412_000, source: 'ONS mid-year estimates' })
    .expect(200);
  const rate = await define({
    code: `${prefix}-RATE`,
    name: 'Incidents per 1,000 residents in the year',
    unit: 'RATE_PER_1000',
    frequency: 'FINANCIAL_YEAR',
    direction: 'NEUTRAL',
    formula: `{${incidents.code}} / {ref:POPULATION} * 1000`,
  });
  const empty = await define({
    code: `${prefix}-REFUGE-NIGHTS`,
    name: 'Refuge bed nights',
    unit: 'COUNT',
    frequency: 'QUARTERLY',
    direction: 'HIGHER_IS_BETTER',
  });
  return { incidents, rate, empty };
}
