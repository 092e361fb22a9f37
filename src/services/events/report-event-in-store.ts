import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { GridEvent } from '../../model/grid-event.js';
import { checkedEventPolicy } from '../../rules/events/event-policy.js';
import { EventReportSchema, reportEvent } from '../../rules/events/report-event.js';
import type { EventEffect } from '../../rules/events/transition-event.js';
import { EventOperationContextSchema } from './event-operation-input.js';
import type { EventStore } from './event-store.js';

const ReportEventInStoreSchema = EventOperationContextSchema.extend({
  report: EventReportSchema,
  /** Where the event is stored, root first (usually `hierarchy.pathOf(report.location.nodeId)`). */
  scope: z.array(z.string().min(1)),
}).strict();

/** What `reportEventInStore` takes. */
export type ReportEventInStoreInput = z.input<typeof ReportEventInStoreSchema>;

/** Stores a new event in the reported stage (信息收集), audited as `actor.id`; CONFLICT when its id is taken. */
export async function reportEventInStore(store: EventStore, input: ReportEventInStoreInput): Promise<{ record: StoredRecord<GridEvent>; effects: EventEffect[] }> {
  const { report, scope, actor, at, calendar, policy } = parseWithSchema(ReportEventInStoreSchema, input, 'reportEventInStore');
  const { event, effects } = reportEvent(report, { at, calendar, policy: checkedEventPolicy(policy) });
  return { record: await store.as(actor.id).insert('gridEvent', event, { scope }), effects };
}
