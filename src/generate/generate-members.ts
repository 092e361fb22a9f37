import { z } from 'zod';
import { CivicGridError } from '../errors/civic-grid-error.js';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import type { HierarchyNode } from '../model/hierarchy-node.js';
import type { Member } from '../model/member.js';
import { NEED_CATEGORIES } from '../model/need.js';
import type { Registration } from '../model/registration.js';
import { SERVICE_POST_KINDS, SERVICE_POST_KIND_LABELS, type PostClaim, type ServicePost } from '../model/service-post.js';
import type { Activity, ServiceRecord } from '../model/volunteer-activity.js';
import { isTimeZone } from '../rules/kpi/period.js';
import { reportDeadline, reportPolicy } from '../rules/members/half-year-report.js';
import { localMidnight } from '../rules/members/local-date.js';
import type { Unit } from '../model/unit.js';
import type { ScopedRecord } from './scoped-record.js';
import { SeededRandom } from './seeded-random.js';

/** A season of in-service member work in a generated city, ready for `insertMany`. */
export interface GeneratedMembers {
  members: ScopedRecord<Member>[];
  registrations: ScopedRecord<Registration>[];
  posts: ScopedRecord<ServicePost>[];
  postClaims: ScopedRecord<PostClaim>[];
  activities: ScopedRecord<Activity>[];
  serviceRecords: ScopedRecord<ServiceRecord>[];
}

const OptionsSchema = z
  .object({
    seed: z.number().int(),
    year: z.number().int().min(1970).max(9999),
    registered: z.number().int().min(1).max(10_000_000),
    /** Members on the units' rolls who never registered, as a share of all members; they sit in a tenth of the units. */
    unregisteredShare: z.number().min(0).max(0.9),
    activities: z.number().int().min(0).max(10_000_000),
    /** Service records (one member at one activity) over all activities. */
    participations: z.number().int().min(0).max(100_000_000),
    /** Share of registered members holding a service post. */
    postShare: z.number().min(0).max(1),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone'),
  })
  .strict()
  .refine((options) => options.participations >= options.activities, { path: ['participations'], message: 'every activity has at least one participant' })
  .refine((options) => options.activities > 0 || options.participations === 0, { path: ['participations'], message: 'participations need activities' });

