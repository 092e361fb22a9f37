// Compiled against the built declarations, as a user's code is (test/package/declarations.test.ts):
// `civic-grid` resolves to dist through the package's own exports.
import { computeKpis, createHierarchy, Hierarchy, KpiEvaluation, type ProjectOutcomes } from 'civic-grid';
import { createSqliteAdapter, type SqliteDatabase } from 'civic-grid/adapters/sqlite';

export const hierarchy: Hierarchy = createHierarchy([{ id: 'c', level: 'community', name: 'C', parentId: null }]);
export const run: typeof computeKpis = computeKpis;
export const outcomes: ProjectOutcomes = { residentsIntoJobs: 1 };

// Members tagged internal are not in the declarations.
// @ts-expect-error fromValidNodes is internal
void Hierarchy.fromValidNodes([]);
// An evaluation is only built by the library: its constructor keeps its parameters.
// @ts-expect-error takes the period, the compiled pack, the nodes and the states
export const evaluation = new KpiEvaluation();

// The SQLite adapter takes its own structural database type.
export const open = (db: SqliteDatabase) => createSqliteAdapter(db);
