// Errors
export * from './errors/civic-grid-error.js';
export { parseWithSchema, zodIssuesToIssues } from './errors/parse-with-schema.js';

// Model
export * from './model/level.js';
export * from './model/node-code.js';
export * from './model/hierarchy-node.js';
export * from './model/unit.js';
export * from './model/department.js';
export * from './model/party-organisation.js';
export * from './model/need.js';
export * from './model/resource.js';
export * from './model/claim.js';
export * from './model/project.js';
export * from './model/kpi-definition.js';
export * from './model/kpi-period.js';

// Rules
export * from './rules/hierarchy/hierarchy.js';
export { parseHierarchyCsv, hierarchyToCsv, HIERARCHY_CSV_COLUMNS } from './rules/hierarchy/hierarchy-csv.js';
export * from './rules/party/validate-party-organisations.js';
export * from './rules/identifiers/id-number.js';
export * from './rules/identifiers/division-code.js';
export { assign, assignColumnar } from './rules/matching/assign.js';
export type { AssignmentPair, AssignmentCertificate, AssignmentResult, ColumnarAssignmentResult } from './rules/matching/assign.js';
export { ASSIGNMENT_OBJECTIVES } from './rules/matching/assignment-problem.js';
export type { AssignmentObjective, AssignmentProblem, ColumnarAssignmentProblem } from './rules/matching/assignment-problem.js';
export * from './rules/matching/verify-assignment.js';
export * from './rules/matching/reassign.js';
export * from './rules/matching/match-needs.js';
export * from './rules/claiming/transitions.js';
export { allocateGrids } from './rules/grids/allocate-grids.js';
export { rebalanceGrids } from './rules/grids/rebalance-grids.js';
export type { GridMove, RebalanceResult } from './rules/grids/rebalance-grids.js';
export type { GridChange } from './rules/grids/grid-change.js';
export { GridBuildingSchema, AllocateGridsInputSchema } from './rules/grids/grid-input.js';
export * from './rules/grids/grid-plan.js';
export * from './rules/kpi/index.js';
export * from './services/kpi/compute-kpis.js';
// Working-time calendar: deadlines in real working time (issue 11)
export * from './rules/calendar/index.js';

// Generator
export * from './generate/city-scale.js';
export * from './generate/generate-city.js';
export { SeededRandom } from './generate/seeded-random.js';

// Storage: the port and the core store (adapters are the civic-grid/adapters/* subpaths)
export type * from './adapters/port.js';
export { ORDER_FIELDS } from './adapters/port.js';
export * from './adapters/store.js';

// Claiming: two-way claims, dispatch and projects, atomically on a store
export * from './services/claiming/claiming.js';

// Dispatch rounds on the store, the need lifecycle, and a grid plan applied back to the stored hierarchy
export * from './services/claiming/dispatch-open-needs.js';
export * from './services/claiming/need-lifecycle.js';
export * from './rules/grids/apply-grid-plan.js';
export * from './services/hierarchy/hierarchy-store.js';
export * from './services/hierarchy/rescope-moved-buildings.js';

// Grid events: the closed loop (立案 → 派遣 → 处置 → 结案) with working-time deadlines, escalation and duplicates
export * from './model/grid-event.js';
export * from './rules/events/index.js';
// …and on a store: atomic event commands, reports and batched sweeps
export * from './services/events/index.js';
