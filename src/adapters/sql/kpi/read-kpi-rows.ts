import type { SqlRead } from '../sql-access.js';
import type { SqlRows } from '../sql-core.js';
import type { KpiSqlDialect } from './compile-kpis-to-sql.js';

/** Rows fetched per round trip from a PostgreSQL cursor. */
export const KPI_ROW_BATCH = 5_000;

const FETCH = `FETCH FORWARD ${KPI_ROW_BATCH} FROM civic_grid_kpi_rows`;

/** Makes the handler of one statement's rows, given its columns (row[i] holds columns[i]). */
export type KpiRowHandler = (columns: readonly string[]) => (row: readonly unknown[]) => void;

/**
 * Runs one compiled KPI statement inside a snapshot and hands its rows, as
 * arrays, to the handler `onColumns` makes. PostgreSQL reads through a
 * server-side cursor, a batch at a time: on pg each row is handled as it
 * arrives; elsewhere (PGlite) the next batch is asked for before one is
 * handled, so Node holds at most two batches of rows however many nodes have
 * figures, and the server works while Node does. SQLite returns the rows in
 * one read (an in-process database: the rows are already in this process's memory).
 */
export async function forEachKpiRow(read: SqlRead, dialect: KpiSqlDialect, sql: string, params: readonly unknown[], onColumns: KpiRowHandler): Promise<void> {
  if (dialect === 'sqlite') {
    const { columns, rows } = await read(sql, params);
    const onRow = onColumns(columns);
    for (const row of rows) onRow(row);
    return;
  }
  // On a failure the snapshot's rollback ends the cursor: closing it here would fail in the aborted transaction and hide the cause.
  await read(`DECLARE civic_grid_kpi_rows NO SCROLL CURSOR FOR ${sql}`, params);
  const { eachRow } = read;
  if (eachRow !== undefined) {
    // Each row handled as it arrives: no batch held, so the rows die young (pg).
    let onRow: ((row: readonly unknown[]) => void) | undefined;
    const handler = (columns: readonly string[]): ((row: readonly unknown[]) => void) => (onRow ??= onColumns(columns));
    while ((await eachRow(FETCH, [], handler)) === KPI_ROW_BATCH);
    await read('CLOSE civic_grid_kpi_rows', []);
    return;
  }
  const fetch = (): Promise<SqlRows> => {
    const batch = read(FETCH, []);
    // Awaited below; when a handler throws first, its failure is the one reported.
    batch.catch(() => undefined);
    return batch;
  };
  let onRow: ((row: readonly unknown[]) => void) | undefined;
  let next = fetch();
  for (;;) {
    const { columns, rows } = await next;
    const more = rows.length === KPI_ROW_BATCH;
    // The server computes the next batch while this one is handled here.
    if (more) next = fetch();
    onRow ??= onColumns(columns);
    for (const row of rows) onRow(row);
    if (!more) break;
  }
  await read('CLOSE civic_grid_kpi_rows', []);
}

/**
 * The default memory each sort or hash of a KPI statement may take on
 * PostgreSQL before it spills to disk. Not more: a sort of millions of rows
 * ran faster as runs of this size merged from disk than as one quicksort in
 * memory (the claim statement at 10 million records: 15–22 s at 256 MB, 11–14 s
 * at 64 MB), and the hashes left (the records' per-scope groups) lose little by spilling.
 */
export const KPI_WORK_MEM = '64MB';

/**
 * Settings for the KPI statements of one snapshot on PostgreSQL, undone when
 * it ends (set_config local to the transaction, values bound): no JIT, whose
 * compilation of the statements' long expression lists costs more than it
 * saves, and `workMem` for each sort and hash. SQLite has neither.
 */
export async function applyKpiReadSettings(read: SqlRead, dialect: KpiSqlDialect, workMem: string): Promise<void> {
  if (dialect === 'sqlite') return;
  await read("SELECT set_config('jit', 'off', true), set_config('work_mem', $1, true)", [workMem]);
}
