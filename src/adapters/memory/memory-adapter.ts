import { Mutex, alreadyExists, notFound, versionConflict } from '../internal.js';
import { TransactionHandle } from '../transaction-handle.js';
import { isInScope } from '../scope.js';
import { compareRows, compareToCursor, OrderedRows } from './ordered-rows.js';
import type {
  AdapterAuditQuery,
  AdapterQuery,
  AuditEntry,
  AuditOp,
  JsonObject,
  OrderField,
  RecordChange,
  RecordInput,
  StorageAdapter,
  StorageOperations,
  StoredRecord,
  WriteContext,
} from '../port.js';

/** A committed record. Frozen: readers share it, writers replace it. */
export interface MemoryRow {
  readonly kind: string;
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: readonly string[];
  readonly data: Readonly<JsonObject>;
}

export interface MemoryAuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly kind: string;
  readonly id: string;
  readonly op: AuditOp;
  readonly before: MemoryRow | null;
  readonly after: MemoryRow | null;
}

/** A node of the scope trie: the records scoped exactly here, the child scopes, and how many records the subtree holds. */
interface ScopeNode {
  ids?: Set<string>;
  children?: Map<string, ScopeNode>;
  size: number;
}

/** One kind's committed records, indexed by id, by scope and in each order a query can ask for. */
class KindTable {
  readonly rows = new Map<string, MemoryRow>();
  private readonly root: ScopeNode = { size: 0 };
  private readonly orders: Record<OrderField, OrderedRows<MemoryRow>> = {
    id: new OrderedRows('id'),
    createdAt: new OrderedRows('createdAt'),
    updatedAt: new OrderedRows('updatedAt'),
  };

  put(row: MemoryRow): void {
    const old = this.rows.get(row.id);
    if (old !== undefined) this.unindex(old);
    this.rows.set(row.id, row);
    let node = this.root;
    node.size += 1;
    for (const segment of row.scope) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (child === undefined) node.children.set(segment, (child = { size: 0 }));
      node = child;
      node.size += 1;
    }
    (node.ids ??= new Set()).add(row.id);
    for (const order of Object.values(this.orders)) order.add(row);
  }

  delete(id: string): void {
    const old = this.rows.get(id);
    if (old === undefined) return;
    this.unindex(old);
    this.rows.delete(id);
  }

  /**
   * Up to `query.limit` committed rows of the query's page that `keep`
   * accepts. A small subtree is gathered from the scope trie and sorted; a
   * large one is read in order from the cursor, skipping rows outside it.
   * Gathering costs the subtree size s, reading in order about
   * limit · n / s rows when the subtree is spread over the order, so it
   * gathers when s² ≤ limit · n: a page of the whole kind or a dense scope
   * costs O(log n + limit) (plus rows `keep` refuses), and paging through
   * any scope is linear, not quadratic.
   */
  page(query: AdapterQuery, keep: (row: MemoryRow) => boolean): MemoryRow[] {
    const { field, direction } = query.orderBy;
    const subtree = this.node(query.scope)?.size ?? 0;
    const rows: MemoryRow[] = [];
    if (subtree * subtree <= query.limit * this.rows.size) {
      const sign = direction === 'asc' ? 1 : -1;
      const after = query.after;
      this.inScope(query.scope, query.depth, (row) => {
        if (keep(row) && (after === undefined || sign * compareToCursor(row, field, after) > 0)) rows.push(row);
      });
      return rows.sort((a, b) => sign * compareRows(a, b, field)).slice(0, query.limit);
    }
    this.orders[field].walk(direction, query.after, (row) => {
      if (isInScope(row.scope, query.scope, query.depth) && keep(row)) rows.push(row);
      return rows.length < query.limit;
    });
    return rows;
  }

  private node(scope: readonly string[]): ScopeNode | undefined {
    let node: ScopeNode | undefined = this.root;
    for (const segment of scope) node = node?.children?.get(segment);
    return node;
  }

  /** Every row in the subtree at `scope`, at most `depth` levels below it. Proportional to the subtree, not the table. */
  private inScope(scope: readonly string[], depth: number | undefined, visit: (row: MemoryRow) => void): void {
    const node = this.node(scope);
    if (node === undefined) return;
    const walk = (at: ScopeNode, remaining: number): void => {
      if (at.ids !== undefined) for (const id of at.ids) visit(this.rows.get(id) as MemoryRow);
      if (remaining > 0 && at.children !== undefined) for (const child of at.children.values()) walk(child, remaining - 1);
    };
    walk(node, depth ?? Number.POSITIVE_INFINITY);
  }

  private unindex(row: MemoryRow): void {
    let node: ScopeNode | undefined = this.root;
    this.root.size -= 1;
    for (const segment of row.scope) {
      node = node?.children?.get(segment);
      if (node !== undefined) node.size -= 1;
    }
    node?.ids?.delete(row.id);
    for (const order of Object.values(this.orders)) order.delete(row);
  }
}

