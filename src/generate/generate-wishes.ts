import { z } from 'zod';
import { CivicGridError, isCivicGridError } from '../errors/civic-grid-error.js';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import type { HierarchyNode } from '../model/hierarchy-node.js';
import { fenOfYuan, WISH_COLLECTION_CHANNELS, type Wish } from '../model/wish.js';
import { collectWishRecord, type WishIntake } from '../rules/wishes/collect-wish.js';
import { transitionWish } from '../rules/wishes/transition-wish.js';
import type { WishCommand } from '../rules/wishes/wish-command.js';
import { checkedWishPolicy, type WishPolicy } from '../rules/wishes/wish-policy.js';
import type { GeneratedCity } from './generate-city.js';
import { SeededRandom } from './seeded-random.js';

/** Options for generating synthetic wishes (微心愿). */
export interface GenerateWishesOptions {
  seed: number;
  /** Grids are where wishes live; units (if any) claim some of them. */
  city: Pick<GeneratedCity, 'nodes'> & Partial<Pick<GeneratedCity, 'units'>>;
  policy: WishPolicy;
  year: number;
  /** Wishes published in the year and not withdrawn (default 650, Tongchuan's 2019). */
  published?: number;
  /** Share of the published wishes fulfilled by the year's end (default 0.905); the count is rounded to the nearest wish. */
  fulfilmentRate?: number;
  /** Wishes refused at verification by the policy: over the cap, or a second open wish of a household (default 40). */
  rejected?: number;
  /** Wishes withdrawn at some stage before delivery (default 20). */
  withdrawn?: number;
  /** Claimants' member ids (default 15,000 ids "member-00001"…, Tongchuan's registered members). */
  memberIds?: readonly string[];
}

/** One wish's history: its intake and every command, so a bench can replay it through the store operations. */
export interface GeneratedWishLog {
  intake: WishIntake;
  collectedAt: string;
  steps: { command: WishCommand; at: string; openWishesOfHousehold?: string[] }[];
}

/** Generated synthetic wishes and related records. */
export interface GeneratedWishes {
  /** In collection order. */
  wishes: Wish[];
  /** wishes[i]'s store scope: the root-first path of its grid. */
  scopes: string[][];
  /** wishes[i]'s history. */
  logs: GeneratedWishLog[];
}

const Count = z.number().int().min(0).max(1_000_000);
const OptionsSchema = z
  .object({
    seed: z.number().int(),
    year: z.number().int().min(1970).max(9999),
    published: Count,
    fulfilmentRate: z.number().min(0).max(1),
    rejected: Count,
    withdrawn: Count,
    memberIds: z.array(z.string().min(1)).min(1),
  })
  .strict();

const DAY_MS = 86_400_000;
/** Beijing time: the year runs from 1 January 00:00 UTC+8. */
const UTC_OFFSET_MS = 8 * 3_600_000;
/** The longest life of a wish here (collect to feedback) is under 40 days; wishes start early enough to finish in the year. */
const LAST_START_DAYS = 45;
/** Wishes still open at the year's end were collected in its last weeks. */
const OPEN_WINDOW_DAYS = [40, 20] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '胡', '郭', '何'];
const GIVEN_NAMES = ['秀英', '桂兰', '建国', '淑珍', '玉兰', '志强', '文华', '丽娟', '德明', '小红', '子涵', '浩然', '凤英', '国庆'];
const WISH_TEXTS: Readonly<Record<string, readonly string[]>> = {
  dailyNecessities: ['一台电风扇', '过冬棉被一床', '一袋米和一桶油'],
  studySupplies: ['孩子的书包和文具', '一盏护眼台灯', '一套课外读物'],
  elderlyCare: ['每周陪同买菜', '理发上门服务', '代缴水电费'],
  homeRepair: ['修理漏水的水龙头', '更换楼道灯泡', '修理门锁'],
  medicalAid: ['陪同去医院复查', '一副老花镜', '一个血压计'],
  companionship: ['周末陪老人聊天', '陪孩子过生日', '节日上门探望'],
  employmentHelp: ['介绍一份保洁工作', '电脑技能培训', '推荐就业岗位'],
  festivalGifts: ['春节慰问品', '中秋月饼', '重阳节慰问'],
};

type Outcome = 'fulfilled' | 'claimedOpen' | 'publishedOpen' | 'rejected' | 'withdrawn';

/**
 * A seeded season of micro-wishes for a generated city: `published` wishes published in `year` and not
 * withdrawn, of which round(published × fulfilmentRate) are fulfilled by the year's end (most with feedback)
 * and the rest still claimed or published; plus `rejected` wishes the policy refuses at verification (over
 * the cap, or a second open wish of a household) and `withdrawn` ones. Every wish runs real commands through
 * collectWishRecord and transitionWish with `policy`, so it is valid by construction and every refusal is the
 * rule's own. Pure: the same options give the same wishes; no clock.
 */
