// Type tests, compiled by TypeScript 5 and 7 (test/types/compilers.test.ts).
import Database from 'better-sqlite3';
import { createSqliteAdapter, type SqliteDatabase } from '../../src/adapters/sqlite/index.js';

// The adapter's own shape of a database takes a better-sqlite3 Database as it is.
const db = new Database(':memory:');
export const shaped: SqliteDatabase = db;
void createSqliteAdapter(db);
void createSqliteAdapter(':memory:');
// @ts-expect-error not a database
void createSqliteAdapter({ name: 'x' });
