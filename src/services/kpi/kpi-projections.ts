import type { KpiSqlBindings, KpiSqlStatement } from '../../adapters/sql/kpi/compile-kpis-to-sql.js';
import { z } from 'zod';
import type { SqlAccess, SqlRead } from '../../adapters/sql/sql-access.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { ADAPTER_OR_STORE_FIELDS, type AdapterOrStore, hasOneOfAdapterOrStore, ONE_OF_ADAPTER_OR_STORE, sqlAccessOfOptions } from './sql-access-of-options.js';

/** One compiled statement as it runs over its projection: the text and the values to bind. */
export interface ProjectedStatement {
  sql: string;
  params: unknown[];
}

const LOCK = 'kpi projections';

/**
 * Brings the projection of each statement (a table of its per-record
 * columns, one row per record of its kind) up to the audit log's last
 * entry, and returns each statement rewritten to read that table. A
 * projection is named by the text and values of the per-record step, so
 * other definitions, another root or another time zone get their own. The
 * first call builds it from every record; later calls re-read only the
 * records the audit log names since (inserted, updated or removed), all in
 * one transaction whose snapshot the audit log and the records share.
 * Records written around the store (no audit entry) are not seen until
 * dropKpiProjections makes the next call build afresh.
 */
export async function projectedStatements(access: SqlAccess, statements: readonly KpiSqlStatement[], bindings: KpiSqlBindings): Promise<ProjectedStatement[]> {
  const names = tableNames(access);
  return access.maintain(LOCK, async (run) => {
    const latest = Number((await run(`SELECT coalesce(max(seq), 0) FROM ${names.audit}`, [])).rows[0]?.[0] ?? 0);
    let changedReady = false;
    const projected: ProjectedStatement[] = [];
    for (const { kind, projection } of statements) {
      const params = projection.params(bindings);
      const definition = JSON.stringify({ select: projection.select(), params });
      const columns = `id, scope${projection.columns.map(({ name }) => `, ${name}`).join('')}`;
      const [found] = (await run(`SELECT id, seq FROM ${names.registry} WHERE kind = ${names.param(1)} AND definition = ${names.param(2)}`, [kind, definition])).rows;
      let table: string;
      if (found === undefined) {
        const [created] = (await run(`INSERT INTO ${names.registry} (kind, definition, seq, built_at, caught_up_at) VALUES (${names.param(1)}, ${names.param(2)}, ${names.param(3)}, ${names.now}, ${names.now}) RETURNING id`, [kind, definition, latest])).rows;
        table = names.projection(Number(created?.[0]));
        const types = projection.columns.map(({ name, type }) => `, ${name} ${type}`.trimEnd()).join('');
        await run(`CREATE TABLE ${table} (id ${names.text} PRIMARY KEY, scope ${names.text} NOT NULL${types})`, []);
        // In scope order: the roll-up reads it in that order (PostgreSQL, by the scope index), so the index points at pages in turn.
        await run(`INSERT INTO ${table} (${columns}) SELECT * FROM (${projection.select()}) AS projected ORDER BY scope`, params);
        await indexScopes(run, access, table);
        // The roll-up's plan depends on the table's size and groups.
        if (access.dialect === 'postgres') await run(`ANALYZE ${table}`, []);
      } else {
        table = names.projection(Number(found[0]));
        // A projection built by an earlier version has none.
        await indexScopes(run, access, table);
        if (Number(found[1]) < latest) {
          if (!changedReady) {
            await run(names.createChanged, []);
            changedReady = true;
          }
          await run(`DELETE FROM ${names.changed}`, []);
          await run(`INSERT INTO ${names.changed} (id) SELECT DISTINCT id FROM ${names.audit} WHERE seq > ${names.param(1)} AND kind = ${names.param(2)}`, [found[1], kind]);
          const onlyChanged = `SELECT id FROM ${names.changed}`;
          await run(`DELETE FROM ${table} WHERE id IN (${onlyChanged})`, []);
          await run(`INSERT INTO ${table} (${columns}) ${projection.select(onlyChanged)}`, params);
          await run(`UPDATE ${names.registry} SET seq = ${names.param(1)}, caught_up_at = ${names.now} WHERE id = ${names.param(2)}`, [latest, found[0]]);
        }
      }
      projected.push({ sql: projection.rollUp(table), params: projection.rollUpParams(bindings) });
    }
    return projected;
  });
}

const DropOptionsSchema = z
  .object(ADAPTER_OR_STORE_FIELDS)
  .strict()
  .refine(hasOneOfAdapterOrStore, ONE_OF_ADAPTER_OR_STORE);

/**
 * Drops every KPI projection that computeKpisInDatabase's `incremental`
 * kept in the adapter's database (PostgreSQL schema or SQLite file); the
 * next incremental call builds its own afresh. Needed after records were
 * written around the store (no audit entry), or to reclaim the space of
 * projections no call uses any more. Returns how many tables were dropped.
 */
export async function dropKpiProjections(options: AdapterOrStore): Promise<number> {
  parseWithSchema(DropOptionsSchema, options, 'dropKpiProjections options');
  const access = sqlAccessOfOptions(options, 'dropKpiProjections options');
  const names = tableNames(access);
  return access.maintain(LOCK, async (run: SqlRead) => {
    const { rows } = await run(`SELECT id FROM ${names.registry}`, []);
    for (const [id] of rows) await run(`DROP TABLE IF EXISTS ${names.projection(Number(id))}`, []);
    await run(`DELETE FROM ${names.registry}`, []);
    return rows.length;
  });
}

/**
 * PostgreSQL: an index on the projection's scopes, which the roll-up reads
 * it in order by (compileKpisToSql's rollUp), so that each record scope's
 * rows group as they come, without a sort or a hash of every row.
 */
async function indexScopes(run: SqlRead, access: SqlAccess, table: string): Promise<void> {
  if (access.dialect !== 'postgres') return;
  const index = `${table}_scope`;
  // Looked up first: CREATE INDEX IF NOT EXISTS would send a notice on every call.
  if ((await run('SELECT to_regclass($1) IS NULL', [index])).rows[0]?.[0] !== true) return;
  await run(`CREATE INDEX ${table.slice(table.lastIndexOf('.') + 1)}_scope ON ${table} (scope)`, []);
}

/** The tables, placeholders and clock of the adapter's dialect. */
function tableNames(access: SqlAccess) {
  const postgres = access.dialect === 'postgres';
  const qualified = (table: string): string => (access.schema === null ? table : `"${access.schema}".${table}`);
  return {
    audit: qualified('civic_grid_audit'),
    registry: qualified('civic_grid_kpi_projections'),
    projection: (id: number): string => qualified(`civic_grid_kpi_projection_${id}`),
    param: (index: number): string => (postgres ? `$${index}` : `@p${index}`),
    now: postgres ? 'now()' : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    // Ids and scopes in code-point order (PostgreSQL's C collation; SQLite's default).
    text: postgres ? 'text COLLATE "C"' : 'TEXT',
    changed: postgres ? 'pg_temp.civic_grid_kpi_changed' : 'temp.civic_grid_kpi_changed',
    createChanged: postgres
      ? 'CREATE TEMP TABLE IF NOT EXISTS civic_grid_kpi_changed (id text COLLATE "C" PRIMARY KEY) ON COMMIT DROP'
      : 'CREATE TEMP TABLE IF NOT EXISTS civic_grid_kpi_changed (id TEXT PRIMARY KEY)',
  };
}
