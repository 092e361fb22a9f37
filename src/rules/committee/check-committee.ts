import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { COMMITTEE_RULES, type CommitteeMember, CommitteeMemberSchema, type CommitteeRules, CommitteeRulesSchema, SEATED_STATUSES } from '../../model/committee-member.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';

/** The committee rules {@link checkCommittee} can find broken. */
export const COMMITTEE_BREACH_CODES = ['too-few-members', 'too-many-members', 'too-few-part-time'] as const;
/** One of {@link COMMITTEE_BREACH_CODES}. */
export type CommitteeBreachCode = (typeof COMMITTEE_BREACH_CODES)[number];

/** A committee that breaks its rules: its seated and part-time counts and each rule broken. */
export interface CommitteeBreach {
  committeeId: string;
  /** Seated (appointed or announced) members. */
  seated: number;
  partTime: number;
  reasons: { code: CommitteeBreachCode; message: string }[];
}

/** Options of {@link checkCommittee}: the rules and committees to check even when empty. */
export interface CheckCommitteeOptions {
  /** Default COMMITTEE_RULES. */
  rules?: CommitteeRules;
  /** Committees to check even when no member names them (an empty committee breaks the minimum). */
  committeeIds?: readonly string[];
}

const InputSchema = z.object({
  members: z.array(CommitteeMemberSchema),
  options: z.object({ rules: CommitteeRulesSchema.optional(), committeeIds: z.array(NodeIdSchema).optional() }).strict().optional(),
});

/**
 * Checks every community party committee's size and part-time share (兼职委员), counting seated
 * members only: candidates still in appointment do not sit yet. Returns the committees that break
 * the rules, in order of first mention, each with every reason.
 */
export function checkCommittee(members: readonly CommitteeMember[], options: CheckCommitteeOptions = {}): CommitteeBreach[] {
  const parsed = parseWithSchema(InputSchema, { members, options }, 'checkCommittee');
  const rules = parsed.options?.rules ?? COMMITTEE_RULES;
  const issues: Issue[] = [];
  const ids = new Set<string>();
  parsed.members.forEach((member, k) => {
    if (ids.has(member.id)) issues.push({ path: ['members', k, 'id'], message: `duplicate committee member id "${member.id}"` });
    ids.add(member.id);
  });
  if (issues.length > 0) throw CivicGridError.validation('checkCommittee', issues);

  const tally = new Map<string, { seated: number; partTime: number }>();
  for (const committeeId of parsed.options?.committeeIds ?? []) tally.set(committeeId, { seated: 0, partTime: 0 });
  for (const member of parsed.members) {
    const counts = tally.get(member.committeeId) ?? { seated: 0, partTime: 0 };
    tally.set(member.committeeId, counts);
    if (!SEATED_STATUSES.includes(member.status)) continue;
    counts.seated++;
    if (member.tenure === 'part-time') counts.partTime++;
  }
  const breaches: CommitteeBreach[] = [];
  for (const [committeeId, { seated, partTime }] of tally) {
    const reasons = breachReasons(seated, partTime, rules);
    if (reasons.length > 0) breaches.push({ committeeId, seated, partTime, reasons });
  }
  return breaches;
}

function breachReasons(seated: number, partTime: number, rules: CommitteeRules): CommitteeBreach['reasons'] {
  const reasons: CommitteeBreach['reasons'] = [];
  if (seated < rules.minMembers) reasons.push({ code: 'too-few-members', message: `${seated} seated members, fewer than ${rules.minMembers}` });
  if (seated > rules.maxMembers) reasons.push({ code: 'too-many-members', message: `${seated} seated members, more than ${rules.maxMembers}` });
  // Integer comparison: partTime / seated < percent / 100 without rounding.
  if (partTime * 100 < rules.minPartTimePercent * seated) {
    reasons.push({ code: 'too-few-part-time', message: `${partTime} of ${seated} seated members part-time, under ${rules.minPartTimePercent}%` });
  }
  return reasons;
}
