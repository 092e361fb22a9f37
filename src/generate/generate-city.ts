import { z } from 'zod';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import type { HierarchyNode } from '../model/hierarchy-node.js';
import type { Unit, UnitType } from '../model/unit.js';
import { type CityScale, CityScaleSchema, MEGACITY_SCALE, TONGCHUAN_SCALE } from './city-scale.js';
import { SeededRandom } from './seeded-random.js';

/** A generated building: its grid, household count, position (metres) and, for a unit's compound, its site. */
export interface GeneratedBuilding {
  id: string;
  gridId: string;
  communityId: string;
  households: number;
  x: number;
  y: number;
  /** The unit whose compound this building stands in (a special grid, 专属网格). */
  site?: string;
}

/** A synthetic city: its hierarchy nodes, buildings and resident units at a given scale. */
export interface GeneratedCity {
  scale: CityScale;
  /** Every hierarchy node, parents before children. */
  nodes: HierarchyNode[];
  buildings: GeneratedBuilding[];
  units: Unit[];
}

const OPTION_FIELDS = { seed: z.number().int(), households: z.boolean().optional() };
const NamedScaleOptionsSchema = z.object({ ...OPTION_FIELDS, scale: z.enum(['tongchuan', 'megacity']).optional() }).strict();
// A separate schema for a custom scale, so each bad field is listed (a union reports only "Invalid input").
const CustomScaleOptionsSchema = z.object({ ...OPTION_FIELDS, scale: CityScaleSchema }).strict();

/** What `generateCity` takes: a seed, a scale and whether to emit household nodes. */
export interface GenerateCityOptions {
  seed: number;
  /** Default 'tongchuan'. */
  scale?: 'tongchuan' | 'megacity' | CityScale;
  /** Also emit one household node per household (default false: buildings carry counts). */
  households?: boolean;
}

/** Name stems with their pinyin, so every generated node has an English name (`nameEn`) as well. */
const STREET_STEMS: readonly (readonly [zh: string, en: string])[] = [
  ['七一路', 'Qiyi Road'], ['红旗街', 'Hongqi Street'], ['桃园', 'Taoyuan'], ['青年路', 'Qingnian Road'], ['城关', 'Chengguan'], ['王家河', 'Wangjiahe'],
  ['黄堡', 'Huangbao'], ['天宝路', 'Tianbao Road'], ['永安路', "Yong'an Road"], ['正阳路', 'Zhengyang Road'], ['朝阳路', 'Chaoyang Road'], ['咸丰路', 'Xianfeng Road'],
  ['北关', 'Beiguan'], ['南关', 'Nanguan'], ['东风路', 'Dongfeng Road'], ['华原', 'Huayuan'], ['锦阳路', 'Jinyang Road'], ['新华街', 'Xinhua Street'],
];
const COMMUNITY_STEMS: readonly (readonly [zh: string, en: string])[] = [
  ['金谷', 'Jingu'], ['阳光', 'Yangguang'], ['和平', 'Heping'], ['幸福', 'Xingfu'], ['光明', 'Guangming'], ['团结', 'Tuanjie'], ['友谊', 'Youyi'], ['建设', 'Jianshe'], ['红星', 'Hongxing'],
  ['东湖', 'Donghu'], ['西苑', 'Xiyuan'], ['南塬', 'Nanyuan'], ['北坡', 'Beipo'], ['兴隆', 'Xinglong'], ['安居', 'Anju'], ['育才', 'Yucai'], ['新村', 'Xincun'], ['文化', 'Wenhua'],
];
const UNIT_TYPES_WITH_SITES: readonly UnitType[] = ['agency', 'school', 'hospital'];
const UNIT_TYPE_MIX: readonly UnitType[] = ['company', 'company', 'company', 'agency', 'agency', 'publicInstitution', 'school', 'hospital', 'socialOrg', 'other'];
const COMMUNITY_SIDE_METRES = 1200;

/**
 * A seeded, deterministic city of the shape Tongchuan reports (or a megacity):
 * districts with real county codes, streets, communities and grids coded by
 * GB/T 10114 and GB/T 30428.1, buildings with a few hundred households per
 * grid, and resident units, some with compounds. Never reads Math.random.
 */
