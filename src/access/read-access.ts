import { isInScope } from '../adapters/scope.js';
import type { AccessCheck } from './access-check.js';

/**
 * What a store narrowed by `authorizedStore` lets its principal read, for
 * services that report figures over what they read (computeKpis): a figure
 * at a node is only whole when the node's subtree lies inside a read grant.
 */
export interface ReadAccess {
  readonly principalId: string;
  /** Whether the subtree at `path` lies inside a read grant for `kind` (the grant's conditions still pick the records). */
  readsSubtree(kind: string, path: readonly string[]): boolean;
  /** Whether the subtree at `path` lies inside a read grant for any kind of the store: the principal's own area. */
  readsAnySubtree(path: readonly string[]): boolean;
  /** The personal fields (dotted names) of `kind` that some read grant shows masked. */
  maskedFields(kind: string): string[];
}

// Symbol.for: a store narrowed by one copy of civic-grid (ESM or CJS) is recognised by the other.
const READ_ACCESS: unique symbol = Symbol.for('civic-grid.readAccess') as never;

/** Tags a narrowed store with its principal's read access, out of sight of the Store interface. */
export function tagReadAccess<S extends object>(store: S, check: AccessCheck): S {
  const readAccess: ReadAccess = {
    principalId: check.principal.id,
    readsSubtree: (kind, path) => check.grants('read', kind).some((grant) => isInScope(path, grant.scope)),
    readsAnySubtree: (path) => Object.keys(check.kinds).some((kind) => readAccess.readsSubtree(kind, path)),
    maskedFields: (kind) => check.maskedFields(kind).map((field) => field.field),
  };
  Object.defineProperty(store, READ_ACCESS, { value: readAccess });
  return store;
}

/** The read access of a store from `authorizedStore`, or undefined for any other store (it reads everything plain). */
export function readAccessOf(store: unknown): ReadAccess | undefined {
  return typeof store === 'object' && store !== null ? (store as { [READ_ACCESS]?: ReadAccess })[READ_ACCESS] : undefined;
}
