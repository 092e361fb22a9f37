import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore, type Store } from '../../../src/adapters/store.js';
import { PARTY_BUILDING_KINDS, PARTY_BUILDING_STORE_TRANSITIONS, scheduleMeeting, type SocialOrganisation } from '../../../src/index.js';

export type PartyBuildingStore = Store<typeof PARTY_BUILDING_KINDS>;

/** Every party-building kind, with the status tables, so a write that skips a step is refused twice over. */
export function partyBuildingStore(adapter: StorageAdapter): PartyBuildingStore {
  return createStore(adapter, { kinds: PARTY_BUILDING_KINDS, transitions: PARTY_BUILDING_STORE_TRANSITIONS });
}

/** Ids with `/`, `%`, `_` and prefixes of each other, as stores must take them. */
export const STREET = ['tc', 'wy', 's1/a'];
export const COMMUNITY = ['tc', 'wy', 's1/a', 'c_1%'];
export const SCHOOL = 'unit/school_1';
export const HOSPITAL = 'unit/school_1%';
export const HELD_AT = '2020-07-10T09:00:00+08:00';

/** A street meeting on 10 July 2020 with two member units and two agenda matters. */
export async function scheduleStreetMeeting(store: PartyBuildingStore, id = 'jm/1'): Promise<void> {
  await scheduleMeeting(store, {
    meeting: {
      id,
      nodeId: 's1/a',
      heldAt: HELD_AT,
      agenda: [
        { id: 'a1', title: '小区路灯维修', category: 'infrastructure' },
        { id: 'a2', title: '邻里纠纷调解', category: 'neighbour-relations' },
      ],
      members: [
        { unitId: SCHOOL, liaison: { name: '王老师', phone: '13800000000' } },
        { unitId: HOSPITAL, liaison: { name: '李医生' } },
      ],
    },
    scope: STREET,
    actor: 'street-secretary',
  });
}

/** A snapshot of everything stored and audited, to check a refused operation left storage exactly as it was. */
export async function snapshot(store: PartyBuildingStore): Promise<unknown> {
  const kinds = Object.keys(PARTY_BUILDING_KINDS) as (keyof typeof PARTY_BUILDING_KINDS)[];
  const records = await Promise.all(kinds.map(async (kind) => (await store.query(kind, { scope: [], limit: 10_000 })).records));
  return { records, audit: await store.readAudit({ limit: 10_000 }) };
}

/** A calligraphy group of the community, just founded. */
export const CALLIGRAPHY: SocialOrganisation = {
  id: 'org/1',
  name: '金谷社区书画协会',
  communityId: 'c_1%',
  type: 'culture-and-sports',
  tier: 'guided',
  stage: 'seed',
  contact: { name: '刘阿姨', phone: '13900000000' },
  members: 24,
  foundedOn: '2019-05-01',
  activities: [],
};

