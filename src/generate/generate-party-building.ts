import { z } from 'zod';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import type { CommitteeMember } from '../model/committee-member.js';
import type { ContactPoint, Leader } from '../model/contact-point.js';
import type { ContactVisitRecord } from '../model/contact-visit-record.js';
import type { HierarchyNode } from '../model/hierarchy-node.js';
import { DEFAULT_AGENDA_CATEGORIES, type JointMeeting } from '../model/joint-meeting.js';
import type { MeetingResolution } from '../model/meeting-resolution.js';
import type { MeetingTask } from '../model/meeting-task.js';
import { type IncubationStage, type OrganisationType, type SocialOrganisation } from '../model/social-organisation.js';
import type { Unit } from '../model/unit.js';
import { type GeneratedCity, generateCity } from './generate-city.js';
import type { ScopedRecord } from './scoped-record.js';
import { SeededRandom } from './seeded-random.js';

/** Records per store kind, named as MEETING_KINDS, CONTACT_POINT_KINDS, COMMITTEE_KINDS and ORGANISATION_KINDS name them. */
export interface PartyBuildingRecords {
  jointMeeting: ScopedRecord<JointMeeting>[];
  meetingResolution: ScopedRecord<MeetingResolution>[];
  meetingTask: ScopedRecord<MeetingTask>[];
  leader: ScopedRecord<Leader>[];
  contactPoint: ScopedRecord<ContactPoint>[];
  contactVisit: ScopedRecord<ContactVisitRecord>[];
  committeeMember: ScopedRecord<CommitteeMember>[];
  socialOrganisation: ScopedRecord<SocialOrganisation>[];
}

/** A generated party-building season (synthetic data). */
export interface GeneratedPartyBuildingSeason {
  city: GeneratedCity;
  /** The day the season runs to (the seed's publication day): meetings after it are still to come. */
  until: string;
  /** The rural communities (those of 宜君县, `area: 'rural'` on the city's nodes): their organisation target is the rural one. */
  ruralCommunityIds: string[];
  records: PartyBuildingRecords;
}

/** Options for generating a synthetic party-building season. */
export interface GeneratePartyBuildingOptions {
  seed: number;
  /** The Tongchuan city to run the season in; generateCity({ seed }) by default. */
  city?: GeneratedCity;
}

const OptionsSchema = z
  .object({
    seed: z.number().int(),
    city: z.custom<GeneratedCity>((value) => typeof value === 'object' && value !== null && Array.isArray((value as GeneratedCity).nodes) && Array.isArray((value as GeneratedCity).units), 'city must be a generated city (see generateCity)').optional(),
  })
  .strict();

const YEAR_START = Date.UTC(2020, 0, 1);
const UNTIL = '2020-07-13';
/** Days from 1 January 2020 to the seed's publication day (the season's last day is the day before). */
const SEASON_DAYS = (Date.UTC(2020, 6, 13) - YEAR_START) / 86_400_000;
const WANGYI_CODE = '610202';
const YINTAI_CODE = '610203';
/** The seed's figures the season is built to: 36 matters settled, 48 part-time members seated. */
const MATTERS_SETTLED = 36;
const PART_TIME_MEMBERS = 48;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];
const AGENDA_TITLES: Readonly<Record<(typeof DEFAULT_AGENDA_CATEGORIES)[number], readonly string[]>> = {
  infrastructure: ['小区路灯维修', '老旧管网改造', '背街小巷硬化'],
  'culture-and-sports': ['广场舞场地协调', '社区运动会', '书画展'],
  'help-in-difficulty': ['困难家庭救助', '留守儿童关爱', '老人免费义诊'],
  'membership-records': ['流动党员摸排', '组织关系转接', '报到党员核对'],
  'neighbour-relations': ['邻里纠纷调解', '楼道堆物清理', '宠物扰民协调'],
};
/** Wangyi's grassroots groups (书画、音乐、棋牌、志愿者) and Yintai's incubated ones (家政、就业培训). */
const WANGYI_GROUPS: readonly (readonly [string, OrganisationType])[] = [
  ['书画协会', 'culture-and-sports'], ['合唱团', 'culture-and-sports'], ['棋牌队', 'culture-and-sports'], ['志愿服务队', 'charity'], ['邻里互助会', 'mutual-aid'], ['调解队', 'community-affairs'],
];
const YINTAI_GROUPS: readonly (readonly [string, OrganisationType])[] = [['家政服务社', 'life-service'], ['就业培训班', 'life-service'], ['助老服务队', 'mutual-aid'], ['巡逻队', 'community-affairs']];
const OTHER_GROUPS: readonly (readonly [string, OrganisationType])[] = [['秧歌队', 'culture-and-sports'], ['爱心驿站', 'charity'], ['便民服务队', 'life-service'], ['互助小组', 'mutual-aid'], ['环境卫生队', 'community-affairs']];
const SETTLED_STAGES: readonly IncubationStage[] = ['graduated', 'graduated', 'key-support', 'start-up'];
const INCUBATED_STAGES: readonly IncubationStage[] = ['seed', 'start-up', 'start-up', 'key-support'];

