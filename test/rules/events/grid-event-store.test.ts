import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { GRID_EVENT_TRANSITIONS, GridEventSchema, createStore } from '../../../src/index.js';
import { expectCivicGridErrorAsync } from '../../support/expect-error.js';
import { DISPATCH, beijing, openPolicy, report, run } from './event-fixtures.js';

const policy = openPolicy();

describe('grid events in a store', () => {
  it('a store kind gridEvent: GridEventSchema holds events as plain JSON and follows GRID_EVENT_TRANSITIONS', async () => {
    const store = createStore(createMemoryAdapter(), { kinds: { gridEvent: GridEventSchema }, transitions: { gridEvent: { table: GRID_EVENT_TRANSITIONS } } });
    const at = beijing('2026-03-02T09:00');
    const event = report('ev/1%', at, policy, { reporter: { name: '李雷', phone: '13900000000' }, location: { nodeId: 'g1', point: { x: 1.5, y: -2 } } });
    const stored = await store.insert('gridEvent', event, { scope: ['c1', 'g1'] });
    expect(stored.data).toEqual(event);
    const registered = run(event, at, policy, { type: 'register' });
    const updated = await store.update('gridEvent', event.id, registered, { expectedVersion: stored.version });
    expect(updated.data).toEqual(registered);
    const skipped = run(registered, at, policy, DISPATCH, { type: 'start' }, { type: 'handle' }, { type: 'close' });
    await expectCivicGridErrorAsync(() => store.update('gridEvent', event.id, skipped, { expectedVersion: updated.version }), 'INVALID_TRANSITION');
    expect((await store.getOrThrow('gridEvent', event.id)).data).toEqual(registered);
  });
});
