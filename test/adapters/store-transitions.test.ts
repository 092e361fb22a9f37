import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { rejection } from 'civic-grid/testing';
import { createStore } from '../../src/adapters/store.js';
import { NEED_STATUSES, type Need, type NeedStatus } from '../../src/model/need.js';
import { canTransition, NEED_TRANSITIONS } from '../../src/rules/claiming/transitions.js';
import { CLAIMING_KINDS, CLAIMING_TRANSITIONS } from '../../src/services/claiming/claiming.js';

const GRID = ['tc', 'wy', 's1', 'c1', 'g1'];
const at = '2020-06-01T00:00:00.000Z';

function need(id: string, status: NeedStatus): Need {
  return { id, category: 'medical', description: 'check-up', locationId: 'g1', quantity: 1, urgency: 3, requester: { kind: 'resident', id: 'p1' }, createdAt: at, status };
}

const claimingStore = () => createStore(createMemoryAdapter(), { kinds: CLAIMING_KINDS, transitions: CLAIMING_TRANSITIONS });

describe('store transitions', () => {
  it('refuses a need jumping from published to confirmed with INVALID_TRANSITION, nothing written', async () => {
    const store = claimingStore();
    await store.insert('need', need('n', 'published'), { scope: GRID });
    const error = await rejection(store.update('need', 'n', { status: 'confirmed' }, { expectedVersion: 1 }));
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.message).toContain('from published only claimed, withdrawn, expired');
    const stored = await store.getOrThrow('need', 'n');
    expect([stored.version, stored.data.status]).toEqual([1, 'published']);
    expect(await store.readAudit({ limit: 10 })).toHaveLength(1);
    // Inside a transaction too, and the transaction's other writes roll back with it.
    const inTransaction = await rejection(
      store.transaction(async (tx) => {
        await tx.insert('need', need('m', 'submitted'), { scope: GRID });
        await tx.update('need', 'n', { status: 'fulfilled' }, { expectedVersion: 1 });
      }),
    );
    expect(inTransaction.code).toBe('INVALID_TRANSITION');
    expect(await store.get('need', 'm')).toBeNull();
  });

  it('allows each step of the table and any update that keeps the status', async () => {
    const store = claimingStore();
    await store.insert('need', need('n', 'published'), { scope: GRID });
    await store.update('need', 'n', { quantity: 2 }, { expectedVersion: 1 });
    let version = 2;
    for (const status of ['claimed', 'in-progress', 'fulfilled', 'confirmed'] as const) {
      await store.update('need', 'n', { status }, { expectedVersion: version });
      version += 1;
    }
    expect((await store.getOrThrow('need', 'n')).data).toMatchObject({ status: 'confirmed', quantity: 2 });
  });

  it('an update succeeds exactly when the table allows the move or the status stays', async () => {
    const status = fc.constantFrom(...NEED_STATUSES);
    await fc.assert(
      fc.asyncProperty(status, status, async (from, to) => {
        const store = claimingStore();
        await store.insert('need', need('n', from), { scope: GRID });
        const outcome = await store.update('need', 'n', { status: to }, { expectedVersion: 1 }).then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        );
        expect(outcome).toBe(from === to || canTransition(NEED_TRANSITIONS, from, to) ? 'ok' : 'INVALID_TRANSITION');
        expect((await store.getOrThrow('need', 'n')).data.status).toBe(outcome === 'ok' ? to : from);
      }),
      { numRuns: 60 },
    );
  });

  it('checks a field other than status when told, and leaves kinds without a table alone', async () => {
    const kinds = {
      task: z.object({ id: z.string(), phase: z.enum(['open', 'done']), status: z.string() }).strict(),
      memo: z.object({ id: z.string(), status: z.string() }).strict(),
    };
    const store = createStore(createMemoryAdapter(), { kinds, transitions: { task: { field: 'phase', table: { open: ['done'], done: [] } } } });
    await store.insert('task', { id: 't', phase: 'done', status: 'a' }, { scope: GRID });
    const error = await rejection(store.update('task', 't', { phase: 'open' }, { expectedVersion: 1 }));
    expect([error.code, error.issues.map((issue) => issue.path.join('.'))]).toEqual(['INVALID_TRANSITION', ['phase']]);
    await store.update('task', 't', { status: 'anything' }, { expectedVersion: 1 });
    await store.insert('memo', { id: 'm', status: 'x' }, { scope: GRID });
    await store.update('memo', 'm', { status: 'y' }, { expectedVersion: 1 });
  });

  it('refuses a transition table for a kind the store does not have', () => {
    const kinds = { memo: z.object({ id: z.string() }) };
    expect(() => createStore(createMemoryAdapter(), { kinds, transitions: { ghost: { table: {} } } as never })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
