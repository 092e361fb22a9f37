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
export * from './rules/matching/dispatch-session.js';
export type { DispatchChange } from './rules/matching/dispatch-change.js';
export * from './rules/matching/match-needs.js';
export * from './rules/claiming/transitions.js';
export { allocateGrids } from './rules/grids/allocate-grids.js';
export { rebalanceGrids } from './rules/grids/rebalance-grids.js';
export type { GridMove, RebalanceResult } from './rules/grids/rebalance-grids.js';
export type { GridChange } from './rules/grids/grid-change.js';
export { GridBuildingSchema, AllocateGridsInputSchema } from './rules/grids/grid-input.js';
export { parseBuildingsCsv, BUILDINGS_CSV_COLUMNS } from './rules/grids/buildings-csv.js';
export type { CsvOptions } from './rules/text/csv-text.js';
export { TEXT_ENCODINGS, type TextEncoding } from './rules/text/decode-text.js';
export * from './rules/grids/grid-plan.js';
export * from './rules/kpi/index.js';
export * from './services/kpi/compute-kpis.js';
// KPIs computed where the data lives (issue 17)
export { computeKpisInDatabase, type ComputeKpisInDatabaseOptions } from './services/kpi/compute-kpis-in-database.js';
export { dropKpiProjections } from './services/kpi/kpi-projections.js';
export { STANDARD_KPI_STORE_KINDS } from './services/kpi/standard-kpi-store-kinds.js';
export { compileKpisToSql, type CompileKpisToSqlOptions, type CompiledKpiSql, type KpiSqlStatement, type KpiSqlProjection, type KpiSqlSlot, type KpiSqlBindings, type KpiSqlDialect, type KpiSqlAggregate } from './adapters/sql/kpi/compile-kpis-to-sql.js';
// Working-time calendar: deadlines in real working time (issue 11)
export * from './rules/calendar/index.js';

// Generator
export * from './generate/city-scale.js';
export * from './generate/generate-city.js';
export { SeededRandom } from './generate/seeded-random.js';
export * from './generate/generate-events.js';

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

// Who may see and do what: principals, policies as data, the narrowed store, personal data and its access log
export * from './access/access-action.js';
export * from './access/principal.js';
export * from './access/access-policy.js';
export * from './access/standard-access-policy.js';
export { EACH, personalData, personalFieldsOf, PERSONAL_DATA_KINDS, PersonalDataKindSchema } from './access/personal-data.js';
export type { PersonalDataKind, PersonalDataMeta, PersonalField, PathStep } from './access/personal-data.js';
export * from './access/mask-pattern.js';
export * from './access/authorized-store.js';
export * from './access/personal-data-access.js';
export * from './access/reveal-personal-data.js';
export * from './access/read-access-log.js';
export { readAccessOf, type ReadAccess } from './access/read-access.js';

// Party-building contact points (党建联系点)
export * from './model/contact-point.js';
export * from './rules/contact-points/check-contact-coverage.js';
export * from './rules/contact-points/propose-contact-points.js';
export type { ContactPointScopeOptions } from './rules/contact-points/contact-point-input.js';

// Part-time committee members (兼职委员)
export * from './model/committee-member.js';
export * from './rules/committee/appointment-transitions.js';
export * from './rules/committee/check-committee.js';

// Joint meetings (联席会议) and their tasks
export * from './model/joint-meeting.js';
export * from './model/meeting-task.js';
export * from './rules/meetings/overdue-tasks.js';
export * from './rules/meetings/validate-joint-meeting.js';
export * from './model/meeting-rules.js';
export * from './model/meeting-resolution.js';
export * from './rules/meetings/meeting-transitions.js';
export * from './rules/meetings/task-reminders.js';
export * from './services/meetings/index.js';
// …contact points, committees and community organisations (社区社会组织) on a store, and their KPIs
export * from './model/contact-visit-record.js';
export * from './services/contact-points/index.js';
export * from './services/committee/index.js';
export * from './model/social-organisation.js';
export * from './rules/organisations/incubation-transitions.js';
export * from './rules/organisations/check-organisation-targets.js';
export * from './services/organisations/index.js';
export * from './services/party-building-kinds.js';
export * from './rules/kpi/party-building-kpi-definitions.js';
export * from './generate/generate-party-building.js';

// Grid events: the closed loop (立案 → 派遣 → 处置 → 结案) with working-time deadlines, escalation and duplicates
export * from './model/grid-event.js';
export * from './rules/events/index.js';
// …and on a store: atomic event commands, reports and batched sweeps
export * from './services/events/index.js';

// Micro-wishes (微心愿): collect → verify → publish → claim → fulfil → feedback, city rules as data, matching to members
export * from './model/wish.js';
export * from './rules/wishes/index.js';
// …and on a store: atomic wish operations, one open wish per household under races
export * from './services/wishes/index.js';
export * from './generate/generate-wishes.js';
// In-service party members (在职党员进社区报到): registration, service posts, activities, hours and points
export * from './model/member.js';
export * from './model/registration.js';
export * from './model/service-post.js';
export * from './model/volunteer-activity.js';
export * from './rules/members/index.js';
export * from './services/members/index.js';
export * from './generate/generate-members.js';
export type { ScopedRecord } from './generate/scoped-record.js';
// JSON Schema of every entity, for services in other languages (also published as civic-grid/schemas/<name>.json)
export { ENTITY_SCHEMAS } from './model/entity-schemas.js';
export { entityJsonSchema, type EntityName } from './model/entity-json-schema.js';
