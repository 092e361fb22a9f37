import type { Issue } from '../errors/civic-grid-error.js';

/**
 * Nesting levels an entity may have. SQLite's JSON functions stop at 1000 and
 * PostgreSQL at its stack limit; 100 is far beyond any real entity and keeps
 * every walk over the data (ours, zod's, the drivers') well inside the stack.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * NUL and lone surrogates: PostgreSQL text and jsonb cannot hold NUL, and
 * UTF-8 cannot encode a lone surrogate (SQLite swaps it for U+FFFD,
 * PostgreSQL refuses it), so no adapter could return such a string unchanged.
 */
const UNSTORABLE_CHARACTER = /[\u0000\p{Cs}]/u;

/** Why every adapter would store `text` unchanged, or null when it would. */
export function unstorableTextProblem(text: string): string | null {
  const match = UNSTORABLE_CHARACTER.exec(text);
  if (match === null) return null;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return match[0] === '\u0000' ? `contains NUL (U+0000) at index ${match.index}, which PostgreSQL cannot store` : `contains a lone surrogate U+${code} at index ${match.index}: not well-formed UTF-16`;
}

/**
 * Everything in `value` that would not come back unchanged from every adapter:
 * Dates, NaN, class instances, NUL and lone surrogates in strings or keys,
 * cycles and nesting deeper than MAX_JSON_DEPTH. Each issue has the path.
 */
export function storableJsonProblems(value: unknown): Issue[] {
  return isClean(value, 1, true) ? [] : walk(value, true);
}

/**
 * Cycles and excess depth among the arrays and plain objects of raw input:
 * checked before a zod schema parses it, since zod's own walk would overflow
 * the stack. Anything else (a Date a schema converts...) is the schema's call.
 */
export function nestingProblems(value: unknown): Issue[] {
  return isClean(value, 1, false) ? [] : walk(value, false);
}

/**
 * The fast path for the common, valid case: no allocation, no ancestor set
 * (a cycle shows up as exceeding the depth bound). Only a false answer pays
 * for `walk`, which names every problem.
 */
function isClean(value: unknown, depth: number, checkLeaves: boolean): boolean {
  if (typeof value === 'string') return !checkLeaves || !UNSTORABLE_CHARACTER.test(value);
  if (typeof value !== 'object' || value === null) return !checkLeaves || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
  if (Array.isArray(value)) {
    if (depth > MAX_JSON_DEPTH) return false;
    for (const item of value) if (!isClean(item, depth + 1, checkLeaves)) return false;
    return true;
  }
  if (!isPlainObject(value)) return !checkLeaves;
  if (depth > MAX_JSON_DEPTH) return false;
  for (const key in value) {
    const item = value[key];
    if (item === undefined) continue;
    if (checkLeaves && UNSTORABLE_CHARACTER.test(key)) return false;
    if (!isClean(item, depth + 1, checkLeaves)) return false;
  }
  return true;
}

function walk(root: unknown, checkLeaves: boolean): Issue[] {
  const found: Issue[] = [];
  const path: (string | number)[] = [];
  const ancestors = new Set<object>();
  const report = (message: string, key?: string | number): void => {
    found.push({ path: key === undefined ? [...path] : [...path, key], message });
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value) || isPlainObject(value)) {
      if (ancestors.has(value)) return report('refers back to one of its own containers (a cycle), which JSON cannot hold');
      if (ancestors.size >= MAX_JSON_DEPTH) return report(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
      ancestors.add(value);
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) descend(index, value[index]);
      } else {
        for (const [key, item] of Object.entries(value)) {
          if (item === undefined) continue;
          const problem = checkLeaves ? unstorableTextProblem(key) : null;
          if (problem !== null) report(`the key ${problem}`, key);
          else descend(key, item);
        }
      }
      ancestors.delete(value);
      return;
    }
    if (!checkLeaves || value === null || typeof value === 'boolean') return;
    if (typeof value === 'string') {
      const problem = unstorableTextProblem(value);
      if (problem !== null) report(`the text ${problem}`);
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      const what = typeof value === 'number' ? String(value) : value instanceof Date ? 'a Date (store an ISO string)' : typeof value === 'object' ? 'a class instance' : `a ${typeof value}`;
      report(`${what} cannot be stored as JSON`);
    }
  };
  const descend = (key: string | number, item: unknown): void => {
    path.push(key);
    visit(item);
    path.pop();
  };
  visit(root);
  return found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
