import { CivicGridError } from '../../errors/civic-grid-error.js';
import type { PointRedemption, ServiceRecord } from '../../model/volunteer-activity.js';
import { type PointRuleTable, pointsForService } from './point-rules.js';

/** A member's points: earned by service, spent by redemption, and what is left. */
export interface PointsBalance {
  earned: number;
  redeemed: number;
  balance: number;
}

/** The balance of one member's service records and redemptions under a rule table. */
export function pointsBalance(records: readonly Pick<ServiceRecord, 'hours' | 'category' | 'tags'>[], redemptions: readonly Pick<PointRedemption, 'points'>[], table: PointRuleTable): PointsBalance {
  const earned = records.reduce((sum, record) => sum + pointsForService(record, table), 0);
  const redeemed = redemptions.reduce((sum, redemption) => sum + redemption.points, 0);
  return { earned, redeemed, balance: earned - redeemed };
}

/**
 * The balance after redeeming `points`: a whole number from 1 up to the balance. The ledger never goes
 * negative: redeeming more than the balance fails CONFLICT (path `points`) and changes nothing.
 */
export function redeemFromBalance(balance: PointsBalance, points: number): PointsBalance {
  if (!Number.isSafeInteger(points) || points < 1) {
    throw CivicGridError.validation('redeemPoints', [{ path: ['points'], message: `points must be a whole number ≥ 1, got ${String(points)}` }]);
  }
  if (points > balance.balance) {
    throw new CivicGridError('CONFLICT', `cannot redeem ${points} points: the balance is ${balance.balance}`, {
      issues: [{ path: ['points'], message: `exceeds the balance of ${balance.balance} (earned ${balance.earned}, redeemed ${balance.redeemed})` }],
    });
  }
  return { earned: balance.earned, redeemed: balance.redeemed + points, balance: balance.balance - points };
}
