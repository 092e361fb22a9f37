import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { fenOfYuan, type Wish, WishSchema, type WishStatus } from '../../model/wish.js';
import { WishCommandSchema, type WishCommand, type WishCommandType } from './wish-command.js';
import { checkedWishPolicy, type WishPolicy } from './wish-policy.js';

/** The context for a wish transition. */
export interface WishContext {
  at: Date;
  policy: WishPolicy;
  /**
   * For verify under `oneOpenWishPerHousehold`: the ids of the household's open wishes (verified,
   * published or claimed), read by the caller; the store operations read them in their transaction.
   */
  openWishesOfHousehold?: readonly string[];
}

/** Statuses from which each command may be issued. */
const COMMAND_FROM: Readonly<Record<WishCommandType, readonly WishStatus[]>> = {
  verify: ['collected'],
  reject: ['collected'],
  publish: ['verified'],
  // From claimed too: a further member, while the wish has room.
  claim: ['published', 'claimed'],
  fulfil: ['claimed'],
  giveFeedback: ['fulfilled'],
  withdraw: ['collected', 'verified', 'published', 'claimed'],
};

/** The commands a wish in `status` accepts. */
export function allowedWishCommands(status: WishStatus): WishCommandType[] {
  return (Object.keys(COMMAND_FROM) as WishCommandType[]).filter((type) => COMMAND_FROM[type].includes(status));
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown, path: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw CivicGridError.validation(`Wish ${path}`, zodIssuesToIssues(result.error, [path]), result.error);
  return result.data;
}

function validAt(at: unknown): Date {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw CivicGridError.validation('Wish transition', [{ path: ['at'], message: 'must be a valid Date' }]);
  return at;
}

/**
 * The city's rules a wish must meet to be verified, as issues (empty: it passes): its category, its value
 * against the cap, its claimant limit, and (under oneOpenWishPerHousehold) no other open wish of its household.
 */
export function wishPolicyIssues(wish: Wish, policy: WishPolicy, openWishesOfHousehold?: readonly string[]): Issue[] {
  const issues: Issue[] = [];
  if (!policy.categories.includes(wish.category)) issues.push({ path: ['wish', 'category'], message: `"${wish.category}" is not a category of policy ${policy.id} (${policy.categories.join(', ')})` });
  if ((fenOfYuan(wish.valueYuan) as number) > (fenOfYuan(policy.valueCapYuan) as number)) {
    issues.push({ path: ['wish', 'valueYuan'], message: `¥${wish.valueYuan} is over the cap of ¥${policy.valueCapYuan} (policy ${policy.id})` });
  }
  if (wish.claimantLimit > policy.maxClaimantLimit) issues.push({ path: ['wish', 'claimantLimit'], message: `${wish.claimantLimit} claimants is over the limit of ${policy.maxClaimantLimit} (policy ${policy.id})` });
  if (policy.oneOpenWishPerHousehold) {
    if (openWishesOfHousehold === undefined) issues.push({ path: ['openWishesOfHousehold'], message: 'needed to check one open wish per household' });
    else {
      const others = openWishesOfHousehold.filter((id) => id !== wish.id);
      if (others.length > 0) issues.push({ path: ['wish', 'householdId'], message: `the household already has an open wish (${others.join(', ')}): one open wish per household (policy ${policy.id})` });
    }
  }
  return issues;
}

/**
 * Applies one command to a wish: pure, no clock (the time is `context.at`). Throws VALIDATION_FAILED (bad
 * wish or command, a time before the last stage, or a verify the city's rules refuse: see wishPolicyIssues),
 * INVALID_TRANSITION naming the commands allowed instead, or CONFLICT for a claim on a wish that is full
 * or already held by that claimant.
 */
export function transitionWish(wishInput: Wish, commandInput: WishCommand, context: WishContext): Wish {
  const wish = parseInput(WishSchema, wishInput, 'wish');
  const command = parseInput(WishCommandSchema, commandInput, 'command');
  const at = validAt(context.at);
  const policy = checkedWishPolicy(context.policy);
  const last = lastStageAt(wish);
  if (at.getTime() < Date.parse(last)) throw CivicGridError.validation('Wish transition', [{ path: ['at'], message: `is before the wish's last stage (${last})` }]);
  if (!COMMAND_FROM[command.type].includes(wish.status)) {
    const allowed = allowedWishCommands(wish.status);
    const instead = allowed.length === 0 ? `${wish.status} is final` : `allowed from ${wish.status}: ${allowed.join(', ')}`;
    throw new CivicGridError('INVALID_TRANSITION', `Wish "${wish.id}": cannot ${command.type} a ${wish.status} wish (${instead})`, {
      issues: [{ path: ['command', 'type'], message: `not from ${wish.status} (${instead})` }],
    });
  }
  const atIso = at.toISOString();
  switch (command.type) {
    case 'verify': {
      const issues = wishPolicyIssues(wish, policy, context.openWishesOfHousehold);
      if (issues.length > 0) throw CivicGridError.validation(`Wish "${wish.id}" cannot be verified`, issues);
      return { ...wish, status: 'verified', verifiedAt: atIso };
    }
    case 'reject':
      return { ...wish, status: 'rejected', closedAt: atIso, closingReason: command.reason };
    case 'publish':
      return { ...wish, status: 'published', publishedAt: atIso };
    case 'claim': {
      const { claimant } = command;
      if (claimant.kind === 'unit' && !policy.unitsMayClaim) throw CivicGridError.validation('Wish claim', [{ path: ['command', 'claimant', 'kind'], message: `units may not claim wishes under policy ${policy.id}` }]);
      const holders = wish.claimants.map((held) => `${held.kind} "${held.id}"`).join(', ');
      const refuse = (why: string): CivicGridError =>
        new CivicGridError('CONFLICT', `Wish "${wish.id}" ${why}`, { issues: [{ path: ['command', 'claimant'], message: `${why} (claimed by ${holders})` }] });
      if (wish.claimants.some((held) => held.kind === claimant.kind && held.id === claimant.id)) throw refuse(`is already claimed by ${claimant.kind} "${claimant.id}"`);
      if (wish.claimants.some((held) => held.kind === 'unit')) throw refuse('is claimed by a unit, which takes it alone');
      if (claimant.kind === 'unit' && wish.claimants.length > 0) throw refuse('has member claimants: a unit claims a wish alone');
      if (wish.claimants.length >= wish.claimantLimit) throw refuse(`is full: ${wish.claimantLimit} claimant${wish.claimantLimit === 1 ? '' : 's'} allowed`);
      const claimants = [...wish.claimants, { ...claimant, at: atIso }];
      return wish.status === 'published' ? { ...wish, status: 'claimed', claimedAt: atIso, claimants } : { ...wish, claimants };
    }
    case 'fulfil':
      return { ...wish, status: 'fulfilled', fulfilledAt: atIso };
    case 'giveFeedback':
      return { ...wish, status: 'feedbackGiven', feedbackAt: atIso, feedback: command.feedback };
    case 'withdraw':
      return { ...wish, status: 'withdrawn', closedAt: atIso, closingReason: command.reason };
  }
}

/** When the wish last changed stage (or took a claimant). */
function lastStageAt(wish: Wish): string {
  const times = [wish.collectedAt, wish.verifiedAt, wish.publishedAt, wish.fulfilledAt, wish.feedbackAt, wish.closedAt, ...wish.claimants.map((claimant) => claimant.at)];
  return times.reduce<string>((latest, time) => (time !== undefined && Date.parse(time) > Date.parse(latest) ? time : latest), wish.collectedAt);
}
