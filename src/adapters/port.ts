/**
 * The storage port: what an adapter implements. It is deliberately thin.
 * Validation, kind registration, cursors, the clock and the actor live in the
 * core wrapper (`createStore`, ./store.ts), so an adapter only moves already
 * checked records in and out and keeps the version guard and the audit log
 * inside its own transactions.
 */

/** A JSON value, as every adapter stores it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object: the shape of every stored entity's `data`. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Where a record belongs in the city hierarchy: the root-first ids of its node,
 * e.g. `hierarchy.pathOf(gridId)` → `['tc', 'wy', 's1', 'c1', 'g1']`.
 */
export type ScopePath = readonly string[];

/** One stored record: the entity (`data`) plus what the store keeps about it. */
export interface StoredRecord<T = JsonObject> {
  id: string;
  /** 1 on insert, +1 per update. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  scope: string[];
  data: T;
}

/** A scalar a `where` clause compares a top-level data field with. */
export type WhereValue = string | number | boolean | null;

/** Meta fields a query can order by; ties are broken by `id`. */
export const ORDER_FIELDS = ['id', 'createdAt', 'updatedAt'] as const;
/** One of {@link ORDER_FIELDS}. */
export type OrderField = (typeof ORDER_FIELDS)[number];
/** Ascending or descending order. */
export type OrderDirection = 'asc' | 'desc';

/** Where the previous page ended: the order field's value (ISO string for times) and the id. */
export interface PageAfter {
  value: string;
  id: string;
}

/** A checked query, as the wrapper hands it to an adapter. */
export interface AdapterQuery {
  /** Subtree root; `[]` means the whole store. */
  scope: ScopePath;
  /** Levels below the scope node to include; undefined means all. 0 = records at the scope node only. */
  depth?: number;
  /** Every listed top-level data field must equal (same JSON type and value) one of its values. */
  where: readonly (readonly [field: string, values: readonly WhereValue[]])[];
  orderBy: { field: OrderField; direction: OrderDirection };
  limit: number;
  after?: PageAfter;
}

/** A checked audit read. Entries come in `seq` order. */
export interface AdapterAuditQuery {
  kind?: string;
  id?: string;
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
  /** Only entries with a larger `seq` (a change-stream cursor). */
  afterSeq?: number;
  limit: number;
}

/** The kind of write an audit entry records. */
export type AuditOp = 'insert' | 'update' | 'remove';

/** One write, appended in the same transaction as the write itself. */
export interface AuditEntry {
  /** Increases with every entry; may have gaps (e.g. PostgreSQL sequences skip on rollback). */
  seq: number;
  at: Date;
  actor: string;
  kind: string;
  id: string;
  op: AuditOp;
  before: StoredRecord | null;
  after: StoredRecord | null;
}

/** Who writes and when: the wrapper fills this from its clock and actor. */
export interface WriteContext {
  at: Date;
  actor: string;
}

/** A new record as the wrapper hands it to an adapter: id, scope and checked data. */
export interface RecordInput {
  id: string;
  scope: ScopePath;
  data: JsonObject;
}

/** An update as the wrapper hands it to an adapter: the whole new data and scope. */
export interface RecordChange {
  data: JsonObject;
  scope: ScopePath;
}

/**
 * Reads and writes, inside or outside a transaction. Writes throw
 * CivicGridError `CONFLICT` (id exists), `NOT_FOUND` (record gone) or
 * `VERSION_CONFLICT` (version moved) and leave nothing written on any throw.
 */
export interface StorageOperations {
  /** The record of `kind` with this id, or null. */
  get(kind: string, id: string): Promise<StoredRecord | null>;
  /** One page of records of `kind` matching `query`, in its order. */
  query(kind: string, query: AdapterQuery): Promise<StoredRecord[]>;
  /** Inserts a new record at version 1 and audits it; CONFLICT when the id exists. */
  insert(kind: string, input: RecordInput, context: WriteContext): Promise<StoredRecord>;
  /** All or nothing. Returns how many were inserted (bulk paths skip building result records). */
  insertMany(kind: string, inputs: readonly RecordInput[], context: WriteContext): Promise<number>;
  /** Replaces data (and scope) only if the stored version is `expectedVersion`. */
  update(kind: string, id: string, change: RecordChange, expectedVersion: number, context: WriteContext): Promise<StoredRecord>;
  /** Deletes the record if the stored version is `expectedVersion`, and audits it. */
  remove(kind: string, id: string, expectedVersion: number, context: WriteContext): Promise<void>;
  /** Audit entries matching `query`, in `seq` order. */
  readAudit(query: AdapterAuditQuery): Promise<AuditEntry[]>;
  /**
   * Runs `fn` atomically: every write inside commits together, or none does
   * when `fn` throws. Inside a transaction use only the handle `fn` receives;
   * calling it again nests (a savepoint): a throw in the inner call undoes the
   * inner writes only and rethrows, so the outer call may catch and go on.
   */
  transaction<T>(fn: (tx: StorageOperations) => Promise<T>): Promise<T>;
}

/** A storage backend (memory, SQLite, PostgreSQL): the operations plus a name and close. */
export interface StorageAdapter extends StorageOperations {
  /** A short name for messages, e.g. "sqlite". */
  readonly name: string;
  /** Releases what the adapter opened itself. Clients passed in stay open. */
  close(): Promise<void>;
}
