import { z } from 'zod';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import { DeadlineFlagSchema, GridEventAssigneeSchema, WorkingAmountSchema } from '../../model/grid-event.js';

/** Who issues a command; policy.commandRoles says which roles may issue which command. */
export const EventActorSchema = z.object({ id: z.string().min(1), role: z.string().min(1) }).strict();
/** Who issues an event command: an id and a role. */
export type EventActor = z.infer<typeof EventActorSchema>;

const Reason = z.string().min(1);

function command<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), actor: EventActorSchema.optional(), ...shape }).strict();
}

/** Everything that can happen to a grid event; `transitionEvent` applies one. */
export const EventCommandSchema = z.discriminatedUnion('type', [
  command('register', {}),
  command('reject', { reason: Reason }),
  command('dispatch', { assignee: GridEventAssigneeSchema }),
  command('start', {}),
  /** Ends one handling step of a subclass whose limit comes in several steps. */
  command('completeStep', {}),
  command('handle', { note: z.string().min(1).optional() }),
  command('close', {}),
  command('sendBack', { reason: Reason }),
  command('evaluate', { score: z.number().int().min(1).max(5), comment: z.string().min(1).optional() }),
  command('reopen', { reason: Reason }),
  command('extend', { amount: WorkingAmountSchema, reason: Reason }),
  command('defer', { reason: Reason }),
  command('resume', {}),
  command('markDuplicate', { originalId: NodeIdSchema }),
  command('closeAsDuplicate', {}),
  command('escalate', {}),
  command('flag', { flag: DeadlineFlagSchema }),
]);
/** A command on a grid event (register, dispatch, handle, close, …), as validated by `EventCommandSchema`. */
export type EventCommand = z.infer<typeof EventCommandSchema>;
/** The `type` of an {@link EventCommand}. */
export type EventCommandType = EventCommand['type'];
/** Every {@link EventCommandType}. */
export const EVENT_COMMAND_TYPES = EventCommandSchema.options.map((option) => option.shape.type.value) as readonly EventCommandType[];
