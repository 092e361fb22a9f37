import { CivicGridError } from '../../errors/civic-grid-error.js';
import type { ClaimStatus } from '../../model/claim.js';
import type { NeedStatus } from '../../model/need.js';
import type { ProjectStatus } from '../../model/project.js';

/** Allowed next statuses; a status missing from a list cannot be reached from that one. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** The status changes a need may make; closed statuses allow none. */
export const NEED_TRANSITIONS: TransitionTable<NeedStatus> = {
  submitted: ['verified', 'rejected', 'withdrawn'],
  verified: ['published', 'rejected', 'withdrawn'],
  published: ['claimed', 'withdrawn', 'expired'],
  // Back to published when its claim is cancelled.
  claimed: ['in-progress', 'published', 'withdrawn'],
  'in-progress': ['fulfilled', 'published'],
  fulfilled: ['confirmed'],
  confirmed: [],
  rejected: [],
  withdrawn: [],
  expired: [],
};

/** The status changes a claim may make. */
export const CLAIM_TRANSITIONS: TransitionTable<ClaimStatus> = {
  proposed: ['accepted', 'cancelled'],
  accepted: ['fulfilled', 'cancelled'],
  fulfilled: [],
  cancelled: [],
};

/** The status changes a co-construction project may make. */
export const PROJECT_TRANSITIONS: TransitionTable<ProjectStatus> = {
  signed: ['active', 'terminated'],
  active: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};

/** True when `table` allows a record to go from status `from` to `to`. */
export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from]?.includes(to) ?? false;
}

/** Throws INVALID_TRANSITION naming the record, both statuses and what is allowed instead. */
export function assertTransition<S extends string>(table: TransitionTable<S>, subject: string, id: string, from: S, to: S): void {
  if (canTransition(table, from, to)) return;
  const allowed = table[from] ?? [];
  const instead = allowed.length === 0 ? `${from} is final` : `from ${from} only ${allowed.join(', ')}`;
  throw new CivicGridError('INVALID_TRANSITION', `${subject} "${id}" cannot go from ${from} to ${to}: ${instead}`, {
    issues: [{ path: ['status'], message: `${from} → ${to} is not allowed (${instead})` }],
  });
}