export function generateWishes(options: GenerateWishesOptions): GeneratedWishes {
  const parsed = parseWithSchema(
    OptionsSchema,
    {
      seed: options.seed,
      year: options.year,
      published: options.published ?? 650,
      fulfilmentRate: options.fulfilmentRate ?? 0.905,
      rejected: options.rejected ?? 40,
      withdrawn: options.withdrawn ?? 20,
      memberIds: options.memberIds ?? Array.from({ length: 15_000 }, (_, k) => `member-${String(k + 1).padStart(5, '0')}`),
    },
    'generateWishes options',
  );
  const policy = checkedWishPolicy(options.policy);
  const random = new SeededRandom(parsed.seed);
  const paths = gridPaths(options.city.nodes);
  if (paths.length === 0) throw CivicGridError.validation('generateWishes options', [{ path: ['city', 'nodes'], message: 'has no grid node' }]);
  const unitIds = (options.city.units ?? []).map((unit) => unit.id);

  const fulfilled = Math.round(parsed.published * parsed.fulfilmentRate);
  const stillOpen = parsed.published - fulfilled;
  const outcomes: Outcome[] = [
    ...Array<Outcome>(fulfilled).fill('fulfilled'),
    ...Array<Outcome>(Math.ceil(stillOpen / 2)).fill('claimedOpen'),
    ...Array<Outcome>(Math.floor(stillOpen / 2)).fill('publishedOpen'),
    ...Array<Outcome>(parsed.rejected).fill('rejected'),
    ...Array<Outcome>(parsed.withdrawn).fill('withdrawn'),
  ];
  const yearStart = Date.UTC(parsed.year, 0, 1) - UTC_OFFSET_MS;
  const yearEnd = Date.UTC(parsed.year + 1, 0, 1) - UTC_OFFSET_MS;
  const plans = outcomes.map((outcome) => {
    const [from, to] = outcome === 'claimedOpen' || outcome === 'publishedOpen' ? [yearEnd - OPEN_WINDOW_DAYS[0] * DAY_MS, yearEnd - OPEN_WINDOW_DAYS[1] * DAY_MS] : [yearStart, yearEnd - LAST_START_DAYS * DAY_MS];
    return { outcome, collectedMs: from + Math.floor(random.float() * (to - from)) };
  });
  plans.sort((a, b) => a.collectedMs - b.collectedMs);

  const wishes: Wish[] = [];
  const scopes: string[][] = [];
  const logs: GeneratedWishLog[] = [];
  /** Per household: its verified wishes, from verification to delivery or withdrawal (end: Infinity while open). */
  const openSpans = new Map<string, { wishId: string; from: number; to: number }[]>();
  const householdPaths = new Map<string, string[]>();
  const width = String(plans.length).length;
  const capFen = fenOfYuan(policy.valueCapYuan) as number;

  plans.forEach((plan, index) => {
    const id = `wish-${parsed.year}-${String(index + 1).padStart(width, '0')}`;
    const category = random.pick(policy.categories);
    const verifyMs = plan.collectedMs + random.int(1, 3) * DAY_MS;
    // A rejected wish is a second wish of a household with one open at the time, when there is one; else it is over the cap.
    const rival = plan.outcome === 'rejected' ? openHouseholdAt(openSpans, verifyMs, random) : undefined;
    const path = rival === undefined ? random.pick(paths) : (householdPaths.get(rival) as string[]);
    const gridId = path[path.length - 1] as string;
    const householdId = rival ?? `household-${gridId}-${index + 1}`;
    householdPaths.set(householdId, path);
    const overCap = plan.outcome === 'rejected' && rival === undefined;
    // Drawn in fen and divided once, so the value has whole fen exactly.
    const valueYuan = (overCap ? capFen + random.int(1, 30_000) : random.int(Math.min(2_000, capFen), capFen)) / 100;
    const texts = WISH_TEXTS[category] ?? ['一个微心愿'];
    const intake: WishIntake = {
      id,
      resident: { name: random.pick(SURNAMES) + random.pick(GIVEN_NAMES), phone: `139${String(random.int(0, 99_999_999)).padStart(8, '0')}`, address: `${gridId} ${random.int(1, 30)}号楼${random.int(1, 6)}单元` },
      householdId,
      locationId: gridId,
      category,
      description: random.pick(texts),
      valueYuan,
      collectedVia: random.pick(WISH_COLLECTION_CHANNELS),
      ...(random.float() < 0.1 && policy.maxClaimantLimit > 1 ? { claimantLimit: random.int(2, Math.min(3, policy.maxClaimantLimit)) } : {}),
    };
    let wish = collectWishRecord(intake, { at: new Date(plan.collectedMs), policy });
    const steps: GeneratedWishLog['steps'] = [];
    let at = plan.collectedMs;
    const apply = (command: WishCommand, afterDays: [number, number], openWishesOfHousehold?: string[]): void => {
      at += random.int(afterDays[0] * 24, afterDays[1] * 24) * 3_600_000;
      wish = transitionWish(wish, command, { at: new Date(at), policy, ...(openWishesOfHousehold === undefined ? {} : { openWishesOfHousehold }) });
      steps.push({ command, at: new Date(at).toISOString(), ...(openWishesOfHousehold === undefined ? {} : { openWishesOfHousehold }) });
    };
    const withdrawAfter = plan.outcome === 'withdrawn' ? random.pick(['collected', 'verified', 'published', 'claimed'] as const) : undefined;
    const withdrawIfDue = (): boolean => {
      if (wish.status !== withdrawAfter) return false;
      apply({ type: 'withdraw', reason: '居民已自行解决' }, [1, 3]);
      return true;
    };

    run();
    function run(): void {
      if (withdrawIfDue()) return;
      at = verifyMs;
      const open = openWishesAt(openSpans, householdId, at);
      try {
        wish = transitionWish(wish, { type: 'verify' }, { at: new Date(at), policy, openWishesOfHousehold: open });
        steps.push({ command: { type: 'verify' }, at: new Date(at).toISOString(), openWishesOfHousehold: open });
      } catch (error) {
        if (!isCivicGridError(error, 'VALIDATION_FAILED') || plan.outcome !== 'rejected') throw error;
        const reason = error.issues.map((issue) => issue.message).join('; ');
        wish = transitionWish(wish, { type: 'reject', reason }, { at: new Date(at), policy });
        steps.push({ command: { type: 'reject', reason }, at: new Date(at).toISOString() });
        return;
      }
      const span = { wishId: id, from: at, to: Number.POSITIVE_INFINITY };
      openSpans.set(householdId, [...(openSpans.get(householdId) ?? []), span]);
      const close = (): void => {
        span.to = at;
      };
      if (withdrawIfDue()) return close();
      apply({ type: 'publish' }, [1, 2]);
      if (withdrawIfDue()) return close();
      if (plan.outcome === 'publishedOpen') return;
      const claimants = wish.claimantLimit === 1 && unitIds.length > 0 && random.float() < 0.1 ? [{ kind: 'unit' as const, id: random.pick(unitIds) }] : pickMembers(random, parsed.memberIds, wish.claimantLimit);
      apply({ type: 'claim', claimant: claimants[0] as (typeof claimants)[number] }, [1, 10]);
      for (const claimant of claimants.slice(1)) apply({ type: 'claim', claimant }, [0, 2]);
      if (withdrawIfDue()) return close();
      if (plan.outcome === 'claimedOpen') return;
      apply({ type: 'fulfil' }, [3, 14]);
      close();
      if (random.float() < 0.8) apply({ type: 'giveFeedback', feedback: { rating: random.int(4, 5) } }, [1, 7]);
    }

    wishes.push(wish);
    scopes.push(path);
    logs.push({ intake, collectedAt: new Date(plan.collectedMs).toISOString(), steps });
  });
  return { wishes, scopes, logs };
}

