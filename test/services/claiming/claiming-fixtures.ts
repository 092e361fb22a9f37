import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import type { Need } from '../../../src/model/need.js';
import type { Resource } from '../../../src/model/resource.js';
import { createHierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { CLAIMING_KINDS, type ClaimingStore } from '../../../src/services/claiming/claiming.js';
import { smallCityNodes } from '../../support/small-city.js';

/** The small city: needs sit in c1's grids g1 and g2, the hospital in g1 and the school in c2's g3. */
export const HIERARCHY = createHierarchy(smallCityNodes());
export const UNITS = [
  { id: 'hospital', nodeId: 'g1' },
  { id: 'school', nodeId: 'g3' },
];
export const AT = new Date('2020-06-01T08:00:00+08:00');

export function need(id: string, status: Need['status'] = 'published', overrides: Partial<Need> = {}): Need {
  return { id, category: 'medical', description: 'check-up', locationId: 'g1', quantity: 1, urgency: 3, requester: { kind: 'resident', id: 'p1' }, createdAt: AT.toISOString(), status, ...overrides };
}

export function resource(id: string, unitId: string, capacity: number, overrides: Partial<Resource> = {}): Resource {
  return {
    id,
    unitId,
    kind: 'service',
    title: 'clinic',
    categories: ['medical'],
    capacity,
    serviceArea: ['s1'],
    availability: { start: AT.toISOString(), end: '2020-07-01T00:00:00+08:00' },
    validity: { from: AT.toISOString(), to: '2020-12-31T00:00:00+08:00' },
    ...overrides,
  };
}

/** A claiming store holding `needs` (at their location's path) and `resources` (at c1). */
export async function claimingStore(adapter: StorageAdapter, needs: readonly Need[], resources: readonly Resource[]): Promise<ClaimingStore> {
  const store = createStore(adapter, { kinds: CLAIMING_KINDS });
  if (needs.length > 0) await store.insertMany('need', needs.map((value) => ({ value, scope: HIERARCHY.pathOf(value.locationId) })));
  if (resources.length > 0) await store.insertMany('resource', resources.map((value) => ({ value, scope: HIERARCHY.pathOf('c1') })));
  return store;
}
