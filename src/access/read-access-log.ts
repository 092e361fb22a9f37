import type { KindSchemas, Page, Store } from '../adapters/store.js';
import type { AccessPolicy } from './access-policy.js';
import { authorizedStore } from './authorized-store.js';
import { type ACCESS_LOG_KINDS, PERSONAL_DATA_ACCESS_KIND, type PersonalDataAccess } from './personal-data-access.js';
import type { Principal } from './principal.js';

/** Which personal-data reveals to read from the access log: scope, actor, record, order and page. */
export interface AccessLogQuery {
  /** The subtree of the revealed records; `[]` is all the principal may read. */
  scope: readonly string[];
  /** Who looked. */
  actor?: string;
  recordKind?: string;
  recordId?: string;
  /** Newest first unless asked otherwise. */
  direction?: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** Access-log entries by time written (newest first by default), as far as `principal` may read the kind `personalDataAccess`. */
export function readAccessLog<K extends KindSchemas & typeof ACCESS_LOG_KINDS>(
  store: Store<K>,
  principal: Principal,
  policy: AccessPolicy,
  query: AccessLogQuery,
): Promise<Page<PersonalDataAccess>> {
  const where = Object.fromEntries(
    (['actor', 'recordKind', 'recordId'] as const).flatMap((field) => (query[field] === undefined ? [] : [[field, query[field]] as const])),
  );
  return authorizedStore(store, principal, policy).query(PERSONAL_DATA_ACCESS_KIND, {
    scope: query.scope,
    where,
    orderBy: { field: 'createdAt', direction: query.direction ?? 'desc' },
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  }) as Promise<Page<PersonalDataAccess>>;
}
