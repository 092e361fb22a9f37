import { z } from 'zod';
import type { StoredRecord } from '../adapters/port.js';
import type { EntityInput, EntityOf, KindName, KindSchemas, Store } from '../adapters/store.js';
import { CivicGridError } from '../errors/civic-grid-error.js';

/** Who a store operation writes as, in the audit log. */
export const OperationActorSchema = z.string().min(1);

/**
 * One atomic, audited change of a stored record: in one transaction written as `actor`, reads the
 * record (NOT_FOUND), lets `change` check it and return a patch (it throws to refuse; it may write
 * other records with `tx`), then writes the patch under the version guard. Of two writers, one wins:
 * the other gets VERSION_CONFLICT (or the refusal `change` throws on the record the winner wrote).
 */
export async function changeRecord<K extends KindSchemas, N extends KindName<K>>(
  store: Store<K>,
  actor: string,
  kind: N,
  id: string,
  change: (record: StoredRecord<EntityOf<K, N>>, tx: Store<K>) => Partial<EntityInput<K, N>> | Promise<Partial<EntityInput<K, N>>>,
): Promise<StoredRecord<EntityOf<K, N>>> {
  return store.as(actor).transaction(async (tx) => {
    const record = await tx.getOrThrow(kind, id);
    const patch = await change(record, tx);
    return tx.update(kind, id, patch, { expectedVersion: record.version });
  });
}

/** A record's scope is the path to the node it belongs to: VALIDATION_FAILED when the scope does not end there. */
export function assertScopeEndsAt(subject: string, scope: readonly string[], nodeId: string, path: (string | number)[]): void {
  if (scope[scope.length - 1] === nodeId) return;
  throw CivicGridError.validation(subject, [{ path: ['scope'], message: `must end at ${path.join('.')} "${nodeId}" (e.g. hierarchy.pathOf(${path.join('.')}))` }]);
}
