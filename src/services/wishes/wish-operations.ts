import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { isCivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { OPEN_WISH_STATUSES, type Wish } from '../../model/wish.js';
import { collectWishRecord, WishIntakeSchema } from '../../rules/wishes/collect-wish.js';
import { transitionWish } from '../../rules/wishes/transition-wish.js';
import { WishCommandSchema, type WishCommand, type WishCommandType } from '../../rules/wishes/wish-command.js';
import { checkedWishPolicy, type WishPolicy } from '../../rules/wishes/wish-policy.js';
import { queryAll } from '../query-all.js';
import type { WishStore } from './wish-store.js';

const OperationContextSchema = z.object({
  /** Who acts: recorded in the audit log. */
  actor: z.string().min(1),
  at: z.date(),
  // Validated by checkedWishPolicy: here only its shape.
  policy: z.custom<WishPolicy>((value) => typeof value === 'object' && value !== null, 'must be a wish policy'),
});

const CollectWishSchema = OperationContextSchema.extend({
  intake: WishIntakeSchema,
  /** Where the wish is stored, root first (usually `hierarchy.pathOf(intake.locationId)`). */
  scope: z.array(z.string().min(1)).min(1),
}).strict();
/** The input for collecting a wish. */
export type CollectWishInput = z.input<typeof CollectWishSchema>;

const ApplyWishCommandSchema = OperationContextSchema.extend({ wishId: z.string().min(1), command: WishCommandSchema }).strict();
/** The input for applying a wish command. */
export type ApplyWishCommandInput = z.input<typeof ApplyWishCommandSchema>;

/**
 * A transaction that lost a race (VERSION_CONFLICT, or CONFLICT on the household record both tried to
 * create) is run again on what the winner wrote: a wish that still has room takes the second claimant, a
 * full one refuses it with CONFLICT naming the holders, a household that now has an open wish is refused.
 * Each retry follows someone else's commit, so this bounds the attempts, not the waiting.
 */
const ATTEMPTS = 8;

/** 征集: stores a new wish in the collected stage, audited as `actor`; CONFLICT when its id is taken. */
export async function collectWish(store: WishStore, input: CollectWishInput): Promise<StoredRecord<Wish>> {
  const { intake, scope, actor, at, policy } = parseWithSchema(CollectWishSchema, input, 'collectWish');
  const wish = collectWishRecord(intake, { at, policy: checkedWishPolicy(policy) });
  return store.as(actor).insert('wish', wish, { scope });
}

/**
 * Applies one command to a stored wish atomically: one transaction reads it, runs the pure
 * `transitionWish` and writes the result under the version guard, audited as `actor`. A verify under
 * `oneOpenWishPerHousehold` reads the household's open wishes in the same transaction and bumps the
 * household's record, so of two wishes of one household verified at once only one passes.
 * Throws NOT_FOUND, VALIDATION_FAILED (the city's rules, with the field), INVALID_TRANSITION, CONFLICT
 * (a full wish) or, after repeated lost races, VERSION_CONFLICT; nothing is written then.
 */
export async function applyWishCommand(store: WishStore, input: ApplyWishCommandInput): Promise<StoredRecord<Wish>> {
  const { wishId, command, actor, at, policy: policyInput } = parseWithSchema(ApplyWishCommandSchema, input, 'applyWishCommand');
  const policy = checkedWishPolicy(policyInput);
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.as(actor).transaction(async (tx) => {
        const record = await tx.getOrThrow('wish', wishId);
        const holdsHousehold = command.type === 'verify' && record.data.status === 'collected' && policy.oneOpenWishPerHousehold;
        const openWishesOfHousehold = holdsHousehold ? await holdHousehold(tx, record) : undefined;
        const next = transitionWish(record.data, command, { at, policy, ...(openWishesOfHousehold === undefined ? {} : { openWishesOfHousehold }) });
        return tx.update('wish', wishId, next, { expectedVersion: record.version });
      });
    } catch (error) {
      const lostRace = isCivicGridError(error, 'VERSION_CONFLICT') || (command.type === 'verify' && isCivicGridError(error, 'CONFLICT'));
      if (!lostRace || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * Inside a transaction: the ids of the household's open wishes. The household record is read first and
 * bumped (or created) last under its version, so a rival verification that committed in between makes
 * this one fail rather than miss the rival's wish.
 */
async function holdHousehold(tx: WishStore, record: StoredRecord<Wish>): Promise<string[]> {
  const { householdId } = record.data;
  const held = await tx.get('wishHousehold', householdId);
  const open = await queryAll(tx, 'wish', { scope: [], where: { householdId, status: [...OPEN_WISH_STATUSES] } });
  if (held === null) await tx.insert('wishHousehold', { id: householdId, householdId }, { scope: record.scope });
  else await tx.update('wishHousehold', householdId, {}, { expectedVersion: held.version });
  return open.map((wish) => wish.id);
}

/** A named operation's input: the command's fields without its type. */
export type WishOperationInput<T extends WishCommandType> = Omit<ApplyWishCommandInput, 'command'> & Omit<Extract<WishCommand, { type: T }>, 'type'>;

const CONTEXT_KEYS = new Set(['wishId', 'actor', 'at', 'policy']);

function wishOperation<T extends WishCommandType>(type: T): (store: WishStore, input: WishOperationInput<T>) => Promise<StoredRecord<Wish>> {
  return (store, input) => {
    if (typeof input !== 'object' || input === null) return applyWishCommand(store, input as never);
    const entries = Object.entries(input);
    const context = Object.fromEntries(entries.filter(([key]) => CONTEXT_KEYS.has(key)));
    const fields = Object.fromEntries(entries.filter(([key]) => !CONTEXT_KEYS.has(key)));
    return applyWishCommand(store, { ...context, command: { ...fields, type } } as ApplyWishCommandInput);
  };
}

/** 审核: checks the policy (cap, category, claimant limit, one open wish per household). */
export const verifyWish = wishOperation('verify');
/** Refused at verification, with a reason. */
export const rejectWish = wishOperation('reject');
/** 公示. */
export const publishWish = wishOperation('publish');
/** 认领 by a member or a unit; of rivals for the last place exactly one wins, the other gets CONFLICT naming the holders. */
export const claimWish = wishOperation('claim');
/** 兑现: delivered. */
export const fulfilWish = wishOperation('fulfil');
/** 回访评价: the resident's rating and comment. */
export const giveWishFeedback = wishOperation('giveFeedback');
/** Withdraws a wish. */
export const withdrawWish = wishOperation('withdraw');
