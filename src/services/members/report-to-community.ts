import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { HalfYearSchema, type Registration } from '../../model/registration.js';
import { halfYearOf, isReportOnTime, ReportPolicySchema } from '../../rules/members/half-year-report.js';
import { MemberOperationContextSchema, type MemberStore } from './member-store.js';

const ReportToCommunitySchema = MemberOperationContextSchema.extend({
  memberId: z.string().min(1),
  policy: ReportPolicySchema,
  /** The half year reported for; by default the one `at` falls in (a late report names the half year it is late for). */
  halfYear: HalfYearSchema.optional(),
}).strict();

/** What `reportToCommunity` takes; `policy` comes from `reportPolicy()`. */
export type ReportToCommunityInput = z.input<typeof ReportToCommunitySchema>;

/**
 * A registered member's half-yearly report (每半年报到): appended to the registration, marked on time or
 * late against the policy's deadline (city calendar). NOT_FOUND before registering; VALIDATION_FAILED for
 * a half year that has not begun at `at`; CONFLICT for a second report in one half year. Atomic, under the
 * registration's version guard.
 */
export async function reportToCommunity(store: MemberStore, input: ReportToCommunityInput): Promise<StoredRecord<Registration>> {
  const { memberId, policy, actor, at, halfYear: given } = parseWithSchema(ReportToCommunitySchema, input, 'reportToCommunity');
  const current = halfYearOf(at, policy.timeZone);
  const halfYear = given ?? current;
  // YYYY-Hn sorts in time order as text.
  if (halfYear > current) throw CivicGridError.validation('reportToCommunity', [{ path: ['halfYear'], message: `${halfYear} has not begun at ${at.toISOString()} (${current})` }]);
  return store.as(actor).transaction(async (tx) => {
    const registration = await tx.getOrThrow('registration', memberId);
    if (at.getTime() < Date.parse(registration.data.registeredAt)) {
      throw CivicGridError.validation('reportToCommunity', [{ path: ['at'], message: `before the registration at ${registration.data.registeredAt}` }]);
    }
    if (registration.data.reports.some((report) => report.halfYear === halfYear)) {
      throw new CivicGridError('CONFLICT', `member "${memberId}" reported for ${halfYear} already`, { issues: [{ path: ['halfYear'], message: `${halfYear} is reported already` }] });
    }
    const reports = [...registration.data.reports, { halfYear, reportedAt: at.toISOString(), onTime: isReportOnTime(halfYear, at, policy) }];
    return tx.update('registration', memberId, { reports }, { expectedVersion: registration.version });
  });
}