/**
 * A seeded Tongchuan 2020 season up to the seed's publication (2020-07-13), built to the seed's
 * figures: joint meetings at every level (180+ held, some still to come, some called off) settling
 * 36 matters in the 5 categories with their tasks (some overdue, reporting cause and remedy);
 * 300+ leaders' contact points covering every community, with visits; 48 part-time committee
 * members seated (and candidates still in appointment); 170+ organisations in Wangyi, an
 * incubation base's groups in Yintai. Pure: the same seed gives the same season.
 */
export function generatePartyBuildingSeason(options: GeneratePartyBuildingOptions): GeneratedPartyBuildingSeason {
  const parsed = parseWithSchema(OptionsSchema, options, 'generatePartyBuildingSeason options');
  const city = parsed.city ?? generateCity({ seed: parsed.seed });
  const random = new SeededRandom(parsed.seed);
  const world = indexCity(city);
  const records: PartyBuildingRecords = { jointMeeting: [], meetingResolution: [], meetingTask: [], leader: [], contactPoint: [], contactVisit: [], committeeMember: [], socialOrganisation: [] };
  addMeetings(world, random, records);
  addContactPoints(world, random, records);
  addCommittees(world, random, records);
  addOrganisations(world, random, records);
  const ruralCommunityIds = world.communities.filter((community) => community.area === 'rural').map((community) => community.id);
  return { city, until: UNTIL, ruralCommunityIds, records };
}

interface CityIndex {
  byLevel: (level: HierarchyNode['level']) => HierarchyNode[];
  communities: HierarchyNode[];
  pathOf: (id: string) => string[];
  districtOf: (id: string) => HierarchyNode;
  /** Units located in the node's subtree. */
  unitsIn: (id: string) => Unit[];
}

function indexCity(city: GeneratedCity): CityIndex {
  const byId = new Map(city.nodes.map((node) => [node.id, node]));
  const pathOf = (id: string): string[] => {
    const path: string[] = [];
    for (let node = byId.get(id); node !== undefined; node = node.parentId === null ? undefined : byId.get(node.parentId)) path.unshift(node.id);
    return path;
  };
  const unitsByNode = new Map<string, Unit[]>();
  for (const unit of city.units) {
    for (const id of pathOf(unit.nodeId)) {
      const list = unitsByNode.get(id);
      if (list === undefined) unitsByNode.set(id, [unit]);
      else list.push(unit);
    }
  }
  const byLevel = (level: HierarchyNode['level']) => city.nodes.filter((node) => node.level === level);
  return {
    byLevel,
    communities: byLevel('community'),
    pathOf,
    districtOf: (id) => byId.get(pathOf(id)[1] as string) as HierarchyNode,
    unitsIn: (id) => unitsByNode.get(id) ?? [],
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dayOf = (day: number) => new Date(YEAR_START + day * 86_400_000).toISOString().slice(0, 10);
const instantOf = (day: number, time: string) => `${dayOf(day)}T${time}:00+08:00`;
const personName = (random: SeededRandom) => random.pick(SURNAMES) + random.pick(GIVEN_NAMES);
const phone = (random: SeededRandom) => `1${random.pick(['3', '5', '8'])}${pad(random.int(0, 999_999_999), 9)}`;

/** Distinct picks, in pick order (all of them when fewer are available). */
function sample<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(random.int(0, pool.length - 1), 1)[0] as T);
  return picked;
}

