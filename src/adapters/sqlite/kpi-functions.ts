import { CivicGridError } from '../../errors/civic-grid-error.js';
import { decimalOf } from '../../rules/kpi/exact-sum.js';
import { nearestRank } from '../../rules/kpi/evaluation.js';
import { instantReader } from '../../rules/kpi/instant.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface UserFunctions {
  function(name: string, options: { deterministic: boolean }, fn: (...args: unknown[]) => unknown): unknown;
  aggregate(name: string, options: { start: () => unknown; step: (total: never, value: unknown) => unknown; result: (total: never) => unknown }): unknown;
}

/**
 * The functions compiled KPI queries call on SQLite (see compileKpisToSql),
 * registered on the connection. SQLite has no time zones, no exact decimals
 * and no percentiles, so these five run the JS engine's own rules inside the
 * query: the database still reads, filters and groups every record.
 */
export function registerKpiFunctions(database: SqliteDatabase): void {
  // better-sqlite3's registration methods; SqliteDatabase leaves them out so other drivers still fit the adapter.
  const db = database as SqliteDatabase & Partial<UserFunctions>;
  const { function: define, aggregate } = db;
  if (define === undefined || aggregate === undefined) {
    throw new CivicGridError('ADAPTER_FAILURE', 'sqlite adapter: KPIs in the database need a better-sqlite3 Database (function and aggregate)');
  }
  const readers = new Map<string, (value: unknown) => number>();
  define.call(db, 'civic_grid_instant', { deterministic: true }, (json: unknown, zone: unknown) => {
    if (typeof json !== 'string' || typeof zone !== 'string') return null;
    let read = readers.get(zone);
    if (read === undefined) readers.set(zone, (read = instantReader(zone)));
    const instant = read(JSON.parse(json));
    return Number.isNaN(instant) ? null : instant;
  });
  // The key of the first `level` segments ('/a/b/'), or NULL when the scope is shallower.
  define.call(db, 'civic_grid_scope_prefix', { deterministic: true }, (scope: unknown, level: unknown) => {
    if (typeof scope !== 'string' || typeof level !== 'number') return null;
    let at = 0;
    for (let seen = 0; seen < level; seen++) {
      at = scope.indexOf('/', at + 1);
      if (at < 0) return null;
    }
    return scope.slice(0, at + 1);
  });
  // How many leading segments two scopes share, up to `segments`; 0 when there is no `previous`.
  define.call(db, 'civic_grid_shared_segments', { deterministic: true }, (scope: unknown, previous: unknown, segments: unknown) => {
    if (typeof scope !== 'string' || typeof previous !== 'string' || typeof segments !== 'number') return 0;
    // Segment i is split_part(scope, '/', i + 2), as PostgreSQL reads it: '' past the end.
    const [ours, theirs] = [scope.split('/'), previous.split('/')];
    let shared = 0;
    while (shared < segments && (ours[shared + 1] ?? '') === (theirs[shared + 1] ?? '')) shared++;
    return shared;
  });
  // Exact, as ExactSums: each JSON number as the decimal it prints as, added as integers.
  aggregate.call(db, 'civic_grid_exact_sum', {
    start: () => ({ units: 0n, scale: 0 }),
    step: (total: { units: bigint; scale: number }, json: unknown) => {
      if (typeof json !== 'string') return total;
      const { units, scale } = decimalOf(Number(json));
      if (scale > total.scale) {
        total.units *= 10n ** BigInt(scale - total.scale);
        total.scale = scale;
      }
      total.units += units * 10n ** BigInt(total.scale - scale);
      return total;
    },
    result: (total: { units: bigint; scale: number }) => (total.scale === 0 ? String(total.units) : `${total.units}e-${total.scale}`),
  });
  // [median, p90] by the nearest rank, as JSON text; NULL with no values.
  aggregate.call(db, 'civic_grid_nearest_ranks', {
    start: () => [] as number[],
    step: (values: number[], value: unknown) => {
      if (typeof value === 'number') values.push(value);
      return values;
    },
    result: (values: number[]) => {
      if (values.length === 0) return null;
      const sorted = Float64Array.from(values).sort();
      return JSON.stringify([sorted[nearestRank(sorted.length, 0.5)], sorted[nearestRank(sorted.length, 0.9)]]);
    },
  });
}
