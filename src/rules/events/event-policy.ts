import { freeze } from 'immer';
import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { BilingualTextSchema } from '../../model/kpi-definition.js';
import { LevelSchema } from '../../model/level.js';
import { WorkingAmountSchema, type GridEventCategory } from '../../model/grid-event.js';
import { EVENT_COMMAND_TYPES, type EventCommandType } from './event-command.js';

const TwoDigitCodeSchema = z.string().regex(/^\d{2}$/, 'must be two digits');

/** One step of a subclass's time limit (e.g. illegal construction: stop work 4 h, penalty 7 d, demolish 20 d). */
export const HandlingLimitSchema = z.object({ name: BilingualTextSchema.optional(), amount: WorkingAmountSchema }).strict();
/** One step of a subclass's handling limit: an optional name and an amount of working time. */
export type HandlingLimit = z.infer<typeof HandlingLimitSchema>;

/** Validates an {@link EventSubclass}. */
export const EventSubclassSchema = z
  .object({
    code: TwoDigitCodeSchema,
    name: BilingualTextSchema,
    /** Handling limit(s), counted in working time from the start of each step. */
    handlingLimits: z.array(HandlingLimitSchema).min(1),
    /** Overrides the policy's duplicate radius; 0 turns duplicate suggestions off. */
    duplicateRadiusMetres: z.number().min(0).finite().optional(),
    /** false when the code or the limit is not confirmed by a cited source. */
    verified: z.boolean(),
    source: z.string().min(1).optional(),
  })
  .strict();
/** A subclass of grid event (two-digit code within its class) with its handling limit(s). */
export type EventSubclass = z.infer<typeof EventSubclassSchema>;

/** Validates an {@link EventClass}; subclass codes must be unique within the class. */
export const EventClassSchema = z
  .object({ code: TwoDigitCodeSchema, name: BilingualTextSchema, verified: z.boolean(), subclasses: z.array(EventSubclassSchema).min(1) })
  .strict()
  .superRefine((eventClass, ctx) => addDuplicateCodeIssues(eventClass.subclasses, ['subclasses'], ctx));
/** A class of grid event (two-digit code) and its subclasses. */
export type EventClass = z.infer<typeof EventClassSchema>;

/** Validates an {@link EventCatalogue}; class codes must be unique. */
export const EventCatalogueSchema = z
  .object({ id: z.string().min(1), name: BilingualTextSchema, classes: z.array(EventClassSchema).min(1) })
  .strict()
  .superRefine((catalogue, ctx) => addDuplicateCodeIssues(catalogue.classes, ['classes'], ctx));
/** A city's catalogue of grid event classes and subclasses. */
export type EventCatalogue = z.infer<typeof EventCatalogueSchema>;

function addDuplicateCodeIssues(entries: readonly { code: string }[], path: string[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.code)) ctx.addIssue({ code: 'custom', path: [...path, index, 'code'], message: `code ${entry.code} is used twice` });
    seen.add(entry.code);
  });
}

/** Stages whose deadline comes from the policy (inProgress takes the subclass's handling limits). */
export const POLICY_TIMED_STAGES = ['reported', 'registered', 'dispatched', 'handled'] as const;

const HOUR_MS = 3_600_000;

const CommandRolesSchema = z
  .record(z.string(), z.array(z.string().min(1)).min(1))
  .superRefine((roles, ctx) => {
    for (const type of Object.keys(roles)) {
      if (!(EVENT_COMMAND_TYPES as readonly string[]).includes(type)) ctx.addIssue({ code: 'custom', path: [type], message: `unknown command ${type}` });
    }
  });

/** A city's rules for grid events, as data. */
export const EventPolicySchema = z
  .object({
    catalogue: EventCatalogueSchema,
    /** Limit per stage, from its entry (e.g. Fuzhou: register and dispatch within 1 working hour). Absent: no deadline. */
    stageLimits: z.object({ reported: WorkingAmountSchema, registered: WorkingAmountSchema, dispatched: WorkingAmountSchema, handled: WorkingAmountSchema }).partial().strict(),
    /** Where an overdue event goes, in order (grid → community → street → district), each with its own new limit. */
    escalation: z.array(z.object({ to: LevelSchema, limit: WorkingAmountSchema }).strict()),
    /** Wall-clock time after closing during which an event may be reopened (DIGIT: 72 h). */
    reopenWindowMs: z.number().int().min(0),
    /** windowMs: the largest gap between two reports that may be duplicates; null: no limit (FixMyStreet). */
    duplicates: z.object({ radiusMetres: z.number().min(0).finite(), windowMs: z.number().int().min(0).nullable() }).strict(),
    /** Shares of a stage's limit used at which the event turns amber, then red. */
    flags: z
      .object({ amber: z.number().gt(0).max(1), red: z.number().gt(0).max(1) })
      .strict()
      .refine((flags) => flags.amber < flags.red, { message: 'amber must come before red', path: ['amber'] }),
    /** Command → roles allowed to issue it; a command not listed is open to every actor. */
    commandRoles: CommandRolesSchema,
  })
  .strict();
