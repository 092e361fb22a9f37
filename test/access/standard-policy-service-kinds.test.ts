import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import {
  authorizedStore,
  createStore,
  DEFAULT_WISH_POLICY,
  generateCity,
  generateMembers,
  generatePartyBuildingSeason,
  generateWishes,
  MEMBER_KINDS,
  PARTY_BUILDING_KINDS,
  type Principal,
  standardAccessPolicy,
  WISH_KINDS,
} from '../../src/index.js';
import { expectCivicGridErrorAsync } from '../support/expect-error.js';

/** The wish, member and party-building kinds of one generated city, each record at its own scope. */
const city = generateCity({ seed: 2020, scale: 'tongchuan' });
const members = generateMembers({ seed: 2019, city, registered: 200, activities: 20, participations: 40 });
const wishes = generateWishes({ seed: 2019, city, policy: DEFAULT_WISH_POLICY, year: 2019, published: 10, rejected: 0, withdrawn: 0 });
const party = generatePartyBuildingSeason({ seed: 2020, city });
const KINDS = { ...WISH_KINDS, ...MEMBER_KINDS, ...PARTY_BUILDING_KINDS };

async function seeded() {
  const store = createStore(createMemoryAdapter(), { kinds: KINDS });
  await store.insertMany('wish', wishes.wishes.map((value, index) => ({ value, scope: wishes.scopes[index] as string[] })));
  await store.insertMany('member', members.members);
  await store.insertMany('serviceRecord', members.serviceRecords);
  for (const [kind, records] of Object.entries(party.records)) await store.insertMany(kind as keyof typeof KINDS, records as never);
  return store;
}

const wish = wishes.wishes[0]!;
const wishScope = wishes.scopes[0]!;
const member = members.members[0]!;
const communityScope = member.scope;
const otherUnitMember = members.members.find((candidate) => candidate.value.unitId !== member.value.unitId)!;
const organisation = party.records.socialOrganisation[0]!;
const contactPoint = party.records.contactPoint[0]!;
const as = (roles: Principal['roles'], unitId?: string): Principal => ({ id: 'staff-1', roles, ...(unitId === undefined ? {} : { unitId }) });

describe('standardAccessPolicy over the wish, member and party-building kinds', () => {
  it('gridWorker: reads and collects the wishes of the grid, the resident masked; no member records', async () => {
    const view = authorizedStore(await seeded(), as([{ role: 'gridWorker', scope: wishScope }]), standardAccessPolicy);
    const read = await view.getOrThrow('wish', wish.id);
    expect(read.data.resident.name).not.toBe(wish.resident.name);
    expect(read.data.resident.name).toMatch(/\*/);
    expect(await view.get('member', member.value.id)).toBeNull();
    await expectCivicGridErrorAsync(() => view.insert('member', { ...member.value, id: 'm-new' }, { scope: wishScope }), 'FORBIDDEN');
  });

  it("communitySecretary: manages the community's members and organisations, names masked; nothing of another community", async () => {
    const view = authorizedStore(await seeded(), as([{ role: 'communitySecretary', scope: communityScope }]), standardAccessPolicy);
    const read = await view.getOrThrow('member', member.value.id);
    expect(read.data.name).not.toBe(member.value.name);
    expect(read.data.unitId).toBe(member.value.unitId);
    const outside = members.members.find((candidate) => candidate.scope.join('/') !== communityScope.join('/'))!;
    expect(await view.get('member', outside.value.id)).toBeNull();
    await view.update('member', member.value.id, { skills: ['水电维修'] }, { expectedVersion: read.version });
    expect((await view.readAudit({ kind: 'member', id: member.value.id, limit: 5 })).length).toBeGreaterThan(0);
  });

  it('streetOfficer: files an organisation in the street; districtOfficer: assigns contact points; neither outside its subtree', async () => {
    const store = await seeded();
    const streetScope = organisation.scope.slice(0, 3);
    const street = authorizedStore(store, as([{ role: 'streetOfficer', scope: streetScope }]), standardAccessPolicy);
    await street.insert('socialOrganisation', { ...organisation.value, id: 'org-new' }, { scope: organisation.scope });
    await expectCivicGridErrorAsync(() => street.insert('contactPoint', { ...contactPoint.value, id: 'cp-new' }, { scope: contactPoint.scope }), 'FORBIDDEN');
    const district = authorizedStore(store, as([{ role: 'districtOfficer', scope: contactPoint.scope.slice(0, 2) }]), standardAccessPolicy);
    await district.insert('contactPoint', { ...contactPoint.value, id: 'cp-new' }, { scope: contactPoint.scope });
    await expectCivicGridErrorAsync(() => district.insert('member', { ...member.value, id: 'm-new' }, { scope: member.scope }), 'FORBIDDEN');
  });

  it("unitLiaison: reads its own unit's members and service records (反馈到单位), names masked, and no other unit's", async () => {
    const view = authorizedStore(await seeded(), as([{ role: 'unitLiaison', scope: [city.nodes[0]!.id] }], member.value.unitId), standardAccessPolicy);
    expect((await view.getOrThrow('member', member.value.id)).data.name).not.toBe(member.value.name);
    expect(await view.get('member', otherUnitMember.value.id)).toBeNull();
    const own = members.serviceRecords.filter((record) => record.value.unitId === member.value.unitId).map((record) => record.value.id).sort();
    const seen = await view.query('serviceRecord', { scope: [], limit: 1_000 });
    expect(seen.records.map((record) => record.id).sort()).toEqual(own);
    await expectCivicGridErrorAsync(() => view.update('member', member.value.id, { skills: [] }, { expectedVersion: 1 }), 'FORBIDDEN');
  });

  it('auditor reads every kind masked; resident has no grant on wishes (the wish names no resident principal)', async () => {
    const store = await seeded();
    const auditor = authorizedStore(store, as([{ role: 'auditor', scope: [] }]), standardAccessPolicy);
    expect((await auditor.getOrThrow('wish', wish.id)).data.resident.name).not.toBe(wish.resident.name);
    expect((await auditor.getOrThrow('member', member.value.id)).data.name).not.toBe(member.value.name);
    const resident = authorizedStore(store, as([{ role: 'resident', scope: wishScope }]), standardAccessPolicy);
    expect(await resident.get('wish', wish.id)).toBeNull();
  });
});
