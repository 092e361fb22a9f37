import { z } from 'zod';
import { type SqlAccess, sqlAccessOf } from '../../adapters/sql/sql-access.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';

/** The options of a call that works inside the database: an adapter, or a store over one. */
export interface AdapterOrStore {
  adapter?: object;
  store?: object;
}

/** The zod fields for `adapter` and `store`; refine the object with {@link hasOneOfAdapterOrStore}. */
export const ADAPTER_OR_STORE_FIELDS = { adapter: z.object({}).passthrough().optional(), store: z.object({}).passthrough().optional() };

/** Whether exactly one of `adapter` and `store` is given: refine with it and {@link ONE_OF_ADAPTER_OR_STORE}. */
export const hasOneOfAdapterOrStore = (options: { adapter?: object | undefined; store?: object | undefined }): boolean => (options.adapter === undefined) !== (options.store === undefined);

/** The issue when {@link hasOneOfAdapterOrStore} fails. */
export const ONE_OF_ADAPTER_OR_STORE: { message: string; path: string[] } = { message: 'give exactly one of adapter or store', path: ['adapter'] };

/** The SQL access of the given adapter or store (validated options); VALIDATION_FAILED at that option when it does not sit on SQL, `otherwise` saying what to use instead. */
export function sqlAccessOfOptions(options: AdapterOrStore, context: string, otherwise = ''): SqlAccess {
  const access = sqlAccessOf((options.adapter ?? options.store) as object);
  if (access !== undefined) return access;
  const field = options.adapter === undefined ? 'store' : 'adapter';
  throw CivicGridError.validation(context, [{ path: [field], message: `the ${field} does not sit on SQL (PostgreSQL or SQLite adapter)${otherwise}` }]);
}
