import { describe, expect, it } from 'vitest';
import { authorizedStore, type Page, standardAccessPolicy, type StoredRecord } from '../../src/index.js';
import { expectCivicGridErrorAsync } from '../support/expect-error.js';
import { type AccessTestStore, memoryStore, need, PATHS, principal, resource } from './access-fixtures.js';

async function seeded(): Promise<AccessTestStore> {
  const store = memoryStore();
  await store.insert('need', need('n-car-g1', 'res-1'), { scope: PATHS.carGrid });
  await store.insert('need', need('n-car-g2', 'res-2'), { scope: PATHS.carGrid2 });
  await store.insert('need', need('n-carpets', 'res-1'), { scope: PATHS.carpetsGrid });
  await store.insert('need', need('n-street', 'res-3'), { scope: PATHS.street });
  await store.insert('resource', resource('r-u1', 'u1'), { scope: PATHS.car });
  await store.insert('resource', resource('r-u2', 'u2'), { scope: PATHS.car });
  return store;
}

const ids = (page: Page<unknown>): string[] => page.records.map((record) => record.id);

describe('authorizedStore: reads narrowed to the granted subtrees', () => {
  const worker = principal('worker-1', [{ role: 'gridWorker', scope: [...PATHS.carGrid] }]);

  it('narrows a street query to the grid the grid worker is granted, never widening it', async () => {
    const view = authorizedStore(await seeded(), worker, standardAccessPolicy);
    expect(ids(await view.query('need', { scope: [...PATHS.street], limit: 10 }))).toEqual(['n-car-g1']);
    expect(ids(await view.query('need', { scope: [], limit: 10 }))).toEqual(['n-car-g1']);
    expect(ids(await view.query('need', { scope: [...PATHS.carGrid2], limit: 10 }))).toEqual([]);
    // Depth counts from the asked scope: the grid sits two levels below the street.
    expect(ids(await view.query('need', { scope: [...PATHS.street], depth: 1, limit: 10 }))).toEqual([]);
    expect(ids(await view.query('need', { scope: [...PATHS.street], depth: 2, limit: 10 }))).toEqual(['n-car-g1']);
  });

  it('compares whole path segments: a grant at Car does not reach Carpets', async () => {
    const secretary = principal('sec-car', [{ role: 'communitySecretary', scope: [...PATHS.car] }]);
    const view = authorizedStore(await seeded(), secretary, standardAccessPolicy);
    expect(ids(await view.query('need', { scope: [...PATHS.street], limit: 10 }))).toEqual(['n-car-g1', 'n-car-g2']);
    expect(await view.get('need', 'n-carpets')).toBeNull();
  });

  it('reads a record outside the grants as absent: get → null, getOrThrow → NOT_FOUND', async () => {
    const view = authorizedStore(await seeded(), worker, standardAccessPolicy);
    expect(await view.get('need', 'n-car-g2')).toBeNull();
    await expectCivicGridErrorAsync(() => view.getOrThrow('need', 'n-car-g2'), 'NOT_FOUND');
    expect((await view.getOrThrow('need', 'n-car-g1')).id).toBe('n-car-g1');
  });

  it('masks personal fields for roles without plain view, and shows them to the resident who owns the record', async () => {
    const store = await seeded();
    const masked = (await authorizedStore(store, worker, standardAccessPolicy).getOrThrow('need', 'n-car-g1')).data;
    expect(masked.description).toBe('***');
    expect(masked.requester).toEqual({ kind: 'resident', id: '***' });
    const resident = principal('res-1', [{ role: 'resident', scope: [...PATHS.street] }]);
    const own = authorizedStore(store, resident, standardAccessPolicy);
    expect((await own.getOrThrow('need', 'n-car-g1')).data.description).toBe('张三 13812341234 needs help (n-car-g1)');
    // Own records only, across every community of the granted street.
    expect(ids(await own.query('need', { scope: [], limit: 10 }))).toEqual(['n-car-g1', 'n-carpets']);
    // The plain store still holds the plain values.
    expect((await store.getOrThrow('need', 'n-car-g1')).data.requester.id).toBe('res-1');
  });

  it('shows a unit liaison only the records of its own unit', async () => {
    const liaison = principal('liaison-1', [{ role: 'unitLiaison', scope: [...PATHS.street] }], 'u1');
    const view = authorizedStore(await seeded(), liaison, standardAccessPolicy);
    const page = await view.query('resource', { scope: [...PATHS.street], limit: 10 });
    expect(ids(page)).toEqual(['r-u1']);
    expect(page.records[0]?.data.declines?.requesters).toEqual(['***']);
    expect(await view.get('resource', 'r-u2')).toBeNull();
    expect(ids(await view.query('resource', { scope: [...PATHS.street], where: { unitId: 'u2' }, limit: 10 }))).toEqual([]);
    // No unit on the principal: the ownUnit condition never holds.
    const unitless = authorizedStore(await seeded(), principal('liaison-2', [{ role: 'unitLiaison', scope: [...PATHS.street] }]), standardAccessPolicy);
    expect(ids(await unitless.query('resource', { scope: [], limit: 10 }))).toEqual([]);
  });

  it('pages a query spanning several grants in the store order, with cursors that resume correctly', async () => {
    const store = await seeded();
    const twoGrids = principal('worker-2', [
      { role: 'gridWorker', scope: [...PATHS.carGrid] },
      { role: 'gridWorker', scope: [...PATHS.carpetsGrid] },
      { role: 'gridWorker', scope: [...PATHS.carGrid, 'b1'] },
    ]);
    const view = authorizedStore(store, twoGrids, standardAccessPolicy);
    for (const direction of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await view.query('need', { scope: [...PATHS.street], orderBy: { field: 'id', direction }, limit: 1, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...ids(page));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen).toEqual(direction === 'asc' ? ['n-car-g1', 'n-carpets'] : ['n-carpets', 'n-car-g1']);
    }
  });

  it('refuses a bad query alike whether or not anything is granted in its scope', async () => {
    const view = authorizedStore(await seeded(), worker, standardAccessPolicy);
    for (const scope of [[...PATHS.carGrid], [...PATHS.carpets]]) {
      await expectCivicGridErrorAsync(() => view.query('need', { scope, cursor: 'forged', limit: 10 }), 'VALIDATION_FAILED');
      await expectCivicGridErrorAsync(() => view.query('need', { scope, where: { colour: 'red' }, limit: 10 }), 'VALIDATION_FAILED');
      await expectCivicGridErrorAsync(() => view.query('need', { scope, limit: 0 }), 'VALIDATION_FAILED');
    }
  });

  it('refuses a where on a personal field the principal sees masked (it would answer through the mask)', async () => {
    const view = authorizedStore(await seeded(), worker, standardAccessPolicy);
    const error = await expectCivicGridErrorAsync(() => view.query('need', { scope: [], where: { description: 'x' }, limit: 10 }), 'FORBIDDEN');
    expect(error.issues[0]?.path).toEqual(['where', 'description']);
  });
});

