import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { OPEN_GRID_EVENT_STATUSES, type GridEvent } from '../../model/grid-event.js';
import { closeWithDuplicates } from '../../rules/events/close-with-duplicates.js';
import { EventCommandSchema, type EventCommand, type EventCommandType } from '../../rules/events/event-command.js';
import { checkedEventPolicy } from '../../rules/events/event-policy.js';
import { transitionEvent, type EventContext, type EventEffect } from '../../rules/events/transition-event.js';
import { queryAll } from '../query-all.js';
import { EventOperationContextSchema } from './event-operation-input.js';
import type { EventStore } from './event-store.js';
import { writeEvent } from './write-event.js';

const ApplyEventCommandSchema = EventOperationContextSchema.extend({ eventId: z.string().min(1), command: EventCommandSchema }).strict();

/** What `applyEventCommand` takes. The command's own actor, if given, must be `actor`. */
export type ApplyEventCommandInput = z.input<typeof ApplyEventCommandSchema>;

/** What applying an event command produced: the stored event, its effects and any duplicates closed with it. */
export interface AppliedEventCommand {
  record: StoredRecord<GridEvent>;
  effects: readonly EventEffect[];
  /** The duplicates a close ended (closedAsDuplicate) in the same transaction, each with its effects (its reporter's notice); empty otherwise. */
  closedDuplicates: { record: StoredRecord<GridEvent>; effects: readonly EventEffect[] }[];
}

/**
 * Applies one command to a stored grid event, atomically: one transaction reads the event, runs the
 * pure `transitionEvent` and writes the result under the version guard, audited as `actor.id`.
 * A close also closes every event waiting on it as a duplicate. Of two workers acting on one event at
 * once exactly one wins; the other gets VERSION_CONFLICT or INVALID_TRANSITION and nothing is written.
 * Throws NOT_FOUND (event, or a markDuplicate's original), VALIDATION_FAILED, FORBIDDEN, INVALID_TRANSITION
 * (also for a markDuplicate whose original is not open).
 */
export async function applyEventCommand(store: EventStore, input: ApplyEventCommandInput): Promise<AppliedEventCommand> {
  const { eventId, command: given, actor, at, calendar, policy: policyInput } = parseWithSchema(ApplyEventCommandSchema, input, 'applyEventCommand');
  if (given.actor !== undefined && (given.actor.id !== actor.id || given.actor.role !== actor.role)) {
    throw CivicGridError.validation('applyEventCommand', [{ path: ['command', 'actor'], message: 'must be the operation\'s actor (or left out)' }]);
  }
  const command = { ...given, actor } as EventCommand;
  const context: EventContext = { at, calendar, policy: checkedEventPolicy(policyInput) };
  return store.as(actor.id).transaction(async (tx) => {
    const record = await tx.getOrThrow('gridEvent', eventId);
    if (command.type === 'markDuplicate') await holdOriginal(tx, command.originalId);
    if (command.type !== 'close') {
      const { event, effects } = transitionEvent(record.data, command, context);
      return { record: await writeEvent(tx, record, event), effects, closedDuplicates: [] };
    }
    const waiting = await queryAll(tx, 'gridEvent', { scope: [], where: { duplicateOf: eventId, status: 'duplicate' } });
    const closed = closeWithDuplicates(record.data, waiting.map((duplicate) => duplicate.data), command, context);
    const written = await writeEvent(tx, record, closed.original.event);
    const closedDuplicates: AppliedEventCommand['closedDuplicates'] = [];
    for (const duplicate of closed.duplicates) {
      const stored = waiting.find((candidate) => candidate.id === duplicate.eventId) as StoredRecord<GridEvent>;
      closedDuplicates.push({ record: await writeEvent(tx, stored, duplicate.event), effects: duplicate.effects });
    }
    return { record: written, effects: closed.original.effects, closedDuplicates };
  });
}

/**
 * Inside a transaction: the original of a markDuplicate must be stored and still open; its version is
 * bumped so that a close racing the link serialises with it (else the close could miss the new duplicate).
 */
async function holdOriginal(tx: EventStore, originalId: string): Promise<void> {
  const original = await tx.getOrThrow('gridEvent', originalId);
  if (!OPEN_GRID_EVENT_STATUSES.includes(original.data.status)) {
    throw new CivicGridError('INVALID_TRANSITION', `Grid event "${originalId}" is ${original.data.status}: it cannot be an original`, {
      issues: [{ path: ['command', 'originalId'], message: `is ${original.data.status}, not open (${OPEN_GRID_EVENT_STATUSES.join(', ')})` }],
    });
  }
  await tx.update('gridEvent', originalId, {}, { expectedVersion: original.version });
}

/** A named operation's input: the command's fields without its type (and actor, given once). */
export type EventOperationInput<T extends EventCommandType> = Omit<ApplyEventCommandInput, 'command'> & Omit<Extract<EventCommand, { type: T }>, 'type' | 'actor'>;

const CONTEXT_KEYS = new Set(['eventId', 'actor', 'at', 'calendar', 'policy']);

/** A named operation for one command type: the context fields go to applyEventCommand, the rest makes the command. */
function eventOperation<T extends EventCommandType>(type: T): (store: EventStore, input: EventOperationInput<T>) => Promise<AppliedEventCommand> {
  return (store, input) => {
    if (typeof input !== 'object' || input === null) return applyEventCommand(store, input as never);
    const entries = Object.entries(input);
    const context = Object.fromEntries(entries.filter(([key]) => CONTEXT_KEYS.has(key)));
    const fields = Object.fromEntries(entries.filter(([key]) => !CONTEXT_KEYS.has(key)));
    return applyEventCommand(store, { ...context, command: { ...fields, type } } as ApplyEventCommandInput);
  };
}

/** 立案: a supervisor accepts a reported event. */
export const registerEvent = eventOperation('register');
/** 不予立案, with a reason. */
export const rejectEvent = eventOperation('reject');
/** 派遣 to an assignee (again from dispatched: a reassignment). */
export const dispatchEvent = eventOperation('dispatch');
/** 处置: the assignee starts work on a dispatched event. */
export const startEvent = eventOperation('start');
/** Ends one handling step of a subclass whose limit comes in several steps; the next step's deadline starts. */
export const completeEventStep = eventOperation('completeStep');
/** 反馈: the assignee reports the work done. */
export const handleEvent = eventOperation('handle');
/** 核查结案; every duplicate waiting on the event is closed with it. */
export const closeEvent = eventOperation('close');
/** 返工: the check sends a handled event back. */
export const sendBackEvent = eventOperation('sendBack');
/** 评价: scores a closed event from 1 to 5, with an optional comment. */
export const evaluateEvent = eventOperation('evaluate');
/** Reopens a closed or evaluated event within the policy's reopen window, back to registered. */
export const reopenEvent = eventOperation('reopen');
/** 延期: extends the current stage's deadline by an amount of working time, with a reason. */
export const extendEvent = eventOperation('extend');
/** 缓办: pauses the clock. */
export const deferEvent = eventOperation('defer');
/** Ends the latest deferral (缓办): the event returns to the stage it was deferred from. */
export const resumeEvent = eventOperation('resume');
/** Links the event to a stored, open original (else NOT_FOUND or INVALID_TRANSITION), whose version it bumps. */
export const markEventDuplicate = eventOperation('markDuplicate');
