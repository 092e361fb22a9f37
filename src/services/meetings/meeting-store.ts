import type { Store } from '../../adapters/store.js';
import { JointMeetingSchema } from '../../model/joint-meeting.js';
import { MeetingResolutionSchema } from '../../model/meeting-resolution.js';
import { MeetingTaskSchema } from '../../model/meeting-task.js';
import { MEETING_TRANSITIONS } from '../../rules/meetings/meeting-transitions.js';

/** The kinds the joint-meeting operations read and write; spread them into your store's kinds. */
export const MEETING_KINDS = { jointMeeting: JointMeetingSchema, meetingResolution: MeetingResolutionSchema, meetingTask: MeetingTaskSchema } as const;
/** The store kinds for joint meetings. */
export type MeetingKinds = typeof MEETING_KINDS;
/** `createStore(adapter, { kinds: MEETING_KINDS, transitions: MEETING_STORE_TRANSITIONS })` refuses a meeting that skips a step. */
export const MEETING_STORE_TRANSITIONS = { jointMeeting: { table: MEETING_TRANSITIONS } } as const;
/** A store for joint meetings. */
export type MeetingStore = Store<MeetingKinds>;
