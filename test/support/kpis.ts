import type { WaymarkSuite } from './suite';

/** Creates quarterly COUNT KPIs through the admin API, each owned by the suite's lead (the data owner). */
export async function createOwnedCounts(
  suite: WaymarkSuite,
  kpis: ReadonlyArray<readonly [code: string, name: string]>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  for (const [code, name] of kpis) {
    await suite
      .http()
      .post('/api/kpis')
      .send({
        code,
        name,
        unit: 'COUNT',
        frequency: 'QUARTERLY',
        dataOwnerContactId: suite.fixture.lead.id,
        ...extra,
      })
      .expect(201);
  }
}

/** The two MARAC counts the KPI collection tests ask data owners for. */
export const MARAC_COUNTS = [
  ['MARAC-CASES', 'High-risk cases heard at MARAC'],
  ['MARAC-REPEATS', 'Repeat cases heard at MARAC'],
] as const;
