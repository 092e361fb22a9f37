import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import type { JointMeeting, MeetingStatus } from '../../model/joint-meeting.js';
import { JOINT_MEETING_RULES, MeetingRulesSchema } from '../../model/meeting-rules.js';
import { assertTransition } from '../../rules/claiming/transitions.js';
import { MEETING_TRANSITIONS } from '../../rules/meetings/meeting-transitions.js';
import { changeRecord, OperationActorSchema } from '../change-record.js';
import type { MeetingStore } from './meeting-store.js';

const DAY_MS = 86_400_000;

const CirculateAgendaSchema = z.object({ meetingId: z.string().min(1), at: z.date(), actor: OperationActorSchema, rules: MeetingRulesSchema.optional() }).strict();
/** The input for circulating a meeting agenda. */
export type CirculateAgendaInput = z.input<typeof CirculateAgendaSchema>;

/** Sends the agenda to the member units; VALIDATION_FAILED (at `at`) when fewer than the charter's notice days are left. */
export async function circulateAgenda(store: MeetingStore, input: CirculateAgendaInput): Promise<StoredRecord<JointMeeting>> {
  const { meetingId, at, actor, rules = JOINT_MEETING_RULES } = parseWithSchema(CirculateAgendaSchema, input, 'circulateAgenda');
  return changeRecord(store, actor, 'jointMeeting', meetingId, ({ data }) => {
    assertMeetingStep(data, 'circulated');
    const latest = Date.parse(data.heldAt) - rules.agendaNoticeDays * DAY_MS;
    if (at.getTime() > latest) {
      throw CivicGridError.validation('circulateAgenda', [{ path: ['at'], message: `the agenda goes out at least ${rules.agendaNoticeDays} days before the meeting (${data.heldAt}): by ${new Date(latest).toISOString()}` }]);
    }
    return { status: 'circulated' as const, circulatedAt: at.toISOString() };
  });
}

const CancelMeetingSchema = z.object({ meetingId: z.string().min(1), actor: OperationActorSchema }).strict();

/** Calls off a meeting not yet held. */
export async function cancelMeeting(store: MeetingStore, input: z.input<typeof CancelMeetingSchema>): Promise<StoredRecord<JointMeeting>> {
  const { meetingId, actor } = parseWithSchema(CancelMeetingSchema, input, 'cancelMeeting');
  return changeRecord(store, actor, 'jointMeeting', meetingId, ({ data }) => {
    assertMeetingStep(data, 'cancelled');
    return { status: 'cancelled' as const };
  });
}

const AskQuestionSchema = z
  .object({ meetingId: z.string().min(1), question: z.object({ id: NodeIdSchema, fromUnitId: NodeIdSchema, text: z.string().min(1) }).strict(), at: z.date(), actor: OperationActorSchema })
  .strict();
/** The input for asking a meeting question. */
export type AskMeetingQuestionInput = z.input<typeof AskQuestionSchema>;

/** A member unit puts a question (质询) to a meeting not yet held; it must be answered before the meeting is held. */
export async function askMeetingQuestion(store: MeetingStore, input: AskMeetingQuestionInput): Promise<StoredRecord<JointMeeting>> {
  const { meetingId, question, at, actor } = parseWithSchema(AskQuestionSchema, input, 'askMeetingQuestion');
  return changeRecord(store, actor, 'jointMeeting', meetingId, ({ data }) => {
    assertOpen(data, 'askMeetingQuestion');
    if (!data.members.some((member) => member.unitId === question.fromUnitId)) {
      throw CivicGridError.validation('askMeetingQuestion', [{ path: ['question', 'fromUnitId'], message: `unit "${question.fromUnitId}" is not a member of meeting "${meetingId}"` }]);
    }
    if (data.questions.some((asked) => asked.id === question.id)) {
      throw new CivicGridError('CONFLICT', `Meeting "${meetingId}" already has a question "${question.id}"`, { issues: [{ path: ['question', 'id'], message: 'is taken' }] });
    }
    return { questions: [...data.questions, { ...question, askedAt: at.toISOString() }] };
  });
}

const AnswerQuestionSchema = z.object({ meetingId: z.string().min(1), questionId: z.string().min(1), answer: z.string().min(1), at: z.date(), actor: OperationActorSchema }).strict();
/** The input for answering a meeting question. */
export type AnswerMeetingQuestionInput = z.input<typeof AnswerQuestionSchema>;

/** Answers a question; NOT_FOUND for an unknown question, CONFLICT when it is already answered. */
export async function answerMeetingQuestion(store: MeetingStore, input: AnswerMeetingQuestionInput): Promise<StoredRecord<JointMeeting>> {
  const { meetingId, questionId, answer, at, actor } = parseWithSchema(AnswerQuestionSchema, input, 'answerMeetingQuestion');
  return changeRecord(store, actor, 'jointMeeting', meetingId, ({ data }) => {
    assertOpen(data, 'answerMeetingQuestion');
    const question = data.questions.find((asked) => asked.id === questionId);
    if (question === undefined) throw new CivicGridError('NOT_FOUND', `Meeting "${meetingId}" has no question "${questionId}"`, { issues: [{ path: ['questionId'], message: 'no such question' }] });
    if (question.answer !== undefined) throw new CivicGridError('CONFLICT', `Question "${questionId}" of meeting "${meetingId}" is already answered`, { issues: [{ path: ['questionId'], message: 'already answered' }] });
    return { questions: data.questions.map((asked) => (asked.id === questionId ? { ...asked, answer: { text: answer, at: at.toISOString() } } : asked)) };
  });
}

/** INVALID_TRANSITION when the meeting cannot take the step to `to`. */
export function assertMeetingStep(meeting: JointMeeting, to: MeetingStatus): void {
  assertTransition(MEETING_TRANSITIONS, 'joint meeting', meeting.id, meeting.status, to);
}

/** Questions are put and answered before the meeting is held or called off. */
function assertOpen(meeting: JointMeeting, subject: string): void {
  if (meeting.status === 'scheduled' || meeting.status === 'circulated') return;
  throw new CivicGridError('INVALID_TRANSITION', `${subject}: joint meeting "${meeting.id}" is ${meeting.status}`, { issues: [{ path: ['meetingId'], message: `is ${meeting.status}, not scheduled or circulated` }] });
}
