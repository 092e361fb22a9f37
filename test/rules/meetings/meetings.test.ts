import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, DEFAULT_AGENDA_CATEGORIES, type JointMeeting, MEETING_STATUSES, MEETING_TRANSITIONS, type MeetingTask, overdueTasks, taskReminders, validateJointMeeting } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';

/** The instant written in a zone `offsetMinutes` east of UTC (negative: west), e.g. 2020-07-12T19:00:00.000-05:00. */
function inZone(instant: number, offsetMinutes: number): string {
  const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const task = (id: string, due: string, done = false): MeetingTask => ({ id, meetingId: 'jm1', ownerUnitId: 'u1', due, progress: [], done });

describe('overdueTasks', () => {
  const at = new Date('2020-07-13T00:00:00Z');

  it('lists the tasks past due and not done; due exactly now is not yet overdue; west-of-UTC due dates compare as instants', () => {
    const tasks = [
      task('late', '2020-07-12T23:59:59.999Z'),
      task('done', '2020-07-01T00:00:00Z', true),
      task('now', '2020-07-13T00:00:00Z'),
      // 2020-07-12 19:30 in UTC-5 is 2020-07-13 00:30Z: not yet due, though its local date is the 12th.
      task('west', '2020-07-12T19:30:00-05:00'),
      task('west-late', '2020-07-12T18:30:00-05:00'),
    ];
    expect(overdueTasks(tasks, at).map((each) => each.id)).toEqual(['late', 'west-late']);
  });

  it('rejects bad input with paths', () => {
    const error = expectCivicGridError(() => overdueTasks([{ ...task('t', '2020-07-12'), progress: [{ at: 'x', note: '' }] }], new Date('nope')), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([['tasks', 0, 'due'], ['tasks', 0, 'progress', 0, 'at'], ['tasks', 0, 'progress', 0, 'note'], ['at']]),
    );
  });

  it('a task is overdue exactly when past due and not done, in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.array(fc.record({ delta: fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), zone: fc.integer({ min: -12 * 60, max: 14 * 60 }), done: fc.boolean() }), { maxLength: 12 }),
        (now, drafts) => {
          const tasks = drafts.map((draft, k) => task(`t${k}`, inZone(now + draft.delta, draft.zone), draft.done));
          const expected = drafts.flatMap((draft, k) => (draft.delta < 0 && !draft.done ? [`t${k}`] : []));
          expect(overdueTasks(tasks, new Date(now)).map((each) => each.id)).toEqual(expected);
        },
      ),
    );
  });
});

describe('validateJointMeeting', () => {
  const meeting: JointMeeting = {
    id: 'jm1',
    nodeId: 's1',
    heldAt: '2020-07-01T09:00:00+08:00',
    agenda: [
      { id: 'a1', title: '小区路灯维修', category: 'infrastructure' },
      { id: 'a2', title: '邻里纠纷调解', category: 'neighbour-relations' },
    ],
    status: 'scheduled',
    members: [{ unitId: 'school-1', liaison: { name: '王老师' } }],
    questions: [],
  };

  it("accepts the seed's five categories by default and a city's own list when given", () => {
    expect(DEFAULT_AGENDA_CATEGORIES).toHaveLength(5);
    expect(validateJointMeeting(meeting)).toEqual(meeting);
    const own = { ...meeting, agenda: [{ id: 'a1', title: '垃圾分类', category: 'environment' }] };
    expect(validateJointMeeting(own, { categories: ['environment'] })).toEqual(own);
  });

  it('rejects unknown categories and duplicate agenda items with paths', () => {
    const error = expectCivicGridError(() => validateJointMeeting({ ...meeting, agenda: [...meeting.agenda, { id: 'a1', title: 'x', category: 'environment' }] }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['meeting', 'agenda', 2, 'id'],
      ['meeting', 'agenda', 2, 'category'],
    ]);
    expectCivicGridError(() => validateJointMeeting({ ...meeting, heldAt: '2020-07-01' }), 'VALIDATION_FAILED');
    expectCivicGridError(() => validateJointMeeting(meeting, { categories: [] }), 'VALIDATION_FAILED');
  });

  it('rejects a unit named twice among the members', () => {
    const twice = { ...meeting, members: [...meeting.members, { unitId: 'school-1', liaison: { name: '李' } }] };
    expect(expectCivicGridError(() => validateJointMeeting(twice), 'VALIDATION_FAILED').issues.map((issue) => issue.path)).toEqual([['meeting', 'members', 1, 'unitId']]);
  });
});

