import { isInScope } from '../adapters/scope.js';
import type { WhereValue } from '../adapters/port.js';
import type { Equality, Grant } from './access-grants.js';

/** One query the narrowed store runs on the plain store: a disjoint subtree and the equalities it can push into `where`. */
export interface SubQuery {
  scope: readonly string[];
  depth: number | undefined;
  /** Top-level equalities every covering grant requires; [] when none can be pushed down. */
  pushdown: readonly Equality[];
}

/**
 * Intersects a query's subtree with the granted subtrees, never widening it:
 * a scope inside a grant is queried as asked; grants inside the scope are
 * queried each (depth shortened by how much deeper they sit). The subtrees
 * are disjoint, so merging their pages never repeats a record.
 */
export function planSubQueries(grants: readonly Grant[], scope: readonly string[], depth: number | undefined): SubQuery[] {
  const scopes: { scope: readonly string[]; depth: number | undefined }[] = [];
  if (grants.some((grant) => isInScope(scope, grant.scope))) {
    scopes.push({ scope, depth });
  } else {
    const inside = grants
      .filter((grant) => isInScope(grant.scope, scope, depth))
      .map((grant) => grant.scope)
      .sort((a, b) => a.length - b.length);
    for (const candidate of inside) {
      if (scopes.some((kept) => isInScope(candidate, kept.scope))) continue;
      scopes.push({ scope: candidate, depth: depth === undefined ? undefined : depth - (candidate.length - scope.length) });
    }
  }
  return scopes.map((sub) => ({ ...sub, pushdown: pushdownFor(grants.filter((grant) => isInScope(grant.scope, sub.scope) || isInScope(sub.scope, grant.scope))) }));
}

/** The equalities to push into `where`: only when every grant touching the subtree requires the same top-level ones. */
function pushdownFor(grants: readonly Grant[]): readonly Equality[] {
  const first = grants[0];
  if (first === undefined || first.equalities.length === 0) return [];
  const key = equalityKey(first.equalities);
  const same = grants.every((grant) => equalityKey(grant.equalities) === key);
  return same ? first.equalities.filter(([path]) => !path.includes('.')) : [];
}

function equalityKey(equalities: readonly Equality[]): string {
  return JSON.stringify([...equalities].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The caller's `where` with the pushed-down equalities added; null when they
 * contradict it (the subtree then holds nothing the principal may see).
 */
export function whereWithPushdown(
  where: Readonly<Record<string, WhereValue | readonly WhereValue[]>> | undefined,
  pushdown: readonly Equality[],
): Record<string, WhereValue | readonly WhereValue[]> | null {
  const merged: Record<string, WhereValue | readonly WhereValue[]> = { ...where };
  for (const [field, value] of pushdown) {
    const asked = Object.hasOwn(merged, field) ? merged[field] : undefined;
    if (asked !== undefined) {
      const values: readonly WhereValue[] = Array.isArray(asked) ? asked : [asked as WhereValue];
      if (!values.includes(value)) return null;
    }
    merged[field] = value;
  }
  return merged;
}
