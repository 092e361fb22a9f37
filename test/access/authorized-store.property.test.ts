import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorizedStore, CivicGridError, createStore, ORDER_FIELDS, type Principal, standardAccessPolicy, type StorageAdapter, type StoredRecord } from '../../src/index.js';
import { ACCESS_TEST_KINDS, type AccessTestStore, counterClock, need, resource } from './access-fixtures.js';
import { expectShownAs, oracleAllows, oracleSeesPlain, principalArbitrary, seedWorld, type World, worldArbitrary } from './access-world.js';
import { propertyOnEachAdapter } from '../support/property-on-each-adapter.js';

const KINDS = ['need', 'resource'] as const;

/** A world, a principal in it, and what to ask: a scope (a node, the root, or a path no node has), depth, order, page size. */
const caseArbitrary = worldArbitrary.chain((world) =>
  fc.record({
    world: fc.constant(world),
    principal: principalArbitrary(world),
    queries: fc.array(
      fc.record({
        kind: fc.constantFrom(...KINDS),
        scope: fc.oneof(fc.constantFrom([], ...world.paths), fc.constantFrom(...world.paths).map((path) => [...path.slice(0, -1), `${path[path.length - 1]}x`])),
        depth: fc.option(fc.nat(3), { nil: undefined }),
        field: fc.constantFrom(...ORDER_FIELDS),
        direction: fc.constantFrom('asc' as const, 'desc' as const),
        limit: fc.integer({ min: 1, max: 4 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    auditLimit: fc.integer({ min: 1, max: 5 }),
    writes: fc.array(
      fc.record({ op: fc.constantFrom('insert', 'update', 'remove', 'writeBack' as const), kind: fc.constantFrom(...KINDS), pick: fc.nat(), to: fc.option(fc.constantFrom(...world.paths), { nil: undefined }), newId: fc.constantFrom('w/1', 'w%1', 'w_1') }),
      { maxLength: 4 },
    ),
  }),
);

type Case = { world: World; principal: Principal; queries: { kind: 'need' | 'resource'; scope: string[]; depth: number | undefined; field: (typeof ORDER_FIELDS)[number]; direction: 'asc' | 'desc'; limit: number }[]; auditLimit: number; writes: { op: 'insert' | 'update' | 'remove' | 'writeBack'; kind: 'need' | 'resource'; pick: number; to: string[] | undefined; newId: string }[] };

async function everything(store: AccessTestStore) {
  return {
    needs: (await store.query('need', { scope: [], limit: 1000 })).records,
    resources: (await store.query('resource', { scope: [], limit: 1000 })).records,
    audit: await store.readAudit({ limit: 10_000 }),
  };
}

async function checkCase(store: AccessTestStore, { world, principal, queries, auditLimit, writes }: Case): Promise<void> {
  await seedWorld(store, world);
  const view = authorizedStore(store, principal, standardAccessPolicy);

  // get: a record outside the grants is absent; inside, masked unless the principal sees it plain.
  for (const record of world.records) {
    const plain = (await store.getOrThrow(record.kind, record.id)) as StoredRecord;
    const shown = (await view.get(record.kind, record.id)) as StoredRecord | null;
    if (!oracleAllows(principal, 'read', record.kind, plain.scope, plain.data)) expect(shown).toBeNull();
    else expectShownAs(shown as StoredRecord, plain, principal, record.kind);
  }

  // query: every page, in the plain store's order, exactly the readable records of the asked subtree.
  for (const query of queries) {
    const orderBy = { field: query.field, direction: query.direction };
    const scoped = { scope: query.scope, ...(query.depth === undefined ? {} : { depth: query.depth }), orderBy };
    const expected = (await store.query(query.kind, { ...scoped, limit: 1000 })).records.filter((record) => oracleAllows(principal, 'read', query.kind, record.scope, record.data));
    const seen: StoredRecord[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages <= expected.length + 1; pages += 1) {
      const page = await view.query(query.kind, { ...scoped, limit: query.limit, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.records.length).toBeLessThanOrEqual(query.limit);
      seen.push(...(page.records as StoredRecord[]));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen.map((record) => record.id)).toEqual(expected.map((record) => record.id));
    seen.forEach((record, index) => expectShownAs(record, expected[index] as StoredRecord, principal, query.kind));
  }

  // readAudit, paged by afterSeq: entries whose every side is readable under readAudit, masked.
  const audit = await store.readAudit({ limit: 10_000 });
  const expectedAudit = audit.filter((entry) => [entry.before, entry.after].every((side) => side === null || oracleAllows(principal, 'readAudit', entry.kind, side.scope, side.data)));
  const shownAudit = [];
  for (let afterSeq: number | undefined; ; ) {
    const batch = await view.readAudit({ limit: auditLimit, ...(afterSeq === undefined ? {} : { afterSeq }) });
    shownAudit.push(...batch);
    if (batch.length < auditLimit) break;
    afterSeq = batch[batch.length - 1]?.seq;
  }
  expect(shownAudit.map((entry) => entry.seq)).toEqual(expectedAudit.map((entry) => entry.seq));
  shownAudit.forEach((entry, index) => {
    const plain = expectedAudit[index];
    if (entry.after !== null && plain?.after) expectShownAs(entry.after, plain.after, { ...principal, roles: [] }, entry.kind);
  });

  // Writes: allowed ones succeed as the principal; refused ones leave records and audit exactly as they were.
  for (const write of writes) {
    const before = await everything(store);
    const pool = write.kind === 'need' ? before.needs : before.resources;
    const target = pool[write.pick % Math.max(1, pool.length)] as StoredRecord | undefined;
    let allowed: boolean;
    let maskedBack = false;
    let run: () => Promise<unknown>;
    if (write.op === 'insert' || target === undefined) {
      const scope = write.to ?? world.paths[0] ?? ['root'];
      const value = write.kind === 'need' ? need(write.newId, principal.id) : resource(write.newId, principal.unitId ?? 'u1');
      allowed = oracleAllows(principal, 'create', write.kind, scope, value) && !pool.some((record) => record.id === write.newId);
      run = () => (write.kind === 'need' ? view.insert('need', value as ReturnType<typeof need>, { scope }) : view.insert('resource', value as ReturnType<typeof resource>, { scope }));
    } else if (write.op === 'update') {
      const scope = write.to ?? target.scope;
      const readable = oracleAllows(principal, 'read', write.kind, target.scope, target.data);
      allowed = readable && oracleAllows(principal, 'update', write.kind, target.scope, target.data) && oracleAllows(principal, 'update', write.kind, scope, target.data);
      run = () => view.update(write.kind, target.id, (write.kind === 'need' ? { urgency: 4 } : { capacity: 9 }) as never, { expectedVersion: target.version, scope });
    } else if (write.op === 'writeBack') {
      // The record as the principal was shown it, saved back: a masked personal value must never replace the real one.
      const shown = (await view.get(write.kind, target.id)) as StoredRecord | null;
      const fields = write.kind === 'need' ? ['description', 'requester'] : ['declines'];
      const patch = Object.fromEntries(fields.map((field) => [field, (shown ?? target).data[field as never]]));
      allowed = oracleAllows(principal, 'read', write.kind, target.scope, target.data) && oracleAllows(principal, 'update', write.kind, target.scope, target.data);
      maskedBack = allowed && !oracleSeesPlain(principal, target, write.kind);
      allowed &&= !maskedBack;
      run = () => view.update(write.kind, target.id, patch as never, { expectedVersion: target.version });
    } else {
      allowed = oracleAllows(principal, 'read', write.kind, target.scope, target.data) && oracleAllows(principal, 'remove', write.kind, target.scope, target.data);
      run = () => view.remove(write.kind, target.id, { expectedVersion: target.version });
    }
    const outcome = await run().then(
      () => null,
      (error: unknown) => error,
    );
    if (allowed) {
      expect(outcome).toBeNull();
      const last = (await store.readAudit({ limit: 10_000 })).at(-1);
      expect(last?.actor).toBe(principal.id);
    } else {
      expect(outcome).toBeInstanceOf(CivicGridError);
      expect(maskedBack ? ['VALIDATION_FAILED'] : ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT']).toContain((outcome as CivicGridError).code);
      expect(await everything(store)).toEqual(before);
    }
  }
}

function storeOn(adapter: StorageAdapter): AccessTestStore {
  return createStore(adapter, { kinds: ACCESS_TEST_KINDS, clock: counterClock() });
}

describe('authorizedStore never shows or writes past the grants (property)', () => {
  propertyOnEachAdapter('access', caseArbitrary, { memory: 100, sqlite: 40, pglite: 5, server: 10 }, (adapter, testCase) => checkCase(storeOn(adapter), testCase as Case));
});
