import type { ScopePath } from './port.js';

/**
 * Scope paths as SQL adapters store them: a materialized path such as
 * `/tc/wy/s1/`, so a subtree is one indexed prefix range. `%` and `/` inside
 * an id are percent-escaped, so no id can break out of its segment.
 */
export function encodeScope(path: ScopePath): string {
  let key = '/';
  for (const id of path) key += `${escapeSegment(id)}/`;
  return key;
}

export function decodeScope(key: string): string[] {
  if (key === '/') return [];
  return key.slice(1, -1).split('/').map(unescapeSegment);
}

/**
 * The half-open range `[low, high)` holding every scope key inside `path`'s
 * subtree under byte-wise (C collation) order: `/a/` up to `/a0`, because
 * `0` is the character right after `/`.
 */
export function scopeRange(path: ScopePath): { low: string; high: string } {
  const low = encodeScope(path);
  return { low, high: `${low.slice(0, -1)}0` };
}

function escapeSegment(id: string): string {
  return id.includes('%') || id.includes('/') ? id.replaceAll('%', '%25').replaceAll('/', '%2F') : id;
}

function unescapeSegment(segment: string): string {
  return segment.includes('%') ? segment.replaceAll('%2F', '/').replaceAll('%25', '%') : segment;
}

/** True when `path` lies in the subtree of `root`, at most `depth` levels below it when given. */
export function isInScope(path: ScopePath, root: ScopePath, depth?: number): boolean {
  if (path.length < root.length) return false;
  if (depth !== undefined && path.length > root.length + depth) return false;
  for (let index = 0; index < root.length; index += 1) if (path[index] !== root[index]) return false;
  return true;
}
