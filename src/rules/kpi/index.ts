// The KPI engine's public surface (compile, tally and evaluation internals stay private).
export { KpiEntityRegistry, baseKpiEntityRegistry, HIERARCHY_NODE_KIND, type KpiFieldInfo, type KpiFieldType } from './entity-registry.js';
export { validateKpiDefinitions } from './definitions.js';
export { DEFAULT_TIME_ZONE, resolvePeriod, previousPeriod, periodContains, type KpiPeriod } from './period.js';
export { createKpiTally, createKpiAggregator, evaluateKpis, type KpiEngineOptions } from './engine.js';
export type { KpiTally } from './tally.js';
export type { KpiAggregator, KpiChange, KpiRecordAt } from './aggregator.js';
export type { KpiRecord } from './compile.js';
export type { KpiEvaluation, KpiValue } from './evaluation.js';
export { kpiStatus, KPI_STATUS_LABELS, type KpiStatus } from './targets.js';
export { formatKpiValue } from './format.js';
export { buildKpiReport, type KpiReport, type KpiFigure, type KpiNodeFigure, type KpiPeriodJson } from './report.js';
export { rankKpi, type KpiRanking, type KpiRankEntry, type KpiRankExclusion } from './ranking.js';
export { createKpiPack, extendKpiPack, type KpiPack, type KpiPackChanges } from './pack.js';
export { standardKpiPack, standardKpiEntityRegistry, NEED_TIME_TO_FULFIL, STANDARD_KPI_PACK_NAME, STANDARD_KPI_PACK_VERSION } from './standard-pack.js';
export { gridEventRateDefinitions, type GridEventRateOptions } from './grid-event-rates.js';
export { WISH_KPI_DEFINITIONS, WISH_FULFILMENT_RATE_SOURCE } from './wish-kpi-definitions.js';
export { MEMBER_KPI_DEFINITIONS, withMemberKpiKinds } from './member-kpi-definitions.js';
export { GRID_EVENT_KPI_DEFINITIONS } from './grid-event-kpi-definitions.js';
