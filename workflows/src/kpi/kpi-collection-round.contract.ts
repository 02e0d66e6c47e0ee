// The scheduled start of each period's KPI collection: a partnership's Schedule runs this small workflow
// when a period ends; it starts that period's collection (`kpi-collection/<partnership>/<period>`) once.

/** One schedule per partnership; its runs are `kpi-collection-round/<partnershipId>` plus the fire time. */
export function kpiCollectionScheduleId(partnershipId: string): string {
  return `kpi-collection/${partnershipId}`;
}

export function kpiCollectionRoundWorkflowId(partnershipId: string): string {
  return `kpi-collection-round/${partnershipId}`;
}

export interface KpiCollectionRoundInput {
  partnershipId: string;
  /** Rounds per financial-year quarter or per month: the period that ended last is collected. */
  cadence: 'QUARTERLY' | 'MONTHLY';
  /** Data owners are asked to answer by 17:00 London time this many working days after the start. */
  workingDaysToRespond: number;
}

export interface KpiCollectionRoundResult {
  periodKey: string;
  respondBy: string;
  /** False when that period's collection already ran or runs (a second firing, or started by hand). */
  started: boolean;
}

export interface KpiCollectionRoundActivities {
  /** Works out the round for `asOf` and starts its collection workflow unless it already exists. */
  startKpiCollectionRound(
    input: KpiCollectionRoundInput & { asOf: string },
  ): Promise<KpiCollectionRoundResult>;
}