/** The committed state. Only `commit` mutates it, under the write lock. */
export class MemoryState {
  readonly tables = new Map<string, KindTable>();
  readonly audit: MemoryAuditRow[] = [];
  nextSeq = 1;

  table(kind: string): KindTable {
    let table = this.tables.get(kind);
    if (table === undefined) this.tables.set(kind, (table = new KindTable()));
    return table;
  }
}

/**
 * A transaction's private writes over its parent (the committed state or an
 * outer transaction). Copy-on-write: a write makes a new frozen row in the
 * overlay and never touches what others can see; commit folds the overlay
 * into the parent, rollback just drops it.
 */
class Overlay {
  /** kind → id → the new row, or null for a removal. Nested, so no id can collide with another kind's key. */
  readonly changes = new Map<string, Map<string, MemoryRow | null>>();
  readonly audit: Omit<MemoryAuditRow, 'seq'>[] = [];

  constructor(
    readonly state: MemoryState,
    readonly parent: Overlay | null,
  ) {}

  row(kind: string, id: string): MemoryRow | undefined {
    for (let overlay: Overlay | null = this; overlay !== null; overlay = overlay.parent) {
      const changed = overlay.changes.get(kind)?.get(id);
      if (changed !== undefined) return changed ?? undefined;
    }
    return this.state.tables.get(kind)?.rows.get(id);
  }

  /** Changes of this overlay and its ancestors for `kind`, innermost winning. */
  pendingAudit(): Omit<MemoryAuditRow, 'seq'>[] {
    return this.parent === null ? this.audit : [...this.parent.pendingAudit(), ...this.audit];
  }

  pending(kind: string): Map<string, MemoryRow | null> {
    const chain: Overlay[] = [];
    for (let overlay: Overlay | null = this; overlay !== null; overlay = overlay.parent) chain.unshift(overlay);
    const merged = new Map<string, MemoryRow | null>();
    for (const overlay of chain) for (const [id, row] of overlay.changes.get(kind) ?? []) merged.set(id, row);
    return merged;
  }

  private changesOf(kind: string): Map<string, MemoryRow | null> {
    let rows = this.changes.get(kind);
    if (rows === undefined) this.changes.set(kind, (rows = new Map()));
    return rows;
  }

  write(kind: string, id: string, op: AuditOp, before: MemoryRow | null, after: MemoryRow | null, context: WriteContext): void {
    this.changesOf(kind).set(id, after);
    this.audit.push({ at: context.at.toISOString(), actor: context.actor, kind, id, op, before, after });
  }

  commitInto(): void {
    if (this.parent !== null) {
      for (const [kind, rows] of this.changes) for (const [id, row] of rows) this.parent.changesOf(kind).set(id, row);
      this.parent.audit.push(...this.audit);
      return;
    }
    for (const [kind, rows] of this.changes) {
      for (const [id, row] of rows) {
        if (row === null) this.state.tables.get(kind)?.delete(id);
        else this.state.table(kind).put(row);
      }
    }
    for (const entry of this.audit) this.state.audit.push(Object.freeze({ seq: this.state.nextSeq++, ...entry }));
  }
}

