import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { isCivicGridError } from '../../../src/errors/civic-grid-error.js';
import { allowedEventCommands, transitionEvent, type EventActor, type EventCommand, type GridEvent } from '../../../src/index.js';
import { applyEventCommand } from '../../../src/services/events/index.js';
import { ASSIGNEE, auditCount, calendar, eventStore, MONDAY_9, policy, reportAll } from './event-store-fixtures.js';

const ADMIN: EventActor = { id: 'admin/1', role: 'admin' };
const MINUTE_MS = 60_000;

/** The first command a status allows in this order moves the event forward along the closed loop. */
const COMMANDS: EventCommand[] = [
  { type: 'register' },
  { type: 'start' },
  { type: 'handle' },
  { type: 'close' },
  { type: 'evaluate', score: 4 },
  { type: 'dispatch', assignee: ASSIGNEE },
  { type: 'resume' },
  { type: 'reopen', reason: 'it came back' },
  { type: 'reject', reason: 'not ours' },
  { type: 'sendBack', reason: 'not done' },
  { type: 'extend', amount: { hours: 2 }, reason: 'parts' },
  { type: 'defer', reason: 'owner away' },
  { type: 'flag', flag: 'amber' },
  { type: 'escalate' },
];

describe('applyEventCommand against the pure state machine', () => {
  it('stores exactly what transitionEvent returns, one version per accepted command; a refused command changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        // A third each: the forward command, any command the status allows, any command at all (so runs reach the late stages).
        fc.array(fc.record({ choice: fc.constantFrom('forward', 'allowed', 'any'), pick: fc.nat(), any: fc.constantFrom(...COMMANDS), afterMinutes: fc.integer({ min: 0, max: 600 }) }), { maxLength: 20 }),
        async (steps) => {
          const store = eventStore(createMemoryAdapter());
          let [model] = (await reportAll(store, ['ev/1'])) as [GridEvent];
          let version = 1;
          let at = MONDAY_9;
          for (const { choice, pick, any, afterMinutes } of steps) {
            const allowed = COMMANDS.filter((candidate) => allowedEventCommands(model.status).includes(candidate.type));
            const command = choice === 'any' || allowed.length === 0 ? any : (allowed[choice === 'forward' ? 0 : pick % allowed.length] as EventCommand);
            at = new Date(at.getTime() + afterMinutes * MINUTE_MS);
            let expected: GridEvent | { code: string };
            try {
              expected = transitionEvent(model, { ...command, actor: ADMIN }, { at, calendar, policy }).event;
            } catch (error) {
              if (!isCivicGridError(error)) throw error;
              expected = { code: error.code };
            }
            const audit = await auditCount(store);
            const applied = await applyEventCommand(store, { eventId: 'ev/1', command, actor: ADMIN, at, calendar, policy }).catch((error: unknown) => {
              if (!isCivicGridError(error)) throw error;
              return { code: error.code };
            });
            const stored = await store.getOrThrow('gridEvent', 'ev/1');
            if ('code' in expected) {
              expect(applied).toEqual(expected);
              expect(await auditCount(store)).toBe(audit);
            } else {
              model = expected;
              version += 1;
            }
            expect(stored.version).toBe(version);
            expect(stored.data).toEqual(model);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