/** The root-first path of every grid. */
function gridPaths(nodes: readonly HierarchyNode[]): string[][] {
  const parentOf = new Map(nodes.map((node) => [node.id, node.parentId]));
  return nodes
    .filter((node) => node.level === 'grid')
    .map((node) => {
      const path: string[] = [];
      for (let id: string | null | undefined = node.id; id !== null && id !== undefined && path.length <= nodes.length; id = parentOf.get(id)) path.unshift(id);
      return path;
    });
}

function openWishesAt(spans: ReadonlyMap<string, readonly { wishId: string; from: number; to: number }[]>, householdId: string, at: number): string[] {
  return (spans.get(householdId) ?? []).filter((span) => span.from <= at && at < span.to).map((span) => span.wishId);
}

/** A household with a wish open at `at`, if any (the most recent few are tried). */
function openHouseholdAt(spans: ReadonlyMap<string, readonly { wishId: string; from: number; to: number }[]>, at: number, random: SeededRandom): string | undefined {
  const open = [...spans].filter(([, list]) => list.some((span) => span.from <= at && at < span.to)).map(([householdId]) => householdId);
  return open.length === 0 ? undefined : random.pick(open);
}

function pickMembers(random: SeededRandom, memberIds: readonly string[], limit: number): { kind: 'member'; id: string }[] {
  const chosen = new Set<string>();
  const wanted = Math.min(limit, memberIds.length);
  while (chosen.size < wanted) chosen.add(random.pick(memberIds));
  return [...chosen].map((id) => ({ kind: 'member', id }));
}
