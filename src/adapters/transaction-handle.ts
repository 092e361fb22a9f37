import { AsyncLocalStorage } from 'node:async_hooks';
import { CivicGridError } from '../errors/civic-grid-error.js';
import { finishedTransaction, Mutex } from './internal.js';
import type { StorageOperations } from './port.js';

/** The handles whose nested transaction the current async call chain runs inside. */
const insideNestedOf = new AsyncLocalStorage<ReadonlySet<TransactionHandle>>();

/**
 * One transaction handle's turn-taking. A connection runs one statement at a
 * time, and a read-then-write step interleaved with another would lose an
 * update, so the handle's operations run one after another. Once its
 * transaction has ended the handle refuses work.
 */
export class TransactionHandle {
  private readonly queue = new Mutex();
  private finished = false;

  /** Runs `task` after the handle's earlier operations; fails if the transaction has ended meanwhile. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // The parent waits for its nested transaction, so a call on it from inside that one would wait forever.
    if (insideNestedOf.getStore()?.has(this) === true) {
      throw new CivicGridError('ADAPTER_FAILURE', 'inside a nested transaction use the handle it gives you; the outer handle waits until the nested transaction ends');
    }
    return this.queue.run(async () => {
      if (this.finished) throw finishedTransaction();
      return task();
    });
  }

  /** `ops` with every call taking this handle's turn. */
  takingTurns(ops: StorageOperations): StorageOperations {
    return {
      get: (kind, id) => this.run(() => ops.get(kind, id)),
      query: (kind, query) => this.run(() => ops.query(kind, query)),
      insert: (kind, input, context) => this.run(() => ops.insert(kind, input, context)),
      insertMany: (kind, inputs, context) => this.run(() => ops.insertMany(kind, inputs, context)),
      update: (kind, id, change, expectedVersion, context) => this.run(() => ops.update(kind, id, change, expectedVersion, context)),
      remove: (kind, id, expectedVersion, context) => this.run(() => ops.remove(kind, id, expectedVersion, context)),
      readAudit: (query) => this.run(() => ops.readAudit(query)),
      transaction: (fn) => this.run(() => ops.transaction(fn)),
    };
  }

  /** Runs `fn` as this handle's nested work: calls on this handle from inside it are refused instead of deadlocking. */
  nest<T>(fn: () => Promise<T>): Promise<T> {
    return insideNestedOf.run(new Set([...(insideNestedOf.getStore() ?? []), this]), fn);
  }

  /** Ends the handle: an operation already running completes, queued and later ones are refused. */
  async finish(): Promise<void> {
    this.finished = true;
    await this.queue.run(async () => undefined);
  }
}
