import type { StoredRecord } from '../../adapters/port.js';
import type { GridEvent } from '../../model/grid-event.js';
import type { EventStore } from './event-store.js';

/**
 * Writes `next` over the stored event under its version guard. The store merges patches shallowly,
 * so a field the transition removed (flag, deadline, evaluation) is sent as undefined to drop it.
 */
export async function writeEvent(tx: EventStore, stored: StoredRecord<GridEvent>, next: GridEvent): Promise<StoredRecord<GridEvent>> {
  const dropped = Object.fromEntries(Object.keys(stored.data).filter((key) => !(key in next)).map((key) => [key, undefined]));
  return tx.update('gridEvent', stored.id, { ...dropped, ...next } as Partial<GridEvent>, { expectedVersion: stored.version });
}
