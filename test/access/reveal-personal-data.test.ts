import { describe, expect, it } from 'vitest';
import { authorizedStore, readAccessLog, revealPersonalData, standardAccessPolicy } from '../../src/index.js';
import { expectCivicGridErrorAsync } from '../support/expect-error.js';
import { memoryStore, need, PATHS, principal } from './access-fixtures.js';

async function seeded() {
  const store = memoryStore();
  await store.insert('need', need('n1', 'res-1'), { scope: PATHS.carGrid });
  await store.insert('need', need('n2', 'res-2'), { scope: PATHS.carpetsGrid });
  return store;
}

const worker = principal('worker-1', [{ role: 'gridWorker', scope: [...PATHS.carGrid] }]);
const auditor = principal('aud', [{ role: 'auditor', scope: [] }]);

describe('revealPersonalData', () => {
  it('returns the plain values and logs who, why, which record and fields, with the audit entry of the same write', async () => {
    const store = await seeded();
    const values = await revealPersonalData(store, worker, standardAccessPolicy, 'need', 'n1', ['requester.id', 'description'], 'home visit follow-up');
    expect(values).toEqual({ 'requester.id': 'res-1', description: '张三 13812341234 needs help (n1)' });
    const log = await readAccessLog(store, auditor, standardAccessPolicy, { scope: [], limit: 10 });
    expect(log.records.map((record) => ({ ...record.data, id: 'uuid', scope: record.scope }))).toEqual([
      { id: 'uuid', actor: 'worker-1', purpose: 'home visit follow-up', recordKind: 'need', recordId: 'n1', fields: ['requester.id', 'description'], scope: [...PATHS.carGrid] },
    ]);
    const audit = await store.readAudit({ kind: 'personalDataAccess', limit: 10 });
    expect(audit.map((entry) => [entry.op, entry.actor, entry.at.getTime()])).toEqual([['insert', 'worker-1', log.records[0]?.createdAt.getTime()]]);
  });

  it('refuses without the reveal permission (FORBIDDEN) or outside the grants (NOT_FOUND), logging nothing', async () => {
    const store = await seeded();
    await expectCivicGridErrorAsync(() => revealPersonalData(store, auditor, standardAccessPolicy, 'need', 'n1', ['description'], 'curious'), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => revealPersonalData(store, worker, standardAccessPolicy, 'need', 'n2', ['description'], 'curious'), 'NOT_FOUND');
    await expectCivicGridErrorAsync(() => revealPersonalData(store, worker, standardAccessPolicy, 'need', 'n1', ['category'], 'not personal'), 'VALIDATION_FAILED');
    await expectCivicGridErrorAsync(() => revealPersonalData(store, worker, standardAccessPolicy, 'need', 'n1', ['description'], '  '), 'VALIDATION_FAILED');
    expect(await store.query('personalDataAccess', { scope: [], limit: 10 })).toEqual({ records: [], nextCursor: null });
    expect(await store.readAudit({ kind: 'personalDataAccess', limit: 10 })).toEqual([]);
  });

  it('keeps the access log append-only through the narrowed store, and filters it by actor, record and scope', async () => {
    const store = await seeded();
    const secretary = principal('sec', [{ role: 'communitySecretary', scope: [...PATHS.carpets] }]);
    await revealPersonalData(store, worker, standardAccessPolicy, 'need', 'n1', ['description'], 'visit');
    await revealPersonalData(store, secretary, standardAccessPolicy, 'need', 'n2', ['requester.id'], 'call back');
    await revealPersonalData(store, worker, standardAccessPolicy, 'need', 'n1', ['requester.id'], 'visit again');
    const byActor = await readAccessLog(store, auditor, standardAccessPolicy, { scope: [], actor: 'worker-1', direction: 'asc', limit: 10 });
    expect(byActor.records.map((record) => record.data.purpose)).toEqual(['visit', 'visit again']);
    const byRecord = await readAccessLog(store, auditor, standardAccessPolicy, { scope: [], recordKind: 'need', recordId: 'n2', limit: 10 });
    expect(byRecord.records.map((record) => record.data.actor)).toEqual(['sec']);
    const inCar = await readAccessLog(store, auditor, standardAccessPolicy, { scope: [...PATHS.car], limit: 10 });
    expect(inCar.records.map((record) => record.data.purpose)).toEqual(['visit again', 'visit']);
    // A grid worker has no read rule on the log.
    expect((await readAccessLog(store, worker, standardAccessPolicy, { scope: [], limit: 10 })).records).toEqual([]);
    const view = authorizedStore(store, principal('district', [{ role: 'districtOfficer', scope: [] }]), standardAccessPolicy);
    const entry = inCar.records[0];
    if (entry === undefined) throw new Error('expected an entry');
    await expectCivicGridErrorAsync(() => view.update('personalDataAccess', entry.id, { purpose: 'rewritten' }, { expectedVersion: 1 }), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => view.remove('personalDataAccess', entry.id, { expectedVersion: 1 }), 'FORBIDDEN');
    expect((await store.getOrThrow('personalDataAccess', entry.id)).data.purpose).toBe('visit again');
  });
});
