import { CivicGridError } from '../../../errors/civic-grid-error.js';
import { instantReader } from '../../../rules/kpi/instant.js';
import type { KpiSqlAggregate, KpiSqlBinder, KpiSqlDialect } from './compile-kpis-to-sql.js';

type Scalar = string | number | boolean;

/** A record field as each dialect reads it: PostgreSQL a jsonb expression, SQLite a JSON path placeholder. */
export interface FieldReader {
  readonly path: string;
}

export interface RollUpParts {
  /** Instant columns (`expr AS tN`), read once per record. */
  times: readonly string[];
  timeNames: readonly string[];
  /** Per-record contribution columns (`expr AS cN`); they may use the instant columns. */
  columns: readonly string[];
  /** Aggregates over the contributions (`expr AS name`). */
  aggregates: readonly string[];
  where: string;
  segments: number;
}

/**
 * The SQL each dialect writes for one concept of the JS engine's semantics.
 * Every predicate is a proper boolean (never NULL), so NOT and AND compose as in JS.
 */
export interface KpiSqlFlavour {
  field(path: string): FieldReader;
  /** Missing, or JSON null. */
  isNullish(field: FieldReader): string;
  /** The same JSON type and value (numbers by value: 1 equals 1.0). */
  equals(field: FieldReader, value: Scalar): string;
  ordered(field: FieldReader, operator: '>' | '>=' | '<' | '<=', bound: string | number): string;
  isArray(field: FieldReader): string;
  /** An array holding one of the values (strictly typed). */
  holdsAny(field: FieldReader, values: readonly Scalar[]): string;
  holdsNull(field: FieldReader): string;
  /** The value as epoch ms (as instantReader reads it), NULL when missing or unreadable. */
  instant(field: FieldReader): string;
  /** A date filter value, converted in Node in the city's zone. */
  instantParam(value: Scalar, id: string): string;
  /** A number to sum, exact (PostgreSQL numeric; SQLite its JSON text), NULL otherwise. */
  amount(field: FieldReader): string;
  /** A string, number or boolean as a distinct key keeping its JSON type, NULL otherwise. */
  key(field: FieldReader): string;
  aggregate(aggregate: Exclude<KpiSqlAggregate, 'count' | 'coverage' | 'groupCount'>, contribution: string, filter: string): string;
  rollUp(parts: RollUpParts): string;
}

export function kpiSqlFlavour(dialect: KpiSqlDialect, binder: KpiSqlBinder, schema: string): KpiSqlFlavour {
  return dialect === 'postgres' ? postgresFlavour(binder, schema) : sqliteFlavour(binder);
}

const ORDERED_TYPE = { number: 'number', string: 'string' } as const;

function postgresFlavour(binder: KpiSqlBinder, schema: string): KpiSqlFlavour {
  const zone = (): string => binder.runtime('timeZone', (bindings) => bindings.timeZone);
  const json = (value: unknown): string => `${binder.constant(JSON.stringify(value))}::jsonb`;
  const type = (field: FieldReader): string => `jsonb_typeof(${field.path})`;
  return {
    // Each key is a bound text value: data -> $1 -> $2.
    field: (path) => ({ path: `(data${path
      .split('.')
      .map((key) => ` -> ${binder.constant(key)}::text`)
      .join('')})` }),
    isNullish: (field) => `coalesce(${type(field)} = 'null', TRUE)`,
    equals: (field, value) => `coalesce(${field.path} = ${json(value)}, FALSE)`,
    ordered: (field, operator, bound) =>
      typeof bound === 'number'
        ? `coalesce(${type(field)} = '${ORDERED_TYPE.number}' AND ${field.path} ${operator} ${json(bound)}, FALSE)`
        : `coalesce(${type(field)} = '${ORDERED_TYPE.string}' AND (${field.path} #>> '{}') COLLATE "C" ${operator} ${binder.constant(bound)}::text, FALSE)`,
    isArray: (field) => `coalesce(${type(field)} = 'array', FALSE)`,
    // Containment of [x] holds when x is a top-level element, compared as jsonb (typed; 1 = 1.0).
    holdsAny: (field, values) => `coalesce(${values.map((value) => `${field.path} @> ${json([value])}`).join(' OR ')}, FALSE)`,
    holdsNull: (field) => `coalesce(${field.path} @> ${json([null])}, FALSE)`,
    instant: (field) => `"${schema}".civic_grid_instant(${field.path}, ${zone()}::text)`,
    instantParam: (value, id) => `${binder.runtime(`instant:${typeof value}:${JSON.stringify(value)}`, (bindings) => filterInstant(value, bindings.timeZone, id))}::float8`,
    amount: (field) => `CASE WHEN ${type(field)} = 'number' THEN (${field.path})::numeric END`,
    key: (field) => `CASE WHEN ${type(field)} IN ('string', 'number', 'boolean') THEN ${field.path} END`,
    aggregate: (aggregate, contribution, filter) => {
      switch (aggregate) {
        case 'sum':
          return `CAST(sum(${contribution})${filter} AS text)`;
        case 'distinct':
          return `count(DISTINCT ${contribution})${filter}`;
        case 'duration':
          // Nearest rank, as the JS engine: the first value whose cumulative share reaches q.
          return `percentile_disc(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY ${contribution})${filter}`;
      }
    },
    rollUp: ({ times, timeNames, columns, aggregates, where, segments }) => {
      const names = Array.from({ length: segments }, (_, index) => `s${index + 1}`);
      // OFFSET 0 keeps the instants computed once per record, not once per use. HAVING drops the grand
      // total and the groups past a record's depth (an empty segment), which would repeat their parent.
      return `WITH timed AS (SELECT scope, data${times.map((time) => `, ${time}`).join('')} FROM "${schema}".civic_grid_records WHERE ${where} OFFSET 0),
base AS (SELECT ${names.map((name, index) => `split_part(scope, '/', ${index + 2}) AS ${name}`).join(', ')}${timeNames.map((time) => `, ${time}`).join('')}${columns.map((column) => `, ${column}`).join('')} FROM timed)
SELECT '/' || concat_ws('/', ${names.join(', ')}) || '/' AS scope_key${aggregates.map((aggregate) => `, ${aggregate}`).join('')}
FROM base GROUP BY ROLLUP (${names.join(', ')})
HAVING s1 IS NOT NULL${names.map((name) => ` AND (${name} IS NULL OR ${name} <> '')`).join('')}`;
    },
  };
}