/** Options for generating synthetic party members. */
export interface GenerateMembersOptions {
  seed: number;
  /** Communities are the home communities; units the workplaces. */
  city: { nodes: readonly HierarchyNode[]; units: readonly Pick<Unit, 'id'>[] };
  /** Default 2019. */
  year?: number;
  /** Members registered (default 15,000, Tongchuan's 2019 figure). */
  registered?: number;
  /** Default 0.02. */
  unregisteredShare?: number;
  /** Volunteer activities held in the year (default 1,450). */
  activities?: number;
  /** Default 40 per activity. */
  participations?: number;
  /** Default 0.3. */
  postShare?: number;
  /** The city's zone, for half years and local times (default Asia/Shanghai). */
  timeZone?: string;
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国'];
const SKILLS = ['medicine', 'law', 'teaching', 'repairs', 'computing', 'accounting', 'calligraphy', 'driving', 'cooking', 'counselling'] as const;
const PLACES = ['社区党群服务中心', '小区广场', '老年活动中心', '社区卫生站', '文化活动室'] as const;

/**
 * A seeded year of in-service member work (在职党员进社区报到) for a generated city: members on the
 * units' rolls, living in its communities; registrations early in the year with half-yearly reports
 * (a few late); posts each community offers and the members holding them; volunteer activities
 * from March on with their participants' hours, each member serving at least once when there are places enough. Every participant had registered before the activity,
 * and no post holds more than its capacity. Pure: the same options give the same season.
 */
export function generateMembers(options: GenerateMembersOptions): GeneratedMembers {
  const parsed = parseWithSchema(
    OptionsSchema,
    {
      seed: options.seed,
      year: options.year ?? 2019,
      registered: options.registered ?? 15_000,
      unregisteredShare: options.unregisteredShare ?? 0.02,
      activities: options.activities ?? 1_450,
      participations: options.participations ?? (options.activities ?? 1_450) * 40,
      postShare: options.postShare ?? 0.3,
      timeZone: options.timeZone ?? 'Asia/Shanghai',
    },
    'generateMembers options',
  );
  const { year, timeZone } = parsed;
  const random = new SeededRandom(parsed.seed);
  const communities = options.city.nodes.filter((node) => node.level === 'community');
  const units = options.city.units.map((unit) => unit.id);
  if (communities.length === 0) throw CivicGridError.validation('generateMembers options', [{ path: ['city', 'nodes'], message: 'has no community node' }]);
  if (units.length === 0) throw CivicGridError.validation('generateMembers options', [{ path: ['city', 'units'], message: 'has no unit' }]);
  const paths = communityPaths(options.city.nodes, communities);
  const scopeOf = (communityId: string): string[] => paths.get(communityId) as string[];
  const policy = reportPolicy({ timeZone });
  // Zone conversions are slow (Intl): the few instants the season needs are computed once.
  const [jan1, mar1, apr1, jul1, nextJan1] = [localMidnight(timeZone, year, 1, 1), localMidnight(timeZone, year, 3, 1), localMidnight(timeZone, year, 4, 1), localMidnight(timeZone, year, 7, 1), localMidnight(timeZone, year + 1, 1, 1)];
  const halves = (['H1', 'H2'] as const).map((half) => {
    const halfYear = `${year}-${half}` as const;
    return { halfYear, due: half === 'H1' ? jul1 : nextJan1, deadline: reportDeadline(halfYear, policy).getTime() };
  });
  const between = (from: number, to: number): string => new Date(from + Math.floor(random.float() * (to - from))).toISOString();

  // Members: the registered ones spread over every unit; the unregistered ones in a lagging tenth of the units.
  const unregistered = Math.round((parsed.registered * parsed.unregisteredShare) / (1 - parsed.unregisteredShare));
  const lagging = units.filter((_, index) => index % 10 === 0);
  const total = parsed.registered + unregistered;
  const width = String(total).length;
  const members: ScopedRecord<Member>[] = [];
  const registrations: ScopedRecord<Registration>[] = [];
  const registeredByCommunity = new Map<string, Member[]>();
  for (let index = 0; index < total; index++) {
    const isRegistered = index < parsed.registered;
    const community = random.pick(communities);
    const member: Member = {
      id: `m${String(index + 1).padStart(width, '0')}`,
      name: `${random.pick(SURNAMES)}${random.pick(GIVEN)}${random.float() < 0.6 ? random.pick(GIVEN) : ''}`,
      phone: `1${random.pick(['3', '5', '8'])}${String(random.int(0, 999_999_999)).padStart(9, '0')}`,
      unitId: isRegistered ? random.pick(units) : random.pick(lagging),
      homeCommunityId: community.id,
      skills: [random.pick(SKILLS)],
      serviceCategories: [random.pick(NEED_CATEGORIES), random.pick(NEED_CATEGORIES)].filter((category, at, all) => all.indexOf(category) === at),
    };
    if (isRegistered) {
      member.registeredAt = between(jan1, mar1);
      registrations.push({ value: registrationOf(member, member.registeredAt), scope: scopeOf(community.id) });
      const residents = registeredByCommunity.get(community.id);
      if (residents === undefined) registeredByCommunity.set(community.id, [member]);
      else residents.push(member);
    }
    members.push({ value: member, scope: scopeOf(community.id) });
  }

  function registrationOf(member: Member, registeredAt: string): Registration {
    // Half-yearly reports: most by the deadline, one in twenty a few days late.
    const reports = halves.map(({ halfYear, due, deadline }) => {
      const late = random.float() < 0.05;
      const at = late ? due + random.int(1, 10 * 24) * 3_600_000 : due - random.int(1, 60 * 24) * 3_600_000;
      return { halfYear, reportedAt: new Date(at).toISOString(), onTime: at < deadline };
    });
    return { id: member.id, memberId: member.id, communityId: member.homeCommunityId, unitId: member.unitId, registeredAt, reports };
  }

  // Posts: each community offers one of every kind, sized for its registered members; members claim within capacity.
  const posts: ScopedRecord<ServicePost>[] = [];
  const postClaims: ScopedRecord<PostClaim>[] = [];
  for (const community of communities) {
    const residents = registeredByCommunity.get(community.id) ?? [];
    const kindPosts = SERVICE_POST_KINDS.map((kind) => ({
      id: `${community.id}~post~${kind}`,
      communityId: community.id,
      kind,
      title: SERVICE_POST_KIND_LABELS[kind].zh,
      capacity: Math.max(1, Math.ceil((residents.length * parsed.postShare) / SERVICE_POST_KINDS.length) + random.int(0, 3)),
    }));
    posts.push(...kindPosts.map((post) => ({ value: post, scope: scopeOf(community.id) })));
    const held = new Map<string, number>();
    for (const member of residents) {
      if (random.float() >= parsed.postShare) continue;
      const post = random.pick(kindPosts);
      if ((held.get(post.id) ?? 0) >= post.capacity) continue;
      held.set(post.id, (held.get(post.id) ?? 0) + 1);
      const claimedAt = between(Date.parse(member.registeredAt as string), apr1);
      postClaims.push({ value: { id: `${post.id}~${member.id}`, postId: post.id, memberId: member.id, communityId: community.id, unitId: member.unitId, claimedAt }, scope: scopeOf(community.id) });
    }
  }

  // Activities from 1 March (every member has registered by then) to the year's end, hosted by communities in
  // proportion to their registered members (the community of a member drawn at random).
  const registeredMembers = registrations.map((registration) => registration.value);
  const communityById = new Map(communities.map((community) => [community.id, community]));
  const activityWidth = String(parsed.activities).length;
  const planned = Array.from({ length: parsed.activities }, () => {
    const community = communityById.get(random.pick(registeredMembers).communityId) as HierarchyNode;
    return { community, heldMs: mar1 + random.int(0, Math.floor((nextJan1 - mar1) / 3_600_000) - 1) * 3_600_000 };
  }).sort((a, b) => a.heldMs - b.heldMs);
  const sizes = participantCounts(planned.map((plan) => (registeredByCommunity.get(plan.community.id) as Member[]).length), parsed.participations, random);
  // Members who have not served yet, in random order: each activity takes them first, so every member serves once the season has enough places.
  const waiting = new Map([...registeredByCommunity].map(([communityId, residents]) => [communityId, sample(residents, residents.length, random)]));
  const activities: ScopedRecord<Activity>[] = [];
  const serviceRecords: ScopedRecord<ServiceRecord>[] = [];
  planned.forEach((plan, index) => {
    const id = `a${year}-${String(index + 1).padStart(activityWidth, '0')}`;
    const residents = registeredByCommunity.get(plan.community.id) as Member[];
    const category = random.pick(NEED_CATEGORIES);
    const heldAt = new Date(plan.heldMs).toISOString();
    const hours = random.int(2, 8) / 2;
    const tags = random.float() < 0.2 ? ['teamService'] : [];
    const scope = scopeOf(plan.community.id);
    const organiser = random.float() < 0.7 ? { kind: 'community' as const, id: plan.community.id } : { kind: 'unit' as const, id: random.pick(units) };
    const chosen = participantsOf(residents, waiting.get(plan.community.id) as Member[], sizes[index] as number, random);
    activities.push({ value: { id, title: `${plan.community.name}志愿服务`, organiser, communityId: plan.community.id, place: random.pick(PLACES), category, heldAt, participants: chosen.length }, scope });
    for (const member of chosen) {
      const memberTags = random.float() < 0.001 ? [...tags, 'bravery'] : tags;
      serviceRecords.push({ value: { id: `${id}~${member.id}`, activityId: id, memberId: member.id, unitId: member.unitId, communityId: plan.community.id, category, heldAt, hours, tags: memberTags }, scope });
    }
  });
  return { members, registrations, posts, postClaims, activities, serviceRecords };
}

/** Each community's path from the root (records are stored there). */
function communityPaths(nodes: readonly HierarchyNode[], communities: readonly HierarchyNode[]): Map<string, string[]> {
  const parentOf = new Map(nodes.map((node) => [node.id, node.parentId]));
  return new Map(
    communities.map((community) => {
      const path = [community.id];
      for (let parent: string | null | undefined = community.parentId; parent !== null && parent !== undefined; parent = parentOf.get(parent)) path.unshift(parent);
      return [community.id, path];
    }),
  );
}

/**
 * Participants per activity summing to `total` exactly: each about the mean, jittered, at least one
 * and at most the activity's community's registered members.
 */
function participantCounts(capacities: readonly number[], total: number, random: SeededRandom): number[] {
  const room = capacities.reduce((sum, capacity) => sum + capacity, 0);
  if (room < total) throw CivicGridError.validation('generateMembers options', [{ path: ['participations'], message: `the activities' communities hold ${room} places, fewer than ${total}` }]);
  let left = total;
  const counts = capacities.map((capacity, index) => {
    const mean = left / (capacities.length - index);
    const count = Math.max(1, Math.min(capacity, Math.round(mean * (0.5 + random.float())), left - (capacities.length - index - 1)));
    left -= count;
    return count;
  });
  // What rounding and capacities left over goes where there is room.
  for (let index = 0; left > 0; index = (index + 1) % counts.length) {
    const spare = Math.min(left, (capacities[index] as number) - (counts[index] as number));
    counts[index] = (counts[index] as number) + spare;
    left -= spare;
  }
  return counts;
}

/** `count` distinct members of a community: first those still waiting to serve (taken off `waiting`), then any others at random. */
function participantsOf(residents: readonly Member[], waiting: Member[], count: number, random: SeededRandom): Member[] {
  const fresh = waiting.splice(0, count);
  if (fresh.length === count) return fresh;
  const taken = new Set(fresh);
  return [...fresh, ...sample(residents.filter((member) => !taken.has(member)), count - fresh.length, random)];
}

/** `count` distinct items, by a partial Fisher–Yates shuffle of a copy. */
function sample<T>(items: readonly T[], count: number, random: SeededRandom): T[] {
  const pool = [...items];
  for (let index = 0; index < count; index++) {
    const swap = random.int(index, pool.length - 1);
    [pool[index], pool[swap]] = [pool[swap] as T, pool[index] as T];
  }
  return pool.slice(0, count);
}