/**
 * Every community, street and district convenes twice (a quarterly charter, Q1 and Q2), the city
 * once: 189 meetings held. Each district also has one meeting called off and one still to come.
 */
function addMeetings(world: CityIndex, random: SeededRandom, records: PartyBuildingRecords): void {
  const conveners = [...world.byLevel('city'), ...world.byLevel('district'), ...world.byLevel('street'), ...world.communities];
  const held: ScopedRecord<JointMeeting>[] = [];
  for (const node of conveners) {
    const units = world.unitsIn(node.id);
    const quarters = node.level === 'city' ? [1] : [0, 1];
    const extra = node.level === 'district' ? (['cancelled', 'scheduled'] as const) : [];
    const plans = [...quarters.map((quarter) => ({ quarter, status: 'held' as const })), ...extra.map((status, k) => ({ quarter: 2 + k, status }))];
    plans.forEach(({ quarter, status }, k) => {
      // Quarter q spans days [91q, 91q + 90]; the season ends on day SEASON_DAYS, so later meetings are still to come.
      const day = status === 'held' ? Math.min(SEASON_DAYS - 1, random.int(91 * quarter + 10, 91 * quarter + 80)) : SEASON_DAYS + random.int(5, 60);
      const members = sample(random, units, random.int(3, 6)).map((unit) => ({ unitId: unit.id, liaison: { name: personName(random), phone: phone(random) } }));
      const agenda = Array.from({ length: random.int(1, 3) }, (_, a) => {
        const category = random.pick(DEFAULT_AGENDA_CATEGORIES);
        return { id: `a${a + 1}`, title: random.pick(AGENDA_TITLES[category]), category };
      });
      const heldAt = instantOf(day, random.pick(['09:00', '14:30']));
      const questions = status === 'held' && members.length > 0 && random.float() < 0.2 ? [askedAndAnswered(random, members[0]?.unitId as string, day)] : [];
      const meeting: JointMeeting = {
        id: `jm-${node.id}-${k + 1}`,
        nodeId: node.id,
        heldAt,
        agenda,
        status: status === 'held' ? 'held' : status === 'scheduled' ? 'circulated' : 'cancelled',
        members,
        questions,
        ...(status === 'cancelled' ? {} : { circulatedAt: instantOf(day - random.int(3, 15), '10:00') }),
        ...(status === 'held' ? { minutes: `会议纪要：${agenda.map((item) => item.title).join('、')}` } : {}),
      };
      const record = { value: meeting, scope: world.pathOf(node.id) };
      records.jointMeeting.push(record);
      if (status === 'held' && members.length > 0) held.push(record);
    });
  }
  settleMatters(random, held, records);
}

function askedAndAnswered(random: SeededRandom, fromUnitId: string, day: number): JointMeeting['questions'][number] {
  return { id: 'q1', fromUnitId, text: '上次会议确定的任务为何未按期完成？', askedAt: instantOf(day - 2, '16:00'), answer: { text: '已说明原因并提出整改措施', at: instantOf(day, '10:00') } };
}