function sqliteFlavour(binder: KpiSqlBinder): KpiSqlFlavour {
  const type = (field: FieldReader): string => `json_type(data, ${field.path})`;
  const value = (field: FieldReader): string => `json_extract(data, ${field.path})`;
  const scalarTest = (typeOf: string, valueOf: string, scalar: Scalar): string => {
    if (typeof scalar === 'boolean') return `${typeOf} = ${binder.constant(String(scalar))}`;
    if (typeof scalar === 'number') return `(${typeOf} IN ('integer', 'real') AND ${valueOf} = ${binder.constant(scalar)})`;
    return `(${typeOf} = 'text' AND ${valueOf} = ${binder.constant(scalar)})`;
  };
  return {
    field: (path) => ({ path: binder.constant(`$.${path}`) }),
    isNullish: (field) => `coalesce(${type(field)} = 'null', TRUE)`,
    equals: (field, scalar) => `coalesce(${scalarTest(type(field), value(field), scalar)}, FALSE)`,
    ordered: (field, operator, bound) =>
      `coalesce(${type(field)} ${typeof bound === 'number' ? "IN ('integer', 'real')" : "= 'text'"} AND ${value(field)} ${operator} ${binder.constant(bound)}, FALSE)`,
    isArray: (field) => `coalesce(${type(field)} = 'array', FALSE)`,
    holdsAny: (field, values) =>
      `(${type(field)} = 'array' AND EXISTS (SELECT 1 FROM json_each(data, ${field.path}) AS element WHERE ${values.map((scalar) => scalarTest('element.type', 'element.value', scalar)).join(' OR ')}))`,
    holdsNull: (field) => `(${type(field)} = 'array' AND EXISTS (SELECT 1 FROM json_each(data, ${field.path}) AS element WHERE element.type = 'null'))`,
    instant: (field) => `civic_grid_instant(data -> ${field.path}, ${binder.runtime('timeZone', (bindings) => bindings.timeZone)})`,
    instantParam: (scalar, id) => binder.runtime(`instant:${typeof scalar}:${JSON.stringify(scalar)}`, (bindings) => filterInstant(scalar, bindings.timeZone, id)),
    amount: (field) => `CASE WHEN ${type(field)} IN ('integer', 'real') THEN data -> ${field.path} END`,
    // Booleans as one-byte blobs: json_extract reads true as 1, which would meet the number 1.
    key: (field) =>
      `CASE ${type(field)} WHEN 'true' THEN x'01' WHEN 'false' THEN x'00' WHEN 'text' THEN ${value(field)} WHEN 'integer' THEN ${value(field)} WHEN 'real' THEN ${value(field)} END`,
    aggregate: (aggregate, contribution, filter) => {
      switch (aggregate) {
        case 'sum':
          return `civic_grid_exact_sum(${contribution})${filter}`;
        case 'distinct':
          return `count(DISTINCT ${contribution})${filter}`;
        case 'duration':
          return `civic_grid_nearest_ranks(${contribution})${filter}`;
      }
    },
    rollUp: ({ times, timeNames, columns, aggregates, where, segments }) => {
      const levels = Array.from({ length: segments }, (_, index) => index + 1);
      const select = aggregates.join(', ');
      return `WITH base AS MATERIALIZED (SELECT ${levels.map((level) => `civic_grid_scope_prefix(scope, ${level}) AS k${level}`).join(', ')}${timeNames.map((time) => `, ${time}`).join('')}${columns.map((column) => `, ${column}`).join('')}
  FROM (SELECT scope, data${times.map((time) => `, ${time}`).join('')} FROM civic_grid_records WHERE ${where}))
${levels.map((level) => `SELECT k${level} AS scope_key${select === '' ? '' : `, ${select}`} FROM base WHERE k${level} IS NOT NULL GROUP BY k${level}`).join('\nUNION ALL\n')}`;
    },
  };
}

/** A date filter value as the JS engine compares it: epoch ms, read in the city's zone when it has no offset. */
export function filterInstant(value: string | number | boolean, timeZone: string, id: string): number {
  const instant = instantReader(timeZone)(value);
  if (Number.isNaN(instant)) throw CivicGridError.validation('KPI definitions', [{ path: ['filter'], message: `KPI "${id}": ${JSON.stringify(value)} is not a date` }]);
  return instant;
}
