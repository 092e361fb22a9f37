import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import type { Member } from '../../../src/model/member.js';
import { createHierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { MEMBER_KINDS, type MemberStore } from '../../../src/services/members/member-store.js';
import { smallCityNodes } from '../../support/small-city.js';

export const HIERARCHY = createHierarchy(smallCityNodes());
export const C1 = HIERARCHY.pathOf('c1');
export const C2 = HIERARCHY.pathOf('c2');
export const JAN = new Date('2019-01-10T09:00:00+08:00');
export const MAR = new Date('2019-03-10T09:00:00+08:00');

export function member(id: string, overrides: Partial<Member> = {}): Member {
  return { id, name: '王伟', phone: '13800000000', unitId: 'hospital', homeCommunityId: 'c1', skills: ['medicine'], serviceCategories: ['medical'], ...overrides };
}

/** A store holding members m1–m3 (hospital, c1), m4 (school, c2) and two posts of c1: one place as building lead, two as volunteer. */
export async function memberStore(adapter: StorageAdapter = createMemoryAdapter()): Promise<MemberStore> {
  const store = createStore(adapter, { kinds: MEMBER_KINDS, clock: () => JAN, actor: 'setup' });
  for (const id of ['m1', 'm2', 'm3']) await store.insert('member', member(id), { scope: C1 });
  await store.insert('member', member('m4', { unitId: 'school', homeCommunityId: 'c2' }), { scope: C2 });
  await store.insert('servicePost', { id: 'lead', communityId: 'c1', kind: 'buildingLead', title: '1号楼楼道长', capacity: 1 }, { scope: C1 });
  await store.insert('servicePost', { id: 'vol', communityId: 'c1', kind: 'volunteer', title: '志愿者', capacity: 2 }, { scope: C1 });
  return store;
}

/** Every stored record and audit entry, to check a refused operation left storage exactly as it was. */
export async function snapshot(store: MemberStore): Promise<unknown> {
  const kinds = Object.keys(MEMBER_KINDS) as (keyof typeof MEMBER_KINDS)[];
  const records = await Promise.all(kinds.map(async (kind) => [kind, (await store.query(kind, { scope: [], limit: 10_000 })).records] as const));
  return { records, audit: await store.readAudit({ limit: 10_000 }) };
}