/** 36 meetings each settle their first agenda matter; the first five cover the five categories, so all five appear. */
function settleMatters(random: SeededRandom, held: readonly ScopedRecord<JointMeeting>[], records: PartyBuildingRecords): void {
  const until = Date.parse(`${UNTIL}T00:00:00+08:00`);
  sample(random, held, MATTERS_SETTLED).forEach(({ value: meeting, scope }, k) => {
    const item = meeting.agenda[0] as JointMeeting['agenda'][number];
    const category = k < DEFAULT_AGENDA_CATEGORIES.length ? (DEFAULT_AGENDA_CATEGORIES[k] as string) : item.category;
    item.category = category;
    item.title = random.pick(AGENDA_TITLES[category as (typeof DEFAULT_AGENDA_CATEGORIES)[number]]);
    records.meetingResolution.push({ value: { id: `res-${meeting.id}`, meetingId: meeting.id, agendaItemId: item.id, category, decision: `议定：${item.title}`, settledAt: meeting.heldAt }, scope });
    const due = new Date(Date.parse(meeting.heldAt) + random.int(20, 90) * 86_400_000).toISOString();
    const past = Date.parse(due) < until;
    const done = past && random.float() < 0.75;
    const overdue = past && !done;
    const progress = [{ at: meeting.heldAt, note: '任务已分解到人' }, ...(overdue ? [{ at: new Date(until - 86_400_000).toISOString(), note: '推进中', cause: '资金未到位', remedy: '协调驻区单位追加投入，月底前完成' }] : [])];
    const ownerUnitId = (meeting.members[random.int(0, meeting.members.length - 1)] as JointMeeting['members'][number]).unitId;
    records.meetingTask.push({ value: { id: `task-${meeting.id}`, meetingId: meeting.id, agendaItemId: item.id, ownerUnitId, due, progress, done, ...(overdue ? { overdueSince: due } : {}) }, scope });
  });
}

/**
 * 300+ points, every leader holding 1 or 2 in distinct communities: the first 72 cover each
 * community once (全覆盖), the rest go to random communities. Each point has 2–5 visits so far.
 */
function addContactPoints(world: CityIndex, random: SeededRandom, records: PartyBuildingRecords): void {
  const points = random.int(301, 320);
  const leaders = random.int(Math.ceil(points / 2), Math.min(points, 200));
  const seats = [...world.communities.map((community) => community.id)];
  while (seats.length < points) seats.push(random.pick(world.communities).id);
  const sectors = [...world.byLevel('district'), ...world.byLevel('street')];
  let seat = 0;
  for (let l = 0; l < leaders; l++) {
    const held = l < points - leaders ? 2 : 1;
    const first = seats[seat] as string;
    const location = random.float() < 0.5 ? world.districtOf(first) : (random.pick(sectors) as HierarchyNode);
    const leader: Leader = { id: `leader-${pad(l + 1, 3)}`, name: personName(random), homeSectorId: world.districtOf(first).id, locationId: location.id };
    records.leader.push({ value: leader, scope: world.pathOf(location.id) });
    for (let h = 0; h < held; h++, seat++) {
      let nodeId = seats[seat] as string;
      // A leader's second point sits in another community than the first.
      if (h === 1 && nodeId === first) nodeId = world.communities.find((community) => community.id !== first)?.id as string;
      const pointId = `cp-${pad(seat + 1, 3)}`;
      const visits = Array.from({ length: random.int(2, 5) }, () => random.int(0, SEASON_DAYS - 1))
        .sort((a, b) => a - b)
        .map((day) => ({ date: dayOf(day), issuesSolved: random.int(0, 3) }));
      const scope = world.pathOf(nodeId);
      records.contactPoint.push({ value: { id: pointId, leaderId: leader.id, nodeId, visits }, scope });
      visits.forEach((visit, v) => records.contactVisit.push({ value: { id: `${pointId}-v${v + 1}`, pointId, leaderId: leader.id, nodeId, ...visit }, scope }));
    }
  }
}