export function toStoredRecord(row: MemoryRow): StoredRecord {
  return {
    id: row.id,
    version: row.version,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    scope: [...row.scope],
    data: row.data as JsonObject,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/** A JSON round trip, as SQL adapters do it (so -0 becomes 0 and undefined fields vanish), then frozen. */
function frozenJson(data: JsonObject): Readonly<JsonObject> {
  return deepFreeze(JSON.parse(JSON.stringify(data)) as JsonObject);
}

function makeRow(kind: string, input: RecordInput, version: number, createdAt: string, context: WriteContext): MemoryRow {
  return Object.freeze({
    kind,
    id: input.id,
    version,
    createdAt,
    updatedAt: context.at.toISOString(),
    scope: Object.freeze([...input.scope]),
    data: frozenJson(input.data),
  });
}

function matchesWhere(row: MemoryRow, where: AdapterQuery['where']): boolean {
  for (const [field, values] of where) {
    const value = Object.hasOwn(row.data, field) ? row.data[field] : undefined;
    if (!values.some((wanted) => wanted === value)) return false;
  }
  return true;
}

/**
 * Reads and writes against one overlay (the caller holds the write lock). The
 * handle's calls take turns, as on the SQL adapters: a read-then-write step
 * interleaved with a sibling's, or with a nested transaction's, would lose an
 * update. A nested transaction holds its parent's turn until it ends.
 */
function operationsOn(overlay: Overlay, handle: TransactionHandle): StorageOperations {
  const ops: StorageOperations = {
    get: async (kind, id) => {
      const row = overlay.row(kind, id);
      return row === undefined ? null : toStoredRecord(row);
    },
    query: async (kind, query) => queryRows(overlay.state, overlay, kind, query),
    insert: async (kind, input, context) => {
      if (overlay.row(kind, input.id) !== undefined) throw alreadyExists(kind, [input.id]);
      const row = makeRow(kind, input, 1, context.at.toISOString(), context);
      overlay.write(kind, input.id, 'insert', null, row, context);
      return toStoredRecord(row);
    },
    insertMany: async (kind, inputs, context) => {
      const seen = new Set<string>();
      const duplicates = new Set<string>();
      for (const { id } of inputs) {
        if (seen.has(id) || overlay.row(kind, id) !== undefined) duplicates.add(id);
        seen.add(id);
      }
      if (duplicates.size > 0) throw alreadyExists(kind, [...duplicates]);
      for (const input of inputs) overlay.write(kind, input.id, 'insert', null, makeRow(kind, input, 1, context.at.toISOString(), context), context);
      return inputs.length;
    },
    update: async (kind, id, change: RecordChange, expectedVersion, context) => {
      const before = overlay.row(kind, id);
      if (before === undefined) throw notFound(kind, id);
      if (before.version !== expectedVersion) throw versionConflict(kind, id, expectedVersion, before.version);
      const after = makeRow(kind, { id, ...change }, before.version + 1, before.createdAt, context);
      overlay.write(kind, id, 'update', before, after, context);
      return toStoredRecord(after);
    },
    remove: async (kind, id, expectedVersion, context) => {
      const before = overlay.row(kind, id);
      if (before === undefined) throw notFound(kind, id);
      if (before.version !== expectedVersion) throw versionConflict(kind, id, expectedVersion, before.version);
      overlay.write(kind, id, 'remove', before, null, context);
    },
    readAudit: async (query) => readAuditRows(overlay.state, query, overlay.pendingAudit()),
    transaction: (fn) => handle.nest(() => runInOverlay(new Overlay(overlay.state, overlay), fn, null)),
  };
  return handle.takingTurns(ops);
}

/** Runs `fn` on a fresh handle over `overlay`; commits into the parent if it returns, drops the overlay if it throws. */
async function runInOverlay<T>(overlay: Overlay, fn: (tx: StorageOperations) => Promise<T>, lock: Mutex | null): Promise<T> {
  const run = async (): Promise<T> => {
    const handle = new TransactionHandle();
    try {
      const result = await fn(operationsOn(overlay, handle));
      await handle.finish();
      overlay.commitInto();
      return result;
    } finally {
      await handle.finish();
    }
  };
  return lock === null ? run() : lock.run(run);
}

/**
 * A page: the committed rows (from the kind's ordered indexes) merged with a
 * transaction's own pending writes, which override the committed rows with
 * their ids. Only the pending rows are sorted, so a transaction pays for
 * what it wrote, not for the store.
 */
function queryRows(state: MemoryState, overlay: Overlay | null, kind: string, query: AdapterQuery): StoredRecord[] {
  const pending = overlay?.pending(kind) ?? new Map<string, MemoryRow | null>();
  const { field, direction } = query.orderBy;
  const sign = direction === 'asc' ? 1 : -1;
  const after = query.after;
  const committed = state.tables.get(kind)?.page(query, (row) => !pending.has(row.id) && matchesWhere(row, query.where)) ?? [];
  if (pending.size === 0) return committed.map(toStoredRecord);
  const written: MemoryRow[] = [];
  for (const row of pending.values()) {
    if (row === null || !isInScope(row.scope, query.scope, query.depth) || !matchesWhere(row, query.where)) continue;
    if (after === undefined || sign * compareToCursor(row, field, after) > 0) written.push(row);
  }
  return [...committed, ...written].sort((a, b) => sign * compareRows(a, b, field)).slice(0, query.limit).map(toStoredRecord);
}

function readAuditRows(state: MemoryState, query: AdapterAuditQuery, pending: readonly Omit<MemoryAuditRow, 'seq'>[] = []): AuditEntry[] {
  const from = query.from?.toISOString();
  const to = query.to?.toISOString();
  const entries: AuditEntry[] = [];
  // Inside a transaction its own entries follow the committed ones, numbered as they will be on commit.
  const log = pending.length === 0 ? state.audit : [...state.audit, ...pending.map((entry, offset) => ({ seq: state.nextSeq + offset, ...entry }))];
  let index = query.afterSeq === undefined ? 0 : lowerBound(log, query.afterSeq + 1);
  for (; index < log.length && entries.length < query.limit; index += 1) {
    const entry = log[index] as MemoryAuditRow;
    if (query.kind !== undefined && entry.kind !== query.kind) continue;
    if (query.id !== undefined && entry.id !== query.id) continue;
    if (from !== undefined && entry.at < from) continue;
    if (to !== undefined && entry.at >= to) continue;
    entries.push({
      ...entry,
      at: new Date(entry.at),
      before: entry.before === null ? null : toStoredRecord(entry.before),
      after: entry.after === null ? null : toStoredRecord(entry.after),
    });
  }
  return entries;
}

/** First index whose seq is ≥ `seq` (the log is in seq order). */
function lowerBound(audit: readonly MemoryAuditRow[], seq: number): number {
  let low = 0;
  let high = audit.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((audit[middle] as MemoryAuditRow).seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The in-memory adapter over `state`: the embedded default and the reference
 * the conformance suite compares other adapters with. Writes are serialised
 * by one lock; reads outside a transaction see committed state only.
 */
export function memoryAdapterOn(state: MemoryState, lock: Mutex, onClose: () => Promise<void>): StorageAdapter {
  let closed = false;
  const open = async (): Promise<void> => {
    if (closed) throw new Error('the memory adapter is closed');
  };
  const writeOnce =
    <A extends unknown[], R>(write: (ops: StorageOperations, ...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      open().then(() => runInOverlay(new Overlay(state, null), (ops) => write(ops, ...args), lock));
  return {
    name: 'memory',
    get: async (kind, id) => {
      await open();
      const row = state.tables.get(kind)?.rows.get(id);
      return row === undefined ? null : toStoredRecord(row);
    },
    query: async (kind, query) => {
      await open();
      return queryRows(state, null, kind, query);
    },
    insert: writeOnce((ops, kind: string, input: RecordInput, context: WriteContext) => ops.insert(kind, input, context)),
    insertMany: writeOnce((ops, kind: string, inputs: readonly RecordInput[], context: WriteContext) => ops.insertMany(kind, inputs, context)),
    update: writeOnce((ops, kind: string, id: string, change: RecordChange, expectedVersion: number, context: WriteContext) =>
      ops.update(kind, id, change, expectedVersion, context),
    ),
    remove: writeOnce((ops, kind: string, id: string, expectedVersion: number, context: WriteContext) => ops.remove(kind, id, expectedVersion, context)),
    readAudit: async (query) => {
      await open();
      return readAuditRows(state, query);
    },
    transaction: async (fn) => {
      await open();
      return runInOverlay(new Overlay(state, null), fn, lock);
    },
    close: async () => {
      if (closed) return;
      await lock.run(onClose);
      closed = true;
    },
  };
}
