/** Helpers shared by the adapters; not part of the public API. */
import { CivicGridError } from '../errors/civic-grid-error.js';

/** Runs async tasks one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.then(noop, noop);
    return result;
  }
}

function noop(): void {}

/**
 * Orders strings by Unicode code point, as SQLite (BINARY) and PostgreSQL
 * (COLLATE "C") order UTF-8 text. Plain `<` compares UTF-16 code units, which
 * disagrees for characters above U+E000 against surrogate pairs.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

export function notFound(kind: string, id: string): CivicGridError {
  return new CivicGridError('NOT_FOUND', `no ${kind} "${id}"`, { issues: [{ path: ['id'], message: `${kind} "${id}" does not exist` }] });
}

export function versionConflict(kind: string, id: string, expected: number, actual: number): CivicGridError {
  return new CivicGridError('VERSION_CONFLICT', `${kind} "${id}" is at version ${actual}, not the expected ${expected}`, {
    issues: [{ path: ['expectedVersion'], message: `expected ${expected}, stored ${actual}` }],
  });
}

export function alreadyExists(kind: string, ids: readonly string[]): CivicGridError {
  const shown = ids.slice(0, 5).map((id) => `"${id}"`).join(', ');
  return new CivicGridError('CONFLICT', `${kind} ${shown}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''} already exist${ids.length === 1 ? 's' : ''}`, {
    issues: ids.map((id) => ({ path: ['id'], message: `${kind} "${id}" already exists` })),
  });
}

/** A transaction handle used after its transaction committed or rolled back. */
export function finishedTransaction(): CivicGridError {
  return new CivicGridError('ADAPTER_FAILURE', 'this transaction has already finished; use the store, not a stale transaction handle');
}
