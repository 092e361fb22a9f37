import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import { createEventPolicy, TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE, type EventActor, type GridEvent } from '../../../src/index.js';
import { EVENT_KINDS, EVENT_TRANSITIONS, type EventStore, reportEventInStore } from '../../../src/services/events/index.js';
import { beijing, calendar, NEIGHBOUR_DISPUTE } from '../../rules/events/event-fixtures.js';

export { beijing, calendar };

/** Tongchuan's catalogue with the default roles, so actors matter. */
export const policy = createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE });

export const SUPERVISOR: EventActor = { id: 'supervisor/1', role: 'supervisor' };
export const RIVAL_SUPERVISOR: EventActor = { id: 'supervisor_2%', role: 'supervisor' };
export const DISPATCHER: EventActor = { id: 'dispatcher-1', role: 'dispatcher' };
export const WORKER: EventActor = { id: 'worker-1', role: 'gridWorker' };

/** Monday 2 March 2026, 09:00 in Beijing: a plain working day. */
export const MONDAY_9 = beijing('2026-03-02T09:00');
export const GRID = ['tc', 'wy', 's1', 'c1', 'g1'];
export const ASSIGNEE = { kind: 'department', id: 'justice-bureau' } as const;

export function eventStore(adapter: StorageAdapter): EventStore {
  return createStore(adapter, { kinds: EVENT_KINDS, transitions: EVENT_TRANSITIONS });
}

/** Reports `ids` (ids that are prefixes of each other and carry `/`, `%`, `_` are welcome) at `at`. */
export async function reportAll(store: EventStore, ids: readonly string[], at = MONDAY_9): Promise<GridEvent[]> {
  const events: GridEvent[] = [];
  for (const id of ids) {
    const { record } = await reportEventInStore(store, {
      report: { id, category: NEIGHBOUR_DISPUTE, description: 'noise after midnight', location: { nodeId: 'g1' }, source: 'patrol', reporter: { name: '李雷' } },
      scope: GRID,
      actor: WORKER,
      at,
      calendar,
      policy,
    });
    events.push(record.data);
  }
  return events;
}

/** Every audit entry of the store (the tests write far fewer than the page). */
export async function auditCount(store: EventStore): Promise<number> {
  return (await store.readAudit({ limit: 10_000 })).length;
}