describe('authorizedStore: writes checked against the grants', () => {
  const worker = principal('worker-1', [{ role: 'gridWorker', scope: [...PATHS.carGrid] }]);

  it('writes inside the grant, recording the principal as actor', async () => {
    const store = await seeded();
    const view = authorizedStore(store, worker, standardAccessPolicy);
    const inserted = await view.insert('need', need('n-new', 'res-5'), { scope: [...PATHS.carGrid, 'b1'] });
    expect(inserted.data.description).toBe('***');
    await view.update('need', 'n-new', { urgency: 5 }, { expectedVersion: 1 });
    const audit = await store.readAudit({ id: 'n-new', limit: 10 });
    expect(audit.map((entry) => [entry.op, entry.actor])).toEqual([
      ['insert', 'worker-1'],
      ['update', 'worker-1'],
    ]);
  });

  it('refuses writes outside the grant, of a forbidden action, or moving a record out, leaving storage and audit unchanged', async () => {
    const store = await seeded();
    const view = authorizedStore(store, worker, standardAccessPolicy);
    const before = { records: await store.query('need', { scope: [], limit: 100 }), audit: await store.readAudit({ limit: 100 }) };
    await expectCivicGridErrorAsync(() => view.insert('need', need('n-x', 'res-5'), { scope: [...PATHS.carGrid2] }), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => view.insert('need', need('n-x', 'res-5'), { scope: [...PATHS.car] }), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => view.insertMany('need', [{ value: need('n-y', 'r'), scope: [...PATHS.carGrid] }, { value: need('n-z', 'r'), scope: [...PATHS.carpets] }]), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => view.update('need', 'n-car-g1', { urgency: 1 }, { expectedVersion: 1, scope: [...PATHS.carGrid2] }), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => view.update('need', 'n-car-g2', { urgency: 1 }, { expectedVersion: 1 }), 'NOT_FOUND');
    await expectCivicGridErrorAsync(() => view.remove('need', 'n-car-g1', { expectedVersion: 1 }), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => view.remove('need', 'n-carpets', { expectedVersion: 1 }), 'NOT_FOUND');
    await expectCivicGridErrorAsync(() => view.insert('resource', resource('r-x', 'u1'), { scope: [...PATHS.carGrid] }), 'FORBIDDEN');
    expect({ records: await store.query('need', { scope: [], limit: 100 }), audit: await store.readAudit({ limit: 100 }) }).toEqual(before);
  });

  it('answers a stale version with VERSION_CONFLICT, a record moved away with NOT_FOUND, and a non-function transaction with VALIDATION_FAILED', async () => {
    const store = await seeded();
    const view = authorizedStore(store, worker, standardAccessPolicy);
    // Someone else moves the worker's record out of the grid (version 2); a write guessing version 2 must not follow it.
    await store.update('need', 'n-car-g1', { urgency: 2 }, { expectedVersion: 1, scope: [...PATHS.carGrid2] });
    await expectCivicGridErrorAsync(() => view.update('need', 'n-car-g1', { urgency: 5 }, { expectedVersion: 2 }), 'NOT_FOUND');
    await store.update('need', 'n-car-g1', { urgency: 3 }, { expectedVersion: 2, scope: [...PATHS.carGrid] });
    await expectCivicGridErrorAsync(() => view.update('need', 'n-car-g1', { urgency: 5 }, { expectedVersion: 1 }), 'VERSION_CONFLICT');
    await expectCivicGridErrorAsync(() => view.remove('need', 'n-car-g1', { expectedVersion: 2 }), 'VERSION_CONFLICT');
    await expectCivicGridErrorAsync(() => view.transaction('not a function' as never), 'VALIDATION_FAILED');
    expect((await view.update('need', 'n-car-g1', { urgency: 5 }, { expectedVersion: 3 })).version).toBe(4);
  });

  it('reports an invalid patch before a refused or malformed move, with or without conditions on the grant, writing nothing', async () => {
    const store = await seeded();
    await store.insert('need', need('n-mine', 'res-1'), { scope: [...PATHS.carGrid] });
    const before = { records: await store.query('need', { scope: [], limit: 100 }), audit: await store.readAudit({ limit: 100 }) };
    const resident = principal('res-1', [{ role: 'resident', scope: [...PATHS.carGrid] }]);
    // The grid worker's grant has no conditions (the new data is validated by the write), the resident's has one (validated first).
    for (const [who, id] of [[worker, 'n-car-g1'], [resident, 'n-mine']] as const) {
      const view = authorizedStore(store, who, standardAccessPolicy);
      const bad = { urgency: 'very' } as never;
      for (const options of [{ expectedVersion: 1 }, { expectedVersion: 1, scope: [...PATHS.carGrid2] }, { expectedVersion: 1, scope: [] }]) {
        const error = await expectCivicGridErrorAsync(() => view.update('need', id, bad, options), 'VALIDATION_FAILED');
        expect(error.issues.map((issue) => issue.path)).toEqual([['urgency']]);
      }
      await expectCivicGridErrorAsync(() => view.update('need', id, { urgency: 2 }, { expectedVersion: 1, scope: [...PATHS.carGrid2] }), 'FORBIDDEN');
    }
    expect({ records: await store.query('need', { scope: [], limit: 100 }), audit: await store.readAudit({ limit: 100 }) }).toEqual(before);
  });

  it('reports an invalid value before a refused or malformed scope on insert, with or without conditions on the grant, writing nothing', async () => {
    const store = await seeded();
    const before = { records: await store.query('need', { scope: [], limit: 100 }), audit: await store.readAudit({ limit: 100 }) };
    const resident = principal('res-1', [{ role: 'resident', scope: [...PATHS.carGrid] }]);
    for (const who of [worker, resident]) {
      const view = authorizedStore(store, who, standardAccessPolicy);
      const bad = { ...need('n-bad', 'res-1'), urgency: 'very' } as never;
      for (const scope of [[...PATHS.carGrid], [...PATHS.carGrid2], []]) {
        const error = await expectCivicGridErrorAsync(() => view.insert('need', bad, { scope }), 'VALIDATION_FAILED');
        expect(error.issues.map((issue) => issue.path)).toEqual([['urgency']]);
      }
      const batch = [
        { value: need('n-ok', 'res-1'), scope: [...PATHS.carGrid2] },
        { value: bad, scope: [...PATHS.carGrid] },
      ];
      const error = await expectCivicGridErrorAsync(() => view.insertMany('need', batch), 'VALIDATION_FAILED');
      expect(error.issues.map((issue) => issue.path)).toEqual([['urgency']]);
      await expectCivicGridErrorAsync(() => view.insertMany('need', [batch[0] as never]), 'FORBIDDEN');
      await expectCivicGridErrorAsync(() => view.insert('need', need('n-ok', 'res-1'), { scope: [...PATHS.carGrid2] }), 'FORBIDDEN');
    }
    expect({ records: await store.query('need', { scope: [], limit: 100 }), audit: await store.readAudit({ limit: 100 }) }).toEqual(before);
  });

  it('checks a resident write against the own condition at the new state', async () => {
    const store = await seeded();
    const resident = authorizedStore(store, principal('res-1', [{ role: 'resident', scope: [...PATHS.street] }]), standardAccessPolicy);
    await resident.insert('need', need('n-mine', 'res-1'), { scope: [...PATHS.carGrid] });
    await expectCivicGridErrorAsync(() => resident.insert('need', need('n-theirs', 'res-2'), { scope: [...PATHS.carGrid] }), 'FORBIDDEN');
    await expectCivicGridErrorAsync(() => resident.update('need', 'n-mine', { requester: { kind: 'resident', id: 'res-2' } }, { expectedVersion: 1 }), 'FORBIDDEN');
    expect((await store.getOrThrow('need', 'n-mine')).data.requester.id).toBe('res-1');
  });

  it('refuses writing as someone else, closing the shared store and writing the access log', async () => {
    const view = authorizedStore(await seeded(), worker, standardAccessPolicy);
    await expectCivicGridErrorAsync(async () => view.as('someone-else'), 'FORBIDDEN');
    expect(view.as('worker-1')).toBe(view);
    await expectCivicGridErrorAsync(() => view.close(), 'FORBIDDEN');
    await expectCivicGridErrorAsync(
      () => view.insert('personalDataAccess', { id: 'fake', actor: 'x', purpose: 'p', recordKind: 'need', recordId: 'n', fields: ['description'] }, { scope: [...PATHS.carGrid] }),
      'FORBIDDEN',
    );
  });

  it('applies the narrowing inside transactions too', async () => {
    const store = await seeded();
    const view = authorizedStore(store, worker, standardAccessPolicy);
    await expectCivicGridErrorAsync(
      () =>
        view.transaction(async (tx) => {
          await tx.insert('need', need('n-in-tx', 'r'), { scope: [...PATHS.carGrid] });
          expect(await tx.get('need', 'n-car-g2')).toBeNull();
          await tx.insert('need', need('n-out-tx', 'r'), { scope: [...PATHS.carpets] });
        }),
      'FORBIDDEN',
    );
    expect(await store.get('need', 'n-in-tx')).toBeNull();
  });
});