export function generateCity(options: GenerateCityOptions): GeneratedCity {
  const scaleOption: unknown = typeof options === 'object' && options !== null ? (options as { scale?: unknown }).scale : undefined;
  const optionsSchema = typeof scaleOption === 'object' && scaleOption !== null ? CustomScaleOptionsSchema : NamedScaleOptionsSchema;
  const parsed = parseWithSchema(optionsSchema, options, 'generateCity options');
  const scale = resolveScale(parsed.scale);
  const random = new SeededRandom(parsed.seed);
  const nodes: HierarchyNode[] = [];
  const buildings: GeneratedBuilding[] = [];
  const grids: HierarchyNode[] = [];

  const cityId = `city-${scale.cityCode}`;
  nodes.push({ id: cityId, level: 'city', name: scale.cityName, nameEn: scale.cityNameEn, parentId: null, code: scale.cityCode });

  const districts = scale.districts;
  const streetsPerDistrict = split(scale.streets, districts.length, random);
  const communitiesPerStreet = split(scale.communities, scale.streets, random);
  const gridsPerCommunity = split(scale.grids, scale.communities, random);
  const latticeSide = Math.ceil(Math.sqrt(scale.communities));

  let streetIndex = 0;
  let communityIndex = 0;
  districts.forEach((district, d) => {
    const districtId = `d${district.code}`;
    nodes.push({ id: districtId, level: 'district', name: district.name, ...(district.nameEn === undefined ? {} : { nameEn: district.nameEn }), parentId: cityId, code: district.code });
    for (let s = 0; s < (streetsPerDistrict[d] as number); s++, streetIndex++) {
      const streetCode = `${district.code}${pad(s + 1, 3)}`;
      const streetId = `s${streetCode}`;
      nodes.push({ id: streetId, level: 'street', ...nameFrom(STREET_STEMS, streetIndex, ['街道', 'Subdistrict']), parentId: districtId, code: streetCode });
      for (let c = 0; c < (communitiesPerStreet[streetIndex] as number); c++, communityIndex++) {
        const communityCode = `${streetCode}${pad(c + 1, 3)}`;
        const communityId = `c${communityCode}`;
        nodes.push({
          id: communityId,
          level: 'community',
          ...nameFrom(COMMUNITY_STEMS, communityIndex, ['社区', 'Community']),
          parentId: streetId,
          code: communityCode,
          ...(district.communityArea === undefined ? {} : { area: district.communityArea }),
        });
        const origin = { x: (communityIndex % latticeSide) * COMMUNITY_SIDE_METRES, y: Math.floor(communityIndex / latticeSide) * COMMUNITY_SIDE_METRES };
        const gridCount = gridsPerCommunity[communityIndex] as number;
        addGrids({ scale, random, communityId, communityCode, gridCount, origin, nodes, grids, buildings, households: parsed.households === true });
      }
    }
  });

  const units = addUnits(scale, random, grids, buildings);
  return { scale, nodes, buildings, units };
}

function resolveScale(scale: GenerateCityOptions['scale']): CityScale {
  if (scale === undefined || scale === 'tongchuan') return TONGCHUAN_SCALE;
  if (scale === 'megacity') return MEGACITY_SCALE;
  return scale;
}

interface GridPlacement {
  scale: CityScale;
  random: SeededRandom;
  communityId: string;
  communityCode: string;
  gridCount: number;
  origin: { x: number; y: number };
  nodes: HierarchyNode[];
  grids: HierarchyNode[];
  buildings: GeneratedBuilding[];
  households: boolean;
}

function addGrids(place: GridPlacement): void {
  const { scale, random, gridCount, origin } = place;
  const columns = Math.ceil(Math.sqrt(gridCount));
  const cell = COMMUNITY_SIDE_METRES / columns;
  const sequenceDigits = gridCount > 99 ? 3 : 2;
  for (let g = 0; g < gridCount; g++) {
    const gridCode = `${place.communityCode}${pad(g + 1, sequenceDigits)}`;
    const grid: HierarchyNode = { id: `g${gridCode}`, level: 'grid', name: `第${g + 1}网格`, nameEn: `Grid ${g + 1}`, parentId: place.communityId, code: gridCode };
    place.nodes.push(grid);
    place.grids.push(grid);
    // Numbered west to east in rows, rows from north (large y) to south.
    const cellX = origin.x + (g % columns) * cell;
    const cellY = origin.y + COMMUNITY_SIDE_METRES - (Math.floor(g / columns) + 1) * cell;
    const sizes = split(random.int(...scale.householdsPerGrid), 0, random, scale.householdsPerBuilding);
    sizes.forEach((households, b) => {
      const building: GeneratedBuilding = {
        id: `${grid.id}-b${pad(b + 1, 2)}`,
        gridId: grid.id,
        communityId: place.communityId,
        households,
        x: round(cellX + cell * (0.05 + 0.9 * random.float())),
        y: round(cellY + cell * (0.05 + 0.9 * random.float())),
      };
      place.buildings.push(building);
      place.nodes.push({ id: building.id, level: 'building', name: `${b + 1}号楼`, nameEn: `Building ${b + 1}`, parentId: grid.id });
      if (!place.households) return;
      for (let h = 0; h < households; h++) {
        const floor = Math.floor(h / 4) + 1;
        place.nodes.push({ id: `${building.id}-h${pad(h + 1, 3)}`, level: 'household', name: `${floor}${pad((h % 4) + 1, 2)}室`, parentId: building.id });
      }
    });
  }
}

