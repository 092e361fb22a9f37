import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { type AppliedEventCommand, closeEvent, dispatchEvent, type EventStore, handleEvent, markEventDuplicate, registerEvent, startEvent, sweepOverdueInStore } from '../../../src/services/events/index.js';
import { ASSIGNEE, auditCount, beijing, calendar, DISPATCHER, eventStore, GRID, MONDAY_9, policy, reportAll, RIVAL_SUPERVISOR, SUPERVISOR, WORKER } from './event-store-fixtures.js';
import { raceOnSqlAdapters } from '../../support/racing-adapters.js';

const context = { at: MONDAY_9, calendar, policy };

/** Exactly one of two registrations (by SUPERVISOR, then RIVAL_SUPERVISOR) wins; the loser sees VERSION_CONFLICT or INVALID_TRANSITION and left nothing behind. */
async function expectOneWinner(eventId: string, store: EventStore, outcomes: PromiseSettledResult<AppliedEventCommand>[]): Promise<void> {
  const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
  const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(isCivicGridError(lost[0]?.reason, 'VERSION_CONFLICT') || isCivicGridError(lost[0]?.reason, 'INVALID_TRANSITION'), String(lost[0]?.reason)).toBe(true);
  const stored = await store.getOrThrow('gridEvent', eventId);
  expect(stored.version).toBe(2);
  expect(stored.data.stageHistory.map((entry) => entry.status)).toEqual(['reported', 'registered']);
  const audit = await store.readAudit({ kind: 'gridEvent', id: eventId, limit: 10 });
  expect(audit.filter((entry) => entry.op === 'update').map((entry) => entry.actor)).toEqual([[SUPERVISOR, RIVAL_SUPERVISOR][won]?.id]);
}

/** Two supervisors register each event at once: on separate store calls, then on one transaction handle. */
async function race(storeA: EventStore, storeB: EventStore): Promise<void> {
  await raceOnStores(storeA, storeB);
  await raceOnHandle(storeA);
  // Sweeping twice at one instant: the second writes nothing, on this adapter too.
  const sweepAt = beijing('2026-03-02T11:00');
  expect((await sweepOverdueInStore(storeA, { at: sweepAt, calendar, policy, batchSize: 3 })).transitions).toHaveLength(4);
  const audit = await auditCount(storeA);
  expect((await sweepOverdueInStore(storeB, { at: sweepAt, calendar, policy, batchSize: 3 })).transitions).toEqual([]);
  expect(await auditCount(storeA)).toBe(audit);
  await raceCloseAndLink(storeA, storeB);
  await raceSweepAndCommand(storeA, storeB);
}

/**
 * A sweep races a registration of one of its events: whatever wins, each write is whole and on record
 * (escalated iff the sweep returned that escalation, registered iff the registration succeeded), no update lost.
 */
async function raceSweepAndCommand(storeA: EventStore, storeB: EventStore): Promise<void> {
  const ids = ['sweep-1', 'sweep-2', 'sweep-3'];
  await reportAll(storeA, ids);
  const at = beijing('2026-03-02T11:00');
  const [swept, registered] = await Promise.allSettled([
    sweepOverdueInStore(storeA, { at, calendar, policy, scope: GRID }),
    registerEvent(storeB, { eventId: 'sweep-2', actor: SUPERVISOR, ...context, at }),
  ]);
  for (const outcome of [swept, registered]) {
    if (outcome?.status === 'rejected') expect(isCivicGridError(outcome.reason, 'VERSION_CONFLICT') || isCivicGridError(outcome.reason, 'INVALID_TRANSITION'), String(outcome.reason)).toBe(true);
  }
  const escalatedIds = swept?.status === 'fulfilled' ? swept.value.transitions.filter((t) => t.command.type === 'escalate').map((t) => t.eventId) : [];
  for (const id of ids) {
    const stored = await storeA.getOrThrow('gridEvent', id);
    const updates = (await storeA.readAudit({ kind: 'gridEvent', id, limit: 10 })).filter((entry) => entry.op === 'update');
    expect(updates).toHaveLength(stored.version - 1);
    expect(stored.data.escalationLevel).toBe(escalatedIds.includes(id) ? 1 : 0);
    expect(stored.data.status).toBe(id === 'sweep-2' && registered?.status === 'fulfilled' ? 'registered' : 'reported');
  }
}

/**
 * A close of the original races a worker linking a new duplicate to it: never a duplicate left
 * waiting on a closed original (markDuplicate bumps the original's version, so the two serialise).
 */
async function raceCloseAndLink(storeA: EventStore, storeB: EventStore): Promise<void> {
  for (const round of [1, 2, 3]) {
    const [originalId, lateId] = [`orig-${round}`, `orig-${round}-late`];
    await reportAll(storeA, [originalId, lateId]);
    await registerEvent(storeA, { eventId: originalId, actor: SUPERVISOR, ...context });
    await dispatchEvent(storeA, { eventId: originalId, assignee: ASSIGNEE, actor: DISPATCHER, ...context });
    await startEvent(storeA, { eventId: originalId, actor: WORKER, ...context });
    await handleEvent(storeA, { eventId: originalId, actor: WORKER, ...context });
    const outcomes = await Promise.allSettled([
      closeEvent(storeA, { eventId: originalId, actor: SUPERVISOR, ...context }),
      markEventDuplicate(storeB, { eventId: lateId, originalId, actor: WORKER, ...context }),
    ]);
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(isCivicGridError(outcome.reason, 'VERSION_CONFLICT') || isCivicGridError(outcome.reason, 'INVALID_TRANSITION'), String(outcome.reason)).toBe(true);
    }
    const [original, late] = await Promise.all([storeA.getOrThrow('gridEvent', originalId), storeA.getOrThrow('gridEvent', lateId)]);
    const closed = original.data.status === 'closed';
    expect(closed ? late.data.status !== 'duplicate' : late.data.status === 'duplicate').toBe(true);
  }
}

async function raceOnStores(storeA: EventStore, storeB: EventStore): Promise<void> {
  await reportAll(storeA, ['ev', 'ev/']);
  for (const eventId of ['ev', 'ev/']) {
    const outcomes = await Promise.allSettled([
      registerEvent(storeA, { eventId, actor: SUPERVISOR, ...context }),
      registerEvent(storeB, { eventId, actor: RIVAL_SUPERVISOR, ...context }),
    ]);
    await expectOneWinner(eventId, storeA, outcomes);
  }
}

async function raceOnHandle(storeA: EventStore): Promise<void> {
  await reportAll(storeA, ['ev%tx', 'ev_tx']);
  for (const eventId of ['ev%tx', 'ev_tx']) {
    const outcomes = await storeA.transaction((tx) =>
      Promise.allSettled([
        registerEvent(tx, { eventId, actor: SUPERVISOR, ...context }),
        registerEvent(tx, { eventId, actor: RIVAL_SUPERVISOR, ...context }),
      ]),
    );
    await expectOneWinner(eventId, storeA, outcomes);
  }
}

describe('two workers acting on one grid event at once', () => {
  it('on the memory adapter, separate store calls', async () => {
    const adapter = createMemoryAdapter();
    await raceOnStores(eventStore(adapter), eventStore(adapter));
    await raceCloseAndLink(eventStore(adapter), eventStore(adapter));
    await raceSweepAndCommand(eventStore(adapter), eventStore(adapter));
  });

  it('on the memory adapter, one transaction handle', async () => {
    await raceOnHandle(eventStore(createMemoryAdapter()));
  });

  raceOnSqlAdapters('events', (adapterA, adapterB) => race(eventStore(adapterA), eventStore(adapterB)));
});