/**
 * Every community party committee seats 4–6 full-time members; 48 part-time members from resident
 * units are seated, one each in 48 communities; a few more part-time candidates are still in appointment.
 */
function addCommittees(world: CityIndex, random: SeededRandom, records: PartyBuildingRecords): void {
  const withPartTime = new Set(sample(random, world.communities, PART_TIME_MEMBERS).map((community) => community.id));
  const candidates = new Set(sample(random, world.communities, 8).map((community) => community.id));
  for (const community of world.communities) {
    const committeeId = `party-${community.id}`;
    const scope = world.pathOf(community.id);
    const seat = (n: number, tenure: CommitteeMember['tenure'], status: CommitteeMember['status'], homeUnitId?: string): void => {
      records.committeeMember.push({ value: { id: `${committeeId}-m${n}`, name: personName(random), committeeId, tenure, ...(homeUnitId === undefined ? {} : { homeUnitId }), status }, scope });
    };
    const fullTime = random.int(4, 6);
    for (let m = 1; m <= fullTime; m++) seat(m, 'full-time', random.float() < 0.8 ? 'announced' : 'appointed');
    const units = world.unitsIn(community.id);
    const unitId = () => (units.length > 0 ? random.pick(units).id : `unit-of-${community.id}`);
    if (withPartTime.has(community.id)) seat(fullTime + 1, 'part-time', 'announced', unitId());
    if (candidates.has(community.id)) seat(fullTime + 2, 'part-time', random.pick(['recommended', 'screened', 'approved', 'rejected'] as const), unitId());
  }
}

/**
 * Wangyi's communities share 171–179 active groups (书画、音乐、棋牌、志愿者…), mostly graduated;
 * Yintai's come from its incubation base (家政、就业培训), still incubating; elsewhere 3–8 each.
 * A few groups everywhere have exited and no longer count.
 */
function addOrganisations(world: CityIndex, random: SeededRandom, records: PartyBuildingRecords): void {
  const wangyi = world.communities.filter((community) => world.districtOf(community.id).code === WANGYI_CODE);
  const wangyiTotal = random.int(171, 179);
  for (const community of world.communities) {
    const district = world.districtOf(community.id).code;
    const w = wangyi.indexOf(community);
    const active = w >= 0 ? Math.floor((wangyiTotal * (w + 1)) / wangyi.length) - Math.floor((wangyiTotal * w) / wangyi.length) : random.int(3, 8);
    const groups = district === WANGYI_CODE ? WANGYI_GROUPS : district === YINTAI_CODE ? YINTAI_GROUPS : OTHER_GROUPS;
    const stages = district === YINTAI_CODE ? INCUBATED_STAGES : SETTLED_STAGES;
    const exited = random.int(0, 1);
    for (let o = 0; o < active + exited; o++) {
      const [name, type] = groups[o % groups.length] as readonly [string, OrganisationType];
      const foundedOn = dayOf(random.int(-1500, SEASON_DAYS - 30));
      const activities = Array.from({ length: random.int(0, 4) }, () => ({ date: dayOf(random.int(0, SEASON_DAYS - 1)), title: `${name}活动`, participants: random.int(8, 60) })).sort((a, b) => a.date.localeCompare(b.date));
      records.socialOrganisation.push({
        value: {
          id: `org-${community.id}-${pad(o + 1, 2)}`,
          name: `${community.name}${name}${o >= groups.length ? Math.floor(o / groups.length) + 1 : ''}`,
          communityId: community.id,
          type,
          tier: random.pick(['registered', 'filed', 'guided', 'guided'] as const),
          stage: o < active ? random.pick(stages) : 'exited',
          contact: { name: personName(random), phone: phone(random) },
          members: random.int(5, 80),
          foundedOn,
          activities,
        },
        scope: world.pathOf(community.id),
      });
    }
  }
}
