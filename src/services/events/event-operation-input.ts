import { z } from 'zod';
import type { WorkCalendar } from '../../rules/calendar/index.js';
import { EventActorSchema } from '../../rules/events/event-command.js';
import type { EventPolicy } from '../../rules/events/event-policy.js';

/** Fields every grid-event store operation takes: who acts, when, and the rules that apply. */
export const EventOperationContextSchema = z.object({
  actor: EventActorSchema,
  at: z.date(),
  // Opaque objects validated by their own makers (createWorkCalendar, createEventPolicy): here only their shape.
  calendar: z.custom<WorkCalendar>((value) => typeof value === 'object' && value !== null && typeof (value as { timeZone?: unknown }).timeZone === 'string', 'must be a work calendar'),
  policy: z.custom<EventPolicy>((value) => typeof value === 'object' && value !== null, 'must be an event policy'),
});
