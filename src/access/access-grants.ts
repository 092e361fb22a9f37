import { isInScope } from '../adapters/scope.js';
import type { AccessAction } from './access-action.js';
import type { AccessRule } from './access-policy.js';
import type { Principal } from './principal.js';

export type Equality = readonly [path: string, value: string | number | boolean | null];

/** One rule as it applies to one principal: the subtree it holds in and its conditions with the principal's ids filled in. */
export interface Grant {
  scope: readonly string[];
  rule: AccessRule;
  /** Dotted field path → the value it must hold. */
  equalities: readonly Equality[];
}

/** The grants letting `principal` do `action` on `kind`. */
export function grantsFor(principal: Principal, rules: readonly AccessRule[], action: AccessAction, kind: string): Grant[] {
  const grants: Grant[] = [];
  for (const held of principal.roles) {
    for (const rule of rules) {
      if (rule.role !== held.role || !rule.actions.includes(action)) continue;
      if (rule.kinds !== '*' && !rule.kinds.includes(kind)) continue;
      const equalities = equalitiesOf(rule, principal);
      if (equalities !== null) grants.push({ scope: held.scope, rule, equalities });
    }
  }
  return grants;
}

/** The rule's conditions as equalities, or null when they can never hold (`ownUnit` for a principal without a unit). */
function equalitiesOf(rule: AccessRule, principal: Principal): Equality[] | null {
  const when = rule.when;
  if (when === undefined) return [];
  const equalities: [string, string | number | boolean | null][] = Object.entries(when.equals ?? {});
  if (when.own !== undefined) equalities.push([when.own, principal.id]);
  if (when.ownUnit !== undefined) {
    if (principal.unitId === undefined) return null;
    equalities.push([when.ownUnit, principal.unitId]);
  }
  return equalities;
}

/** The value at a dotted path of plain JSON data, or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The grants covering a record at `scope` with `data`: scope compared segment by segment, conditions by strict equality. */
export function grantsCovering(grants: readonly Grant[], scope: readonly string[], data: unknown): Grant[] {
  return grants.filter((grant) => isInScope(scope, grant.scope) && grant.equalities.every(([path, value]) => valueAt(data, path) === value));
}