describe('meeting transitions', () => {
  it('cover every status: the agenda goes out before the meeting is held, and only a meeting not yet held is called off', () => {
    expect(Object.keys(MEETING_TRANSITIONS).sort()).toEqual([...MEETING_STATUSES].sort());
    expect(canTransition(MEETING_TRANSITIONS, 'scheduled', 'held')).toBe(false);
    expect(canTransition(MEETING_TRANSITIONS, 'circulated', 'held')).toBe(true);
    expect(canTransition(MEETING_TRANSITIONS, 'held', 'cancelled')).toBe(false);
  });
});

describe('taskReminders', () => {
  const at = new Date('2020-07-13T00:00:00Z');

  it('reminds of tasks due within the window and of overdue ones, saying whether the cause and remedy are still owed', () => {
    const explained: MeetingTask = { ...task('explained', '2020-07-10T00:00:00Z'), progress: [{ at: '2020-07-11T00:00:00Z', note: '推进中', cause: '资金未到位', remedy: '追加投入' }] };
    // A report before the due instant explains nothing about the delay.
    const early: MeetingTask = { ...task('early', '2020-07-10T00:00:00Z'), progress: [{ at: '2020-07-09T00:00:00Z', note: 'x', cause: 'c', remedy: 'r' }] };
    const tasks = [task('soon', '2020-07-15T23:59:59Z'), task('later', '2020-07-16T00:00:01Z'), task('done', '2020-07-01T00:00:00Z', true), explained, early, task('now', '2020-07-13T00:00:00Z')];
    expect(taskReminders(tasks, at).map((reminder) => [reminder.taskId, reminder.kind, reminder.owesCauseAndRemedy])).toEqual([
      ['soon', 'due-soon', false],
      ['explained', 'overdue', false],
      ['early', 'overdue', true],
      ['now', 'due-soon', false],
    ]);
    expect(taskReminders(tasks, at, { dueSoonHours: 0 }).map((reminder) => reminder.taskId)).toEqual(['explained', 'early', 'now']);
  });

  it('overdue reminders are exactly overdueTasks, and due-soon ones exactly the open tasks due within the window, in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.integer({ min: 0, max: 96 }),
        fc.array(fc.record({ delta: fc.integer({ min: -5 * 86_400_000, max: 5 * 86_400_000 }), zone: fc.integer({ min: -12 * 60, max: 14 * 60 }), done: fc.boolean() }), { maxLength: 12 }),
        (now, hours, drafts) => {
          const tasks = drafts.map((draft, k) => task(`t${k}`, inZone(now + draft.delta, draft.zone), draft.done));
          const reminders = taskReminders(tasks, new Date(now), { dueSoonHours: hours });
          expect(reminders.filter((reminder) => reminder.kind === 'overdue').map((reminder) => reminder.taskId)).toEqual(overdueTasks(tasks, new Date(now)).map((each) => each.id));
          const soon = drafts.flatMap((draft, k) => (!draft.done && draft.delta >= 0 && draft.delta <= hours * 3_600_000 ? [`t${k}`] : []));
          expect(reminders.filter((reminder) => reminder.kind === 'due-soon').map((reminder) => reminder.taskId)).toEqual(soon);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects bad input with paths', () => {
    expect(expectCivicGridError(() => taskReminders([], at, { dueSoonHours: -1 }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['options', 'dueSoonHours']);
    expect(expectCivicGridError(() => taskReminders([task('t', 'soon')], at), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['tasks', 0, 'due']);
    expect(expectCivicGridError(() => taskReminders([], new Date('x')), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['at']);
  });
});
