import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import {
  answerMeetingQuestion,
  askMeetingQuestion,
  cancelMeeting,
  circulateAgenda,
  flagOverdueTasks,
  holdMeeting,
  reportTaskProgress,
  scheduleMeeting,
} from '../../../src/index.js';
import { expectCivicGridErrorAsync } from '../../support/expect-error.js';
import { COMMUNITY, HELD_AT, HOSPITAL, partyBuildingStore, SCHOOL, scheduleStreetMeeting, snapshot, STREET, type PartyBuildingStore } from './party-building-fixtures.js';

const beijing = (local: string) => new Date(`${local}+08:00`);
const fresh = () => partyBuildingStore(createMemoryAdapter());

/** A meeting circulated 5 days ahead, a question asked and answered, held with one resolution and one task due 31 July. */
async function heldMeeting(store: PartyBuildingStore) {
  await scheduleStreetMeeting(store);
  await circulateAgenda(store, { meetingId: 'jm/1', at: beijing('2020-07-05T10:00:00'), actor: 'clerk' });
  await askMeetingQuestion(store, { meetingId: 'jm/1', question: { id: 'q1', fromUnitId: HOSPITAL, text: '路灯为何拖了两个月？' }, at: beijing('2020-07-08T10:00:00'), actor: 'hospital-liaison' });
  await answerMeetingQuestion(store, { meetingId: 'jm/1', questionId: 'q1', answer: '资金已到位，月底完工', at: beijing('2020-07-10T09:30:00'), actor: 'street-secretary' });
  return holdMeeting(store, {
    meetingId: 'jm/1',
    minutes: '议定路灯维修由学校牵头',
    resolutions: [{ id: 'r1', agendaItemId: 'a1', decision: '月底前修复' }],
    tasks: [{ id: 't/1', agendaItemId: 'a1', ownerUnitId: SCHOOL, due: '2020-07-31T18:00:00+08:00' }],
    actor: 'street-secretary',
  });
}

