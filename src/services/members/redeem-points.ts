import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { PointRedemption } from '../../model/volunteer-activity.js';
import { PointRuleTableSchema } from '../../rules/members/point-rules.js';
import { pointsBalance, redeemFromBalance } from '../../rules/members/points-ledger.js';
import { queryAll } from '../query-all.js';
import { MemberOperationContextSchema, type MemberStore } from './member-store.js';

const RedeemPointsSchema = MemberOperationContextSchema.extend({
  redemptionId: z.string().min(1),
  memberId: z.string().min(1),
  points: z.number().int().min(1),
  item: z.string().min(1),
  /** The point rules, e.g. `pointRules('default')`. */
  rules: PointRuleTableSchema,
}).strict();

/** What `redeemPoints` takes. */
export type RedeemPointsInput = z.input<typeof RedeemPointsSchema>;

/**
 * Redeems points for goods or services (积分兑换): the balance is what the member's service records earn
 * under `rules` less what was redeemed; more than the balance fails CONFLICT (path `points`) and writes
 * nothing. The redemption bumps the member's version, so two redemptions racing for one balance serialise.
 */
export async function redeemPoints(store: MemberStore, input: RedeemPointsInput): Promise<{ redemption: StoredRecord<PointRedemption>; balance: number }> {
  const { redemptionId, memberId, points, item, rules, actor, at } = parseWithSchema(RedeemPointsSchema, input, 'redeemPoints');
  return store.as(actor).transaction(async (tx) => {
    const member = await tx.getOrThrow('member', memberId);
    const records = await queryAll(tx, 'serviceRecord', { scope: [], where: { memberId } });
    const redemptions = await queryAll(tx, 'pointRedemption', { scope: [], where: { memberId } });
    const after = redeemFromBalance(pointsBalance(records.map((record) => record.data), redemptions.map((redemption) => redemption.data), rules), points);
    const redemption = await tx.insert('pointRedemption', { id: redemptionId, memberId, points, item, redeemedAt: at.toISOString() }, { scope: member.scope });
    await tx.update('member', memberId, {}, { expectedVersion: member.version });
    return { redemption, balance: after.balance };
  });
}
