import type { MeetingStatus } from '../../model/joint-meeting.js';
import type { TransitionTable } from '../claiming/transitions.js';

/** The agenda goes out before the meeting is held; a meeting not yet held may be called off. */
export const MEETING_TRANSITIONS: TransitionTable<MeetingStatus> = {
  scheduled: ['circulated', 'cancelled'],
  circulated: ['held', 'cancelled'],
  held: [],
  cancelled: [],
};