describe('authorizedStore: the audit log through the same filter', () => {
  it('shows an auditor only entries inside the grant, masked; a grid worker none', async () => {
    const store = await seeded();
    const auditor = authorizedStore(store, principal('aud', [{ role: 'auditor', scope: [...PATHS.car] }]), standardAccessPolicy);
    const entries = await auditor.readAudit({ limit: 2 });
    expect(entries.map((entry) => entry.id)).toEqual(['n-car-g1', 'n-car-g2']);
    const after = entries[0]?.after as StoredRecord<{ description: string }>;
    expect(after.data.description).toBe('***');
    const all = await auditor.readAudit({ limit: 100 });
    expect(all.map((entry) => entry.id)).toEqual(['n-car-g1', 'n-car-g2', 'r-u1', 'r-u2']);
    const worker = authorizedStore(store, principal('w', [{ role: 'gridWorker', scope: [...PATHS.carGrid] }]), standardAccessPolicy);
    expect(await worker.readAudit({ limit: 100 })).toEqual([]);
  });

  it('hides an entry that moved a record out of the grant (its after side is outside)', async () => {
    const store = await seeded();
    await store.update('need', 'n-car-g1', { urgency: 1 }, { expectedVersion: 1, scope: [...PATHS.carpets] });
    const auditor = authorizedStore(store, principal('aud', [{ role: 'auditor', scope: [...PATHS.car] }]), standardAccessPolicy);
    expect((await auditor.readAudit({ id: 'n-car-g1', limit: 10 })).map((entry) => entry.op)).toEqual(['insert']);
  });
});
