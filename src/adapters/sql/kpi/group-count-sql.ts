import type { KpiDefinition, KpiFilter, KpiMeasure } from '../../../model/kpi-definition.js';
import { LEVELS } from '../../../model/level.js';
import type { KpiEntityRegistry, KpiFieldInfo } from '../../../rules/kpi/entity-registry.js';
import { countStanding, type GroupSpec, standingOf } from '../../../rules/kpi/group-count.js';
import { conditionSql, type KpiSqlDialect, type KpiSqlSlot, type KpiSqlStatement, kpiStatement, periodCondition, scopeWithinRoot } from './compile-kpis-to-sql.js';
import type { ContributionColumn, KpiAggregateColumn, TimeColumn } from './kpi-sql-flavour.js';

type GroupCountDefinition = Extract<KpiDefinition, { kind: 'groupCount' }>;

/**
 * One statement for one `groupCount` KPI. Each row is one group at one node
 * (the records with one key inside that node's subtree): per period, the
 * records that form it (`records`) and its measure's parts (`parts`: a count,
 * the exact sum as decimal text, or a distinct count). Whether a group passes
 * is judged in Node by the engine's own test (see readGroupRow), so the
 * threshold is compared exactly as computeKpis compares it.
 */
export function compileGroupCountStatement(
  measureIndex: number,
  definition: GroupCountDefinition,
  registry: KpiEntityRegistry,
  dialect: KpiSqlDialect,
  schema: string,
  periodCount: number,
): KpiSqlStatement {
  const { entity, id } = definition;
  return kpiStatement(entity, dialect, schema, (flavour, binder, periodBinder) => {
    const info = (field: string): KpiFieldInfo => registry.field(entity, field) ?? { type: 'unknown' };
    const conditions = (filter: KpiFilter | undefined): string[] => Object.entries(filter ?? {}).map(([field, condition]) => conditionSql(flavour, flavour.field(field), condition, info(field), id));
    const all = (tests: readonly string[]): string => (tests.length === 0 ? 'TRUE' : tests.join(' AND '));
    const base = conditions(definition.filter);
    const parts: KpiMeasure[] = definition.measure.kind === 'ratio' ? [definition.measure.numerator, definition.measure.denominator] : [definition.measure];
    const columns: ContributionColumn[] = [
      { name: 'g', expression: flavour.key(flavour.field(definition.groupBy)), type: 'key' },
      { name: 'e', expression: `CASE WHEN ${all(base)} THEN 1 END`, type: 'flag' },
    ];
    parts.forEach((part, index) => {
      const value = part.kind === 'count' ? '1' : part.kind === 'sum' ? flavour.amount(flavour.field(part.field)) : flavour.key(flavour.field(part.field));
      columns.push({ name: `p${index}`, expression: `CASE WHEN ${all([...base, ...conditions(part.filter)])} THEN ${value} END`, type: part.kind === 'count' ? 'flag' : part.kind === 'sum' ? 'amount' : 'key' });
    });
    const times: TimeColumn[] = definition.dateField === undefined ? [] : [{ name: 't0', field: flavour.field(definition.dateField) }];
    const aggregates: KpiAggregateColumn[] = [];
    const slots: KpiSqlSlot[] = [];
    for (let period = 0; period < periodCount; period++) {
      const inPeriod = times.length === 0 ? null : periodCondition('t0', period, periodBinder);
      // Groups are judged per node: rolled up here.
      aggregates.push({ name: `r${period}`, aggregate: 'count', contribution: 'e', when: inPeriod, perRecordScope: false });
      const partColumns = parts.map((part, index) => {
        const column = `a${index}_${period}`;
        aggregates.push({ name: column, aggregate: part.kind, contribution: `p${index}`, when: inPeriod, perRecordScope: false });
        return column;
      });
      slots.push({ measure: measureIndex, period, aggregate: 'groupCount', records: `r${period}`, value: null, parts: partColumns, perRecordScope: false });
    }
    const where = `kind = ${binder.constant(entity)} AND ${scopeWithinRoot(binder)}`;
    return { parts: { times, columns, aggregates, where, segments: LEVELS.length, groupKey: 'g' }, slots };
  });
}

/**
 * Counts one row's group at its node for one period (a row whose group has
 * records in the period): a group with a value adds to `groups`, and to
 * `passing` when it passes. `parts` are the row's values of the slot's parts
 * columns; sums arrive as exact decimal text and are rounded once, as the engine rounds them.
 */
export function readGroupRow(parts: readonly unknown[], node: number, spec: GroupSpec, groups: Float64Array, passing: Float64Array): void {
  const [first, second] = parts.map((value) => Number(value ?? 0)) as [number, number | undefined];
  const value = second === undefined ? first : second === 0 ? null : first / second;
  countStanding(standingOf(value, spec), node, groups, passing, 1);
}
