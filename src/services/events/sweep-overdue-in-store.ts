import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { OPEN_GRID_EVENT_STATUSES } from '../../model/grid-event.js';
import { EventActorSchema } from '../../rules/events/event-command.js';
import { checkedEventPolicy } from '../../rules/events/event-policy.js';
import { sweepOverdue, type SweepTransition } from '../../rules/events/sweep-overdue.js';
import { EventOperationContextSchema } from './event-operation-input.js';
import type { EventStore } from './event-store.js';
import { writeEvent } from './write-event.js';

const SweepOverdueInStoreSchema = EventOperationContextSchema.extend({
  /** Who the sweep acts as (its role must be allowed to escalate and flag); defaults to sweepOverdue's system actor. */
  actor: EventActorSchema.optional(),
  /** The subtree to sweep, root first; the whole store by default. */
  scope: z.array(z.string().min(1)).default([]),
  /** Events read and written per transaction. */
  batchSize: z.number().int().min(1).max(10_000).default(500),
}).strict();

/** What `sweepOverdueInStore` takes. */
export type SweepOverdueInStoreInput = z.input<typeof SweepOverdueInStoreSchema>;

/** What `sweepOverdueInStore` wrote: the escalations and flags, and how many transactions it took. */
export interface SweepOverdueInStoreResult {
  /** The transitions written (escalations and flags), with their effects, in id order. */
  transitions: SweepTransition[];
  batches: number;
}

const DEFAULT_AUDIT_ACTOR = 'sweepOverdue';

/**
 * Runs `sweepOverdue` over the stored open events at `at`, one transaction per batch: each batch is
 * read, swept and written under version guards inside its transaction, so a batch is all or nothing
 * (a VERSION_CONFLICT from a concurrent writer undoes only that batch; sweeping again is safe).
 * Idempotent: a second sweep at the same `at` writes nothing.
 */
export async function sweepOverdueInStore(store: EventStore, input: SweepOverdueInStoreInput): Promise<SweepOverdueInStoreResult> {
  const { actor, at, calendar, policy: policyInput, scope, batchSize } = parseWithSchema(SweepOverdueInStoreSchema, input, 'sweepOverdueInStore');
  const options = { calendar, policy: checkedEventPolicy(policyInput), ...(actor === undefined ? {} : { actor }) };
  const writer = store.as(actor?.id ?? DEFAULT_AUDIT_ACTOR);
  const transitions: SweepTransition[] = [];
  let batches = 0;
  let cursor: string | undefined;
  do {
    const after = cursor;
    const batch = await writer.transaction(async (tx) => {
      const page = await tx.query('gridEvent', { scope, where: { status: [...OPEN_GRID_EVENT_STATUSES] }, limit: batchSize, ...(after === undefined ? {} : { cursor: after }) });
      const swept = sweepOverdue(page.records.map((record) => record.data), at, options);
      const recordsById = new Map(page.records.map((record) => [record.id, record]));
      for (const transition of swept) {
        await writeEvent(tx, recordsById.get(transition.eventId) as (typeof page.records)[number], transition.event);
      }
      return { swept, next: page.nextCursor ?? undefined };
    });
    transitions.push(...batch.swept);
    cursor = batch.next;
    batches += 1;
  } while (cursor !== undefined);
  return { transitions, batches };
}
