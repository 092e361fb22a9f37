import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { ACCESS_LOG_KINDS, CLAIMING_KINDS, createStore, type Need, type Principal, type Resource, type Store, UnitSchema } from '../../src/index.js';

export const ACCESS_TEST_KINDS = { ...CLAIMING_KINDS, unit: UnitSchema, ...ACCESS_LOG_KINDS };
export type AccessTestStore = Store<typeof ACCESS_TEST_KINDS>;

/** tc → wy → s1 → communities `Car` and `Carpets` (one a string prefix of the other) → grids. */
export const PATHS = {
  street: ['tc', 'wy', 's1'],
  car: ['tc', 'wy', 's1', 'Car'],
  carGrid: ['tc', 'wy', 's1', 'Car', 'g1'],
  carGrid2: ['tc', 'wy', 's1', 'Car', 'g2'],
  carpets: ['tc', 'wy', 's1', 'Carpets'],
  carpetsGrid: ['tc', 'wy', 's1', 'Carpets', 'g1'],
} as const;

export function counterClock(): () => Date {
  let tick = 0;
  return () => new Date(Date.UTC(2026, 0, 1) + 1000 * tick++);
}

export function memoryStore(): AccessTestStore {
  return createStore(createMemoryAdapter(), { kinds: ACCESS_TEST_KINDS, clock: counterClock() });
}

export function need(id: string, requesterId: string, overrides: Partial<Need> = {}): Need {
  return {
    id,
    category: 'elderlyCare',
    description: `张三 13812341234 needs help (${id})`,
    locationId: 'g1',
    quantity: 1,
    urgency: 3,
    requester: { kind: 'resident', id: requesterId },
    createdAt: '2026-01-01T00:00:00.000Z',
    status: 'submitted',
    ...overrides,
  };
}

export function resource(id: string, unitId: string, overrides: Partial<Resource> = {}): Resource {
  return {
    id,
    unitId,
    kind: 'service',
    title: `offer ${id}`,
    categories: ['elderlyCare'],
    capacity: 3,
    serviceArea: ['s1'],
    availability: { start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z' },
    validity: { from: '2026-01-01T00:00:00.000Z', to: '2026-12-31T00:00:00.000Z' },
    declines: { requesters: ['resident-9'] },
    ...overrides,
  };
}

export function principal(id: string, roles: Principal['roles'], unitId?: string): Principal {
  return { id, roles, ...(unitId === undefined ? {} : { unitId }) };
}
