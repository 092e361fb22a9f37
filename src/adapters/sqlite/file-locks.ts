import { realpathSync } from 'node:fs';
import type { SqliteDatabase } from './sqlite-database.js';
import { Mutex } from '../internal.js';

/** Runs tasks one at a time (structurally a Mutex, possibly from another copy of civic-grid). */
interface Lock {
  run<T>(task: () => Promise<T>): Promise<T>;
}

interface SharedLock {
  lock: Lock;
  users: number;
}

/** Kept on globalThis under a registered symbol, so the ESM and CommonJS copies of civic-grid share one registry. */
const REGISTRY = Symbol.for('civic-grid.sqlite-file-locks');

function registry(): Map<string, SharedLock> {
  const holder = globalThis as { [REGISTRY]?: Map<string, SharedLock> };
  return (holder[REGISTRY] ??= new Map());
}

/**
 * The write lock of the database file behind `db`, shared by every adapter on
 * that file in this process. better-sqlite3 waits for another connection's
 * write lock synchronously, freezing Node for the busy timeout, and the holder
 * cannot finish meanwhile: so writers in one process take turns here instead.
 * `:memory:` and temporary databases are never shared. Call `release` on close.
 */
export function acquireFileLock(db: SqliteDatabase): { lock: Lock; release: () => void } {
  // A closed database fails on its first statement, with the adapter's own error.
  const main = db.open ? (db.pragma('database_list') as { name: string; file: string }[]).find((entry) => entry.name === 'main') : undefined;
  if (main === undefined || main.file === '') return { lock: new Mutex(), release: () => undefined };
  const path = canonicalPath(main.file);
  const locks = registry();
  const shared = locks.get(path) ?? { lock: new Mutex(), users: 0 };
  locks.set(path, shared);
  shared.users += 1;
  let released = false;
  return {
    lock: shared.lock,
    release: () => {
      if (released) return;
      released = true;
      shared.users -= 1;
      if (shared.users === 0 && locks.get(path) === shared) locks.delete(path);
    },
  };
}

/** The same file reached through a symlink or a relative path gets one key. */
function canonicalPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