/** A city's rules for grid events: catalogue, stage limits, escalation, reopen window, duplicates, flags and command roles. */
export type EventPolicy = z.infer<typeof EventPolicySchema> & { readonly commandRoles: Partial<Record<EventCommandType, string[]>> };
/** An event policy with only the catalogue required; the rest falls back to {@link DEFAULT_EVENT_POLICY}. */
export type EventPolicyInput = Pick<EventPolicy, 'catalogue'> & Partial<Omit<EventPolicy, 'catalogue'>>;

/** Defaults after DIGIT (72 h reopen), FixMyStreet (250 m), Mark-a-Spot (30 days) and Fuzhou (1 working hour). */
export const DEFAULT_EVENT_POLICY: Omit<EventPolicy, 'catalogue'> = {
  stageLimits: { reported: { hours: 1 }, registered: { hours: 1 }, dispatched: { hours: 1 }, handled: { days: 1 } },
  escalation: [
    { to: 'community', limit: { days: 1 } },
    { to: 'street', limit: { days: 2 } },
    { to: 'district', limit: { days: 3 } },
  ],
  reopenWindowMs: 72 * HOUR_MS,
  duplicates: { radiusMetres: 250, windowMs: 30 * 24 * HOUR_MS },
  flags: { amber: 0.5, red: 0.8 },
  commandRoles: {
    register: ['supervisor', 'admin'],
    reject: ['supervisor', 'admin'],
    dispatch: ['dispatcher', 'admin'],
    close: ['supervisor', 'admin'],
    sendBack: ['supervisor', 'admin'],
    extend: ['supervisor', 'admin'],
    defer: ['supervisor', 'admin'],
    resume: ['supervisor', 'admin'],
    escalate: ['system', 'supervisor', 'admin'],
    flag: ['system', 'supervisor', 'admin'],
  },
};

const validated = new WeakSet<object>();

/**
 * Validates a policy (defaults fill what is left out) and freezes it, so it is checked once however
 * many events it rules. Throws VALIDATION_FAILED with the path of each bad field.
 */
export function createEventPolicy(input: EventPolicyInput): EventPolicy {
  const policy = freeze(parseWithSchema(EventPolicySchema, { ...DEFAULT_EVENT_POLICY, ...input }, 'Event policy') as EventPolicy, true);
  validated.add(policy);
  return policy;
}

/** The policy as is when createEventPolicy made it, else a validated, frozen copy (hand-built policies are checked on every call). */
export function checkedEventPolicy(policy: EventPolicy): EventPolicy {
  return validated.has(policy) ? policy : createEventPolicy(policy);
}

/** Per catalogue (frozen, so the index stays true): class code → subclass code → subclass. */
const subclassIndexes = new WeakMap<EventCatalogue, ReadonlyMap<string, ReadonlyMap<string, EventSubclass>>>();

/** The subclass of `category`, or undefined when the catalogue has none. */
export function findEventSubclass(policy: EventPolicy, category: GridEventCategory): EventSubclass | undefined {
  const catalogue = policy.catalogue;
  if (!Object.isFrozen(catalogue)) return catalogue.classes.find((c) => c.code === category.classCode)?.subclasses.find((s) => s.code === category.subclassCode);
  let index = subclassIndexes.get(catalogue);
  if (index === undefined) {
    // A sweep looks up one subclass per escalating event: a map, not a scan of every class and subclass.
    // Reversed so the first of a repeated code wins, as with find (a validated catalogue has none).
    index = new Map(catalogue.classes.toReversed().map((c) => [c.code, new Map(c.subclasses.toReversed().map((s) => [s.code, s]))]));
    subclassIndexes.set(catalogue, index);
  }
  return index.get(category.classCode)?.get(category.subclassCode);
}