describe('joint meetings on a store', () => {
  it('schedules, circulates, takes and answers a question, and holds a meeting with its resolutions and tasks, each step audited', async () => {
    const store = fresh();
    const held = await heldMeeting(store);
    expect(held.meeting.data).toMatchObject({ status: 'held', minutes: '议定路灯维修由学校牵头', circulatedAt: '2020-07-05T02:00:00.000Z' });
    expect(held.meeting.data.questions[0]?.answer?.text).toBe('资金已到位，月底完工');
    expect(held.resolutions.map((record) => [record.data.category, record.data.settledAt, record.scope])).toEqual([['infrastructure', HELD_AT, STREET]]);
    expect(held.tasks.map((record) => record.data)).toEqual([{ id: 't/1', meetingId: 'jm/1', agendaItemId: 'a1', ownerUnitId: SCHOOL, due: '2020-07-31T18:00:00+08:00', progress: [], done: false }]);
    const audit = await store.readAudit({ limit: 100 });
    expect(audit.map((entry) => [entry.kind, entry.op, entry.actor])).toEqual([
      ['jointMeeting', 'insert', 'street-secretary'],
      ['jointMeeting', 'update', 'clerk'],
      ['jointMeeting', 'update', 'hospital-liaison'],
      ['jointMeeting', 'update', 'street-secretary'],
      ['jointMeeting', 'update', 'street-secretary'],
      ['meetingResolution', 'insert', 'street-secretary'],
      ['meetingTask', 'insert', 'street-secretary'],
    ]);
  });

  it('refuses an agenda circulated later than the notice days, a meeting held over an unanswered question or without minutes, and steps out of order; storage unchanged', async () => {
    const store = fresh();
    await scheduleStreetMeeting(store);
    let before = await snapshot(store);
    const late = await expectCivicGridErrorAsync(() => circulateAgenda(store, { meetingId: 'jm/1', at: beijing('2020-07-08T09:00:01'), actor: 'clerk' }), 'VALIDATION_FAILED');
    expect(late.issues.map((issue) => issue.path)).toEqual([['at']]);
    await expectCivicGridErrorAsync(() => holdMeeting(store, { meetingId: 'jm/1', minutes: 'x', resolutions: [], tasks: [], actor: 'a' }), 'INVALID_TRANSITION');
    expect(await snapshot(store)).toEqual(before);
    // Exactly the notice days ahead is in time; a charter asking 15 days would not be.
    await expectCivicGridErrorAsync(() => circulateAgenda(store, { meetingId: 'jm/1', at: beijing('2020-07-07T09:00:00'), actor: 'clerk', rules: { frequency: 'monthly', agendaNoticeDays: 15, minutesRequired: true } }), 'VALIDATION_FAILED');
    await circulateAgenda(store, { meetingId: 'jm/1', at: beijing('2020-07-07T09:00:00'), actor: 'clerk' });
    await askMeetingQuestion(store, { meetingId: 'jm/1', question: { id: 'q1', fromUnitId: SCHOOL, text: '为何？' }, at: beijing('2020-07-08T10:00:00'), actor: 'school' });
    before = await snapshot(store);
    const refused = await expectCivicGridErrorAsync(
      () =>
        holdMeeting(store, {
          meetingId: 'jm/1',
          resolutions: [
            { id: 'r1', agendaItemId: 'a9', decision: 'x' },
            { id: 'r2', agendaItemId: 'a1', decision: 'x' },
            { id: 'r3', agendaItemId: 'a1', decision: 'again' },
          ],
          tasks: [{ id: 't1', ownerUnitId: 'unit/stranger', due: '2020-08-01T00:00:00Z' }],
          actor: 'a',
        }),
      'VALIDATION_FAILED',
    );
    expect(refused.issues.map((issue) => issue.path)).toEqual([['minutes'], ['meetingId'], ['resolutions', 0, 'agendaItemId'], ['resolutions', 2, 'agendaItemId'], ['tasks', 0, 'ownerUnitId']]);
    // Held without minutes where the charter allows it: still refused while the question is open.
    await expectCivicGridErrorAsync(() => holdMeeting(store, { meetingId: 'jm/1', resolutions: [], tasks: [], actor: 'a', rules: { frequency: 'half-yearly', agendaNoticeDays: 3, minutesRequired: false } }), 'VALIDATION_FAILED');
    await expectCivicGridErrorAsync(() => askMeetingQuestion(store, { meetingId: 'jm/1', question: { id: 'q1', fromUnitId: SCHOOL, text: '再问' }, at: beijing('2020-07-08T11:00:00'), actor: 'school' }), 'CONFLICT');
    await expectCivicGridErrorAsync(() => askMeetingQuestion(store, { meetingId: 'jm/1', question: { id: 'q2', fromUnitId: 'unit/stranger', text: '?' }, at: beijing('2020-07-08T11:00:00'), actor: 'x' }), 'VALIDATION_FAILED');
    await expectCivicGridErrorAsync(() => answerMeetingQuestion(store, { meetingId: 'jm/1', questionId: 'q9', answer: 'x', at: beijing('2020-07-09T00:00:00'), actor: 'x' }), 'NOT_FOUND');
    expect(await snapshot(store)).toEqual(before);
    await answerMeetingQuestion(store, { meetingId: 'jm/1', questionId: 'q1', answer: '已说明', at: beijing('2020-07-09T00:00:00'), actor: 'x' });
    await expectCivicGridErrorAsync(() => answerMeetingQuestion(store, { meetingId: 'jm/1', questionId: 'q1', answer: 'again', at: beijing('2020-07-09T00:00:00'), actor: 'x' }), 'CONFLICT');
    await cancelMeeting(store, { meetingId: 'jm/1', actor: 'street-secretary' });
    await expectCivicGridErrorAsync(() => askMeetingQuestion(store, { meetingId: 'jm/1', question: { id: 'q3', fromUnitId: SCHOOL, text: '?' }, at: beijing('2020-07-09T00:00:00'), actor: 'x' }), 'INVALID_TRANSITION');
    await expectCivicGridErrorAsync(() => cancelMeeting(store, { meetingId: 'jm/1', actor: 'street-secretary' }), 'INVALID_TRANSITION');
  });

  it('an overdue task must report cause and remedy; flagOverdueTasks marks it once, and a done task takes no more reports', async () => {
    const store = fresh();
    await heldMeeting(store);
    await reportTaskProgress(store, { taskId: 't/1', at: beijing('2020-07-20T09:00:00'), note: '材料已采购', actor: 'school' });
    expect(await flagOverdueTasks(store, { at: beijing('2020-07-31T18:00:00') })).toEqual([]);
    const after = beijing('2020-07-31T18:00:00.001');
    const before = await snapshot(store);
    const refused = await expectCivicGridErrorAsync(() => reportTaskProgress(store, { taskId: 't/1', at: after, note: '推进中', actor: 'school' }), 'VALIDATION_FAILED');
    expect(refused.issues.map((issue) => issue.path)).toEqual([['cause'], ['remedy']]);
    expect(await snapshot(store)).toEqual(before);
    const flagged = await flagOverdueTasks(store, { at: after, scope: STREET });
    expect(flagged.map((record) => record.data.overdueSince)).toEqual(['2020-07-31T18:00:00+08:00']);
    expect(await flagOverdueTasks(store, { at: after })).toEqual([]);
    const done = await reportTaskProgress(store, { taskId: 't/1', at: beijing('2020-08-03T09:00:00'), note: '已修复', cause: '灯杆缺货', remedy: '改用备用灯杆', done: true, actor: 'school' });
    expect(done.data).toMatchObject({ done: true, overdueSince: '2020-07-31T18:00:00+08:00' });
    expect(done.data.progress.map((report) => report.cause ?? null)).toEqual([null, '灯杆缺货']);
    await expectCivicGridErrorAsync(() => reportTaskProgress(store, { taskId: 't/1', at: beijing('2020-08-04T09:00:00'), note: 'x', actor: 'school' }), 'INVALID_TRANSITION');
  });

  it('refuses bad input to every operation with VALIDATION_FAILED and the path, writing nothing', async () => {
    const store = fresh();
    await scheduleStreetMeeting(store);
    const before = await snapshot(store);
    const cases: [() => Promise<unknown>, (string | number)[]][] = [
      [() => scheduleMeeting(store, { meeting: { id: 'jm/2', nodeId: 'c_1%', heldAt: HELD_AT, agenda: [], members: [{ unitId: SCHOOL, liaison: { name: '王' } }] }, scope: STREET, actor: 'a' }), ['scope']],
      [() => scheduleMeeting(store, { meeting: { id: 'jm/2', nodeId: 's1/a', heldAt: '2020-07-10', agenda: [], members: [{ unitId: SCHOOL, liaison: { name: '王' } }] }, scope: STREET, actor: 'a' }), ['meeting', 'heldAt']],
      [() => scheduleMeeting(store, { meeting: { id: 'jm/2', nodeId: 's1/a', heldAt: HELD_AT, agenda: [{ id: 'a1', title: 't', category: 'weather' }], members: [{ unitId: SCHOOL, liaison: { name: '王' } }] }, scope: STREET, actor: 'a' }), ['meeting', 'agenda', 0, 'category']],
      [() => scheduleMeeting(store, { meeting: { id: 'jm/2', nodeId: 's1/a', heldAt: HELD_AT, agenda: [], members: [] }, scope: STREET, actor: 'a' }), ['meeting', 'members']],
      [() => circulateAgenda(store, { meetingId: 'jm/1', at: new Date('x'), actor: 'a' }), ['at']],
      [() => circulateAgenda(store, { meetingId: 'jm/1', at: new Date(), actor: '' }), ['actor']],
      [() => cancelMeeting(store, { meetingId: '', actor: 'a' }), ['meetingId']],
      [() => askMeetingQuestion(store, { meetingId: 'jm/1', question: { id: 'q', fromUnitId: SCHOOL, text: '' }, at: new Date(), actor: 'a' }), ['question', 'text']],
      [() => answerMeetingQuestion(store, { meetingId: 'jm/1', questionId: 'q', answer: 'x', at: 'today' as never, actor: 'a' }), ['at']],
      [() => holdMeeting(store, { meetingId: 'jm/1', resolutions: 'none' as never, tasks: [], actor: 'a' }), ['resolutions']],
      [() => holdMeeting(store, { meetingId: 'jm/1', resolutions: [], tasks: [{ id: 't', ownerUnitId: SCHOOL, due: 'soon' }], actor: 'a' }), ['tasks', 0, 'due']],
      [() => reportTaskProgress(store, { taskId: 't', at: new Date(), note: '', actor: 'a' }), ['note']],
      [() => flagOverdueTasks(store, { at: new Date(), scope: [''] }), ['scope', 0]],
      [() => flagOverdueTasks(store, null as never), []],
    ];
    for (const [action, path] of cases) expect((await expectCivicGridErrorAsync(action, 'VALIDATION_FAILED')).issues[0]?.path).toEqual(path);
    await expectCivicGridErrorAsync(() => circulateAgenda(store, { meetingId: 'jm/none', at: new Date(), actor: 'a' }), 'NOT_FOUND');
    await expectCivicGridErrorAsync(() => scheduleStreetMeeting(store), 'CONFLICT');
    expect(await snapshot(store)).toEqual(before);
    // The community scope is a prefix-sharing sibling of nothing here, but must still end at the node.
    await scheduleMeeting(store, { meeting: { id: 'jm/1%', nodeId: 'c_1%', heldAt: HELD_AT, agenda: [], members: [{ unitId: SCHOOL, liaison: { name: '王' } }] }, scope: COMMUNITY, actor: 'a' });
  });
});