/** Units sit in grids; agencies, schools and hospitals get a compound: one of the grid's buildings. */
function addUnits(scale: CityScale, random: SeededRandom, grids: readonly HierarchyNode[], buildings: GeneratedBuilding[]): Unit[] {
  const units: Unit[] = [];
  const buildingsByGrid = new Map<string, GeneratedBuilding[]>();
  for (const building of buildings) {
    const list = buildingsByGrid.get(building.gridId);
    if (list === undefined) buildingsByGrid.set(building.gridId, [building]);
    else list.push(building);
  }
  const sited = new Set<string>();
  for (let u = 0; u < scale.units; u++) {
    const grid = grids[Math.floor((u * grids.length) / scale.units)] as HierarchyNode;
    const type = random.pick(UNIT_TYPE_MIX);
    const id = `u${pad(u + 1, 6)}`;
    units.push({ id, name: `${grid.name}${UNIT_NAMES[type]}${u + 1}`, type, nodeId: grid.id });
    const candidates = buildingsByGrid.get(grid.id) ?? [];
    const site = candidates[0];
    if (UNIT_TYPES_WITH_SITES.includes(type) && site !== undefined && !sited.has(grid.id) && candidates.length > 3) {
      sited.add(grid.id);
      site.site = id;
    }
  }
  return units;
}

const UNIT_NAMES: Readonly<Record<UnitType, string>> = {
  agency: '机关',
  company: '公司',
  school: '学校',
  hospital: '医院',
  publicInstitution: '中心',
  socialOrg: '协会',
  other: '单位',
};

/**
 * Splits `total` into parts. With `count`, into that many near-equal parts
 * (each ≥ 1, jittered); otherwise into parts whose sizes lie in `sizeRange`.
 */
function split(total: number, count: number, random: SeededRandom, sizeRange?: [number, number]): number[] {
  if (sizeRange !== undefined) {
    const parts: number[] = [];
    let left = total;
    while (left > 0) {
      const part = Math.min(left, random.int(...sizeRange));
      parts.push(part);
      left -= part;
    }
    const last = parts.length - 1;
    if (last > 0 && (parts[last] as number) < sizeRange[0]) parts[last - 1] = (parts[last - 1] as number) + (parts.pop() as number);
    return parts;
  }
  const parts = Array.from({ length: count }, () => Math.floor(total / count));
  for (let i = 0; i < total % count; i++) parts[i] = (parts[i] as number) + 1;
  // Move single units between neighbours for realistic unevenness, keeping each part ≥ 1.
  for (let i = 0; i + 1 < count; i++) {
    const shift = random.int(-1, 1) * Math.max(0, Math.floor((parts[i] as number) / 5));
    if ((parts[i] as number) - shift >= 1 && (parts[i + 1] as number) + shift >= 1) {
      parts[i] = (parts[i] as number) - shift;
      parts[i + 1] = (parts[i + 1] as number) + shift;
    }
  }
  return parts;
}

/** The index-th name from the stems, Chinese and English; after a full round the stems get a number: 金谷2社区, Jingu 2 Community. */
function nameFrom(stems: readonly (readonly [zh: string, en: string])[], index: number, [suffix, suffixEn]: readonly [string, string]): { name: string; nameEn: string } {
  const [stem, stemEn] = stems[index % stems.length] as readonly [string, string];
  const round = Math.floor(index / stems.length);
  return round === 0 ? { name: `${stem}${suffix}`, nameEn: `${stemEn} ${suffixEn}` } : { name: `${stem}${round + 1}${suffix}`, nameEn: `${stemEn} ${round + 1} ${suffixEn}` };
}

function pad(value: number, digits: number): string {
  return String(value).padStart(digits, '0');
}

function round(metres: number): number {
  return Math.round(metres * 10) / 10;
}
