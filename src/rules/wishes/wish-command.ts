import { z } from 'zod';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import { WISH_CLAIMANT_KINDS, WishFeedbackSchema } from '../../model/wish.js';

const Reason = z.string().min(1);

/** Everything that can happen to a collected wish; `transitionWish` applies one. */
export const WishCommandSchema = z.discriminatedUnion('type', [
  /** 审核: checks the city's rules (cap, categories, claimant limit, one open wish per household). */
  z.object({ type: z.literal('verify') }).strict(),
  /** Refused at verification, with a reason. */
  z.object({ type: z.literal('reject'), reason: Reason }).strict(),
  /** 公示: open for claiming. */
  z.object({ type: z.literal('publish') }).strict(),
  /** 认领 by a member (several members up to the wish's limit) or a unit (alone). */
  z.object({ type: z.literal('claim'), claimant: z.object({ kind: z.enum(WISH_CLAIMANT_KINDS), id: NodeIdSchema }).strict() }).strict(),
  /** 兑现: delivered. */
  z.object({ type: z.literal('fulfil') }).strict(),
  /** 回访评价. */
  z.object({ type: z.literal('giveFeedback'), feedback: WishFeedbackSchema }).strict(),
  /** The resident (or the community) withdraws it before delivery. */
  z.object({ type: z.literal('withdraw'), reason: Reason }).strict(),
]);
/** A command on a wish. */
export type WishCommand = z.infer<typeof WishCommandSchema>;
/** The type of a {@link WishCommand}. */
export type WishCommandType = WishCommand['type'];
