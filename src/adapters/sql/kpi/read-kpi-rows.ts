import type { SqlRead } from '../sql-access.js';
import type { KpiSqlDialect } from './compile-kpis-to-sql.js';

/** Rows fetched per round trip from a PostgreSQL cursor. */
export const KPI_ROW_BATCH = 5_000;

/**
 * Runs one compiled KPI statement inside a snapshot and hands its rows to
 * `onRow`. PostgreSQL reads through a server-side cursor, a batch at a time,
 * so Node never holds more than one batch of rows however many nodes have
 * figures. SQLite returns the rows in one read (an in-process database: the
 * rows are already in this process's memory).
 */
export async function forEachKpiRow(read: SqlRead, dialect: KpiSqlDialect, sql: string, params: readonly unknown[], onRow: (row: Record<string, unknown>) => void): Promise<void> {
  if (dialect === 'sqlite') {
    for (const row of await read(sql, params)) onRow(row);
    return;
  }
  // On a failure the snapshot's rollback ends the cursor: closing it here would fail in the aborted transaction and hide the cause.
  await read(`DECLARE civic_grid_kpi_rows NO SCROLL CURSOR FOR ${sql}`, params);
  for (;;) {
    const rows = await read(`FETCH FORWARD ${KPI_ROW_BATCH} FROM civic_grid_kpi_rows`, []);
    for (const row of rows) onRow(row);
    if (rows.length < KPI_ROW_BATCH) break;
  }
  await read('CLOSE civic_grid_kpi_rows', []);
}
