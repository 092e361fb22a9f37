import type { Store } from '../../adapters/store.js';
import { CommitteeMemberSchema } from '../../model/committee-member.js';
import { APPOINTMENT_TRANSITIONS } from '../../rules/committee/appointment-transitions.js';

/** The kind the committee operations read and write; spread it into your store's kinds. */
export const COMMITTEE_KINDS = { committeeMember: CommitteeMemberSchema } as const;
/** The store kinds for committees. */
export type CommitteeKinds = typeof COMMITTEE_KINDS;
/** `createStore(adapter, { kinds: COMMITTEE_KINDS, transitions: COMMITTEE_STORE_TRANSITIONS })` refuses an appointment that skips a step. */
export const COMMITTEE_STORE_TRANSITIONS = { committeeMember: { table: APPOINTMENT_TRANSITIONS } } as const;
/** A store for committees. */
export type CommitteeStore = Store<CommitteeKinds>;
