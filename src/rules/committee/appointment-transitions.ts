import type { AppointmentStatus } from '../../model/committee-member.js';
import type { TransitionTable } from '../claiming/transitions.js';

/** One step at a time; a candidate can be dropped until approved by the level above. */
export const APPOINTMENT_TRANSITIONS: TransitionTable<AppointmentStatus> = {
  recommended: ['screened', 'rejected'],
  screened: ['approved', 'rejected'],
  approved: ['appointed'],
  appointed: ['announced'],
  announced: [],
  rejected: [],
};
