import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { rejection } from 'civic-grid/testing';
import {
  applyEventCommand,
  closeEvent,
  deferEvent,
  dispatchEvent,
  type EventStore,
  handleEvent,
  markEventDuplicate,
  registerEvent,
  reportEventInStore,
  startEvent,
  sweepOverdueInStore,
} from '../../../src/services/events/index.js';
import { NEIGHBOUR_DISPUTE } from '../../rules/events/event-fixtures.js';
import { ASSIGNEE, auditCount, beijing, calendar, DISPATCHER, eventStore, GRID, MONDAY_9, policy, reportAll, SUPERVISOR, WORKER } from './event-store-fixtures.js';

const at = MONDAY_9;
const context = { at, calendar, policy };

/** What a rejected call must leave as it was: every record's version and data, and the audit log's length. */
async function snapshot(store: EventStore): Promise<{ audit: number; records: unknown[] }> {
  const page = await store.query('gridEvent', { scope: [], limit: 10_000 });
  return { audit: await auditCount(store), records: page.records.map(({ id, version, data }) => ({ id, version, data })) };
}

describe('grid-event operations on a store', () => {
  it('runs an event from report to close, each step one version, audited as its actor', async () => {
    const store = eventStore(createMemoryAdapter());
    await reportAll(store, ['ev/1']);
    await registerEvent(store, { eventId: 'ev/1', actor: SUPERVISOR, ...context });
    const dispatched = await dispatchEvent(store, { eventId: 'ev/1', assignee: ASSIGNEE, actor: DISPATCHER, ...context });
    expect(dispatched.record.data.assignee).toEqual(ASSIGNEE);
    expect(dispatched.effects).toContainEqual({ type: 'notify', to: 'assignee', reason: 'dispatch' });
    await startEvent(store, { eventId: 'ev/1', actor: WORKER, ...context });
    await handleEvent(store, { eventId: 'ev/1', actor: WORKER, note: 'mediated', ...context });
    const closed = await closeEvent(store, { eventId: 'ev/1', actor: SUPERVISOR, ...context });
    expect(closed.record.version).toBe(6);
    expect(closed.record.data.status).toBe('closed');
    expect(closed.record.data.stageHistory.map((entry) => entry.status)).toEqual(['reported', 'registered', 'dispatched', 'inProgress', 'handled', 'closed']);
    const audit = await store.readAudit({ kind: 'gridEvent', id: 'ev/1', limit: 10 });
    expect(audit.map((entry) => [entry.op, entry.actor])).toEqual([
      ['insert', WORKER.id],
      ['update', SUPERVISOR.id],
      ['update', DISPATCHER.id],
      ['update', WORKER.id],
      ['update', WORKER.id],
      ['update', SUPERVISOR.id],
    ]);
  });

  it('drops from storage the fields a transition removes (a red flag once the event is registered)', async () => {
    const store = eventStore(createMemoryAdapter());
    await reportAll(store, ['ev-1']);
    // 09:50: 50 of the reported stage's 60 working minutes are used, past the red share (0.8).
    const swept = await sweepOverdueInStore(store, { at: beijing('2026-03-02T09:50'), calendar, policy });
    expect(swept.transitions.map((transition) => transition.command.type)).toEqual(['flag']);
    expect((await store.getOrThrow('gridEvent', 'ev-1')).data.flag).toBe('red');
    const registered = await registerEvent(store, { eventId: 'ev-1', actor: SUPERVISOR, ...context, at: beijing('2026-03-02T09:55') });
    expect('flag' in registered.record.data && registered.record.data.flag !== undefined).toBe(false);
    expect((await store.getOrThrow('gridEvent', 'ev-1')).data.flag).toBeUndefined();
  });

  it('closing an original closes the duplicates waiting on it, in the same transaction', async () => {
    const store = eventStore(createMemoryAdapter());
    await reportAll(store, ['ev', 'ev-dup', 'ev-dup-2', 'other']);
    await markEventDuplicate(store, { eventId: 'ev-dup', originalId: 'ev', actor: WORKER, ...context });
    await markEventDuplicate(store, { eventId: 'ev-dup-2', originalId: 'ev', actor: WORKER, ...context });
    // Each link bumps the original's version, so a close that read it before the link fails VERSION_CONFLICT instead of missing the duplicate.
    expect((await store.getOrThrow('gridEvent', 'ev')).version).toBe(3);
    await registerEvent(store, { eventId: 'ev', actor: SUPERVISOR, ...context });
    await dispatchEvent(store, { eventId: 'ev', assignee: ASSIGNEE, actor: DISPATCHER, ...context });
    await startEvent(store, { eventId: 'ev', actor: WORKER, ...context });
    await handleEvent(store, { eventId: 'ev', actor: WORKER, ...context });
    const closed = await closeEvent(store, { eventId: 'ev', actor: SUPERVISOR, ...context });
    expect(closed.closedDuplicates.map(({ record }) => [record.id, record.data.status])).toEqual([
      ['ev-dup', 'closedAsDuplicate'],
      ['ev-dup-2', 'closedAsDuplicate'],
    ]);
    expect(closed.closedDuplicates[0]?.effects).toContainEqual({ type: 'notify', to: 'reporter', reason: 'closeAsDuplicate' });
    expect(closed.effects).toContainEqual({ type: 'duplicatesClosed', originalId: 'ev', duplicateIds: ['ev-dup', 'ev-dup-2'] });
    expect((await store.getOrThrow('gridEvent', 'other')).version).toBe(1);
    for (const originalId of ['ev', 'ev-dup']) {
      const notOpen = await rejection(markEventDuplicate(store, { eventId: 'other', originalId, actor: WORKER, ...context }));
      expect([notOpen.code, notOpen.issues[0]?.path]).toEqual(['INVALID_TRANSITION', ['command', 'originalId']]);
    }
    expect((await store.getOrThrow('gridEvent', 'other')).version).toBe(1);
    // One transaction: every write of the close carries the same audit instant and actor.
    const audit = (await store.readAudit({ kind: 'gridEvent', limit: 100 })).slice(-3);
    expect(audit.map((entry) => [entry.id, entry.actor])).toEqual([
      ['ev', SUPERVISOR.id],
      ['ev-dup', SUPERVISOR.id],
      ['ev-dup-2', SUPERVISOR.id],
    ]);
  });

  it('refuses an unknown event, a wrong-state command, a forbidden role and malformed input, leaving storage as it was', async () => {
    const store = eventStore(createMemoryAdapter());
    await reportAll(store, ['ev', 'ev/']);
    const before = await snapshot(store);

    expect((await rejection(registerEvent(store, { eventId: 'e', actor: SUPERVISOR, ...context }))).code).toBe('NOT_FOUND');
    expect((await rejection(markEventDuplicate(store, { eventId: 'ev', originalId: 'nope', actor: WORKER, ...context }))).code).toBe('NOT_FOUND');
    const wrongState = await rejection(startEvent(store, { eventId: 'ev', actor: WORKER, ...context }));
    expect(wrongState.code).toBe('INVALID_TRANSITION');
    expect(wrongState.message).toContain('allowed from reported: register, reject');
    expect((await rejection(registerEvent(store, { eventId: 'ev', actor: WORKER, ...context }))).code).toBe('FORBIDDEN');
    expect((await rejection(markEventDuplicate(store, { eventId: 'ev', originalId: 'ev', actor: WORKER, ...context }))).issues[0]?.path).toEqual(['command', 'originalId']);

    const malformed = await rejection(applyEventCommand(store, { eventId: '', command: { type: 'dispatch' } as never, actor: { id: '', role: 'dispatcher' }, at: new Date(Number.NaN), calendar, policy }));
    expect(malformed.code).toBe('VALIDATION_FAILED');
    expect(malformed.issues.map((issue) => issue.path)).toEqual([['actor', 'id'], ['at'], ['eventId'], ['command', 'assignee']]);
    const otherActor = await rejection(applyEventCommand(store, { eventId: 'ev', command: { type: 'register', actor: { id: 'someone-else', role: 'supervisor' } }, actor: SUPERVISOR, ...context }));
    expect(otherActor.issues[0]?.path).toEqual(['command', 'actor']);
    const badPolicy = await rejection(registerEvent(store, { eventId: 'ev', actor: SUPERVISOR, at, calendar, policy: { ...policy, flags: { amber: 0.9, red: 0.5 } } }));
    expect(badPolicy.issues[0]?.path).toEqual(['flags', 'amber']);
    expect((await rejection(dispatchEvent(store, { eventId: 'ev', actor: DISPATCHER, ...context } as never))).issues[0]?.path).toEqual(['command', 'assignee']);
    expect((await rejection(registerEvent(store, null as never))).code).toBe('VALIDATION_FAILED');
    expect((await rejection(registerEvent(store, { eventId: 'ev', actor: SUPERVISOR, at, calendar: {} as never, policy }))).issues[0]?.path).toEqual(['calendar']);

    const taken = await rejection(reportEventInStore(store, { report: { id: 'ev', category: NEIGHBOUR_DISPUTE, description: 'again', location: { nodeId: 'g1' }, source: 'patrol' }, scope: GRID, actor: WORKER, ...context }));
    expect(taken.code).toBe('CONFLICT');
    const badReport = await rejection(reportEventInStore(store, { report: { id: 'x', category: { classCode: '99', subclassCode: '1' }, description: '', location: { nodeId: 'g1' }, source: 'drone' } as never, scope: ['g\u0000'], actor: WORKER, ...context }));
    expect(badReport.issues.map((issue) => issue.path)).toEqual([['report', 'category', 'subclassCode'], ['report', 'description'], ['report', 'source']]);
    const unknownCategory = await rejection(reportEventInStore(store, { report: { id: 'x', category: { classCode: '99', subclassCode: '01' }, description: 'd', location: { nodeId: 'g1' }, source: 'patrol' }, scope: GRID, actor: WORKER, ...context }));
    expect(unknownCategory.issues[0]?.path).toEqual(['report', 'category']);

    const badSweep = await rejection(sweepOverdueInStore(store, { at, calendar, policy, batchSize: 0, scope: [''] }));
    expect(badSweep.issues.map((issue) => issue.path)).toEqual([['scope', 0], ['batchSize']]);
    // At 10:10 both events are overdue: the escalation a grid worker may not issue undoes the whole batch.
    expect((await rejection(sweepOverdueInStore(store, { at: beijing('2026-03-02T10:10'), calendar, policy, actor: WORKER, batchSize: 2 }))).code).toBe('FORBIDDEN');

    expect(await snapshot(store)).toEqual(before);
  });

  it('sweeps in batches, one transaction each, and a second sweep at the same instant changes nothing', async () => {
    const store = eventStore(createMemoryAdapter());
    await reportAll(store, ['a', 'a/', 'a%', 'a_b', 'b']);
    await reportAll(store, ['late-1', 'late-2'], beijing('2026-03-02T09:30'));
    await registerEvent(store, { eventId: 'b', actor: SUPERVISOR, ...context });
    await deferEvent(store, { eventId: 'b', actor: SUPERVISOR, reason: 'waiting for the owner', ...context });
    // 10:10: events reported at 09:00 are overdue (1 working hour), those of 09:30 used 40 of 60 minutes (amber).
    const sweepAt = beijing('2026-03-02T10:10');
    const first = await sweepOverdueInStore(store, { at: sweepAt, calendar, policy, batchSize: 2 });
    expect(first.batches).toBe(4);
    expect(first.transitions.map((transition) => [transition.eventId, transition.command.type])).toEqual([
      ['a', 'escalate'],
      ['a%', 'escalate'],
      ['a/', 'escalate'],
      ['a_b', 'escalate'],
      ['late-1', 'flag'],
      ['late-2', 'flag'],
    ]);
    expect((await store.getOrThrow('gridEvent', 'a/')).data.escalationLevel).toBe(1);
    expect((await store.getOrThrow('gridEvent', 'late-2')).data.flag).toBe('amber');
    const sweeps = (await store.readAudit({ limit: 10_000 })).filter((entry) => entry.actor === 'sweepOverdue');
    expect(sweeps).toHaveLength(6);

    const before = await snapshot(store);
    const second = await sweepOverdueInStore(store, { at: sweepAt, calendar, policy, batchSize: 2 });
    expect(second.transitions).toEqual([]);
    expect(await snapshot(store)).toEqual(before);
    // Scoped to another grid: nothing there.
    expect((await sweepOverdueInStore(store, { at: beijing('2026-03-02T16:00'), calendar, policy, scope: ['tc', 'wy', 's1', 'c1', 'g2'] })).transitions).toEqual([]);
  });
});
