// @waymark/kpis: KPIs as coordinators define them and data owners keep them current (Nest services over
// the pure calculations in @waymark/kpi).
export * from './kpi-ledger';
export * from './kpi-rag';
export * from './kpi-value-chase';
export * from './kpi-value-requests.service';
export * from './kpi-values.service';
export * from './kpis.module';
export * from './kpis.service';
