// @waymark/kpi: KPI calculations, pure and Nest-free: formulas, the dependency graph, recomputation,
// validation of figures, revisions and conflicts, RAG and direction of travel.
export * from './definition';
export * from './formula';
export * from './graph';
export * from './rag';
export * from './recompute';
export * from './restricted-math';
export * from './revision';
export * from './status';
export * from './validation';
