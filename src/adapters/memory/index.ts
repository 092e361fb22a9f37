import { Mutex } from '../internal.js';
import type { StorageAdapter } from '../port.js';
import { MemoryState, memoryAdapterOn } from './memory-adapter.js';
import { type MemorySnapshot, readSnapshotFile, snapshotOf, stateFromSnapshot, writeSnapshotFile } from './snapshot.js';

export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type MemorySnapshot } from './snapshot.js';

export interface MemoryAdapter extends StorageAdapter {
  /** Every record and the audit log as JSON-ready data, taken between writes. */
  snapshot(): Promise<MemorySnapshot>;
  /** Writes the snapshot to `file` atomically. */
  saveSnapshot(file: string): Promise<void>;
}

/** Options of the in-memory adapter. */
export interface MemoryAdapterOptions {
  /** Start from a snapshot (e.g. one parsed from JSON) instead of empty. */
  snapshot?: unknown;
}

/** The in-memory adapter: the embedded default, and the reference in conformance tests. */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const state = options.snapshot === undefined ? new MemoryState() : stateFromSnapshot(options.snapshot);
  return withSnapshots(state, async () => {});
}

/**
 * A memory adapter persisted in a JSON file: it starts from the file when it
 * exists (empty otherwise) and `close()` writes the snapshot back.
 */
export async function openMemoryAdapter(file: string): Promise<MemoryAdapter> {
  const state = (await readSnapshotFile(file)) ?? new MemoryState();
  return withSnapshots(state, () => writeSnapshotFile(state, file));
}

function withSnapshots(state: MemoryState, onClose: () => Promise<void>): MemoryAdapter {
  const lock = new Mutex();
  const adapter = memoryAdapterOn(state, lock, onClose);
  return {
    ...adapter,
    snapshot: () => lock.run(async () => snapshotOf(state)),
    saveSnapshot: (file) => lock.run(() => writeSnapshotFile(state, file)),
  };
}
