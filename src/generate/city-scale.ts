import { z } from 'zod';
import { NODE_AREAS, type NodeArea } from '../model/hierarchy-node.js';

/** The shape of a generated city: how many nodes of each level, and how big. */
export interface CityScale {
  cityName: string;
  cityNameEn: string;
  /** 6-digit prefecture code (GB/T 2260), zero-padded, e.g. 610200. */
  cityCode: string;
  /**
   * Named districts with their codes and, optionally, English names (carried as the nodes' `nameEn`)
   * and the area (城乡属性) of their communities (carried as the communities' `area`).
   */
  districts: { name: string; code: string; nameEn?: string | undefined; communityArea?: NodeArea | undefined }[];
  streets: number;
  communities: number;
  grids: number;
  householdsPerGrid: [min: number, max: number];
  householdsPerBuilding: [min: number, max: number];
  /** Resident units (驻区单位) located in the city. */
  units: number;
}

/**
 * Tongchuan as the city's 2020-07-13 account (《汇聚发展合力，走活城市基层党建一盘棋》)
 * reports it: 72 communities, 1,206 grids, 716 units; its 4 districts and counties
 * carry their GB/T 2260 codes (not checked against the current code list).
 */
export const TONGCHUAN_SCALE: CityScale = {
  cityName: '铜川市',
  cityNameEn: 'Tongchuan',
  cityCode: '610200',
  districts: [
    { name: '王益区', code: '610202', nameEn: 'Wangyi District' },
    { name: '印台区', code: '610203', nameEn: 'Yintai District' },
    { name: '耀州区', code: '610204', nameEn: 'Yaozhou District' },
    // A rural county: its communities count against the rural targets (e.g. 191号: 5 organisations, not 10).
    { name: '宜君县', code: '610222', nameEn: 'Yijun County', communityArea: 'rural' },
  ],
  streets: 18,
  communities: 72,
  grids: 1206,
  householdsPerGrid: [300, 500],
  householdsPerBuilding: [12, 60],
  units: 716,
};

/** A megacity: ~16 districts, 300 streets, 7,000 communities, 100,000 grids, 1M+ buildings. */
export const MEGACITY_SCALE: CityScale = {
  cityName: '超大城市',
  cityNameEn: 'Megacity',
  cityCode: '440300',
  districts: Array.from({ length: 16 }, (_, i) => ({
    name: `第${i + 1}区`,
    nameEn: `District ${i + 1}`,
    code: `4403${String(i + 1).padStart(2, '0')}`,
  })),
  streets: 300,
  communities: 7000,
  grids: 100_000,
  householdsPerGrid: [300, 500],
  householdsPerBuilding: [20, 52],
  units: 70_000,
};

const CountRangeSchema = z
  .tuple([z.number().int().min(1), z.number().int().min(1)])
  .refine(([min, max]) => min <= max, 'the minimum must not exceed the maximum');
const SixDigitsSchema = z.string().regex(/^\d{6}$/, 'a GB/T 2260 code has 6 digits');

/**
 * A custom scale, checked before generating: a zero or inverted range would
 * make the generator loop forever, and too few nodes at a level would leave
 * levels below empty.
 */
export const CityScaleSchema = z
  .object({
    cityName: z.string().min(1),
    cityNameEn: z.string().min(1),
    cityCode: SixDigitsSchema,
    districts: z.array(z.object({ name: z.string().min(1), code: SixDigitsSchema, nameEn: z.string().min(1).optional(), communityArea: z.enum(NODE_AREAS).optional() }).strict()).min(1),
    streets: z.number().int(),
    communities: z.number().int(),
    grids: z.number().int(),
    householdsPerGrid: CountRangeSchema,
    householdsPerBuilding: CountRangeSchema,
    units: z.number().int().min(0),
  })
  .strict()
  .superRefine((scale, ctx) => {
    const atLeast = (field: 'streets' | 'communities' | 'grids', count: unknown, above: string) => {
      if (typeof scale[field] === 'number' && typeof count === 'number' && scale[field] < count) {
        ctx.addIssue({ code: 'custom', path: [field], message: `needs at least one per ${above} (${count}), got ${scale[field]}` });
      }
    };
    atLeast('streets', Array.isArray(scale.districts) ? scale.districts.length : undefined, 'district');
    atLeast('communities', scale.streets, 'street');
    atLeast('grids', scale.communities, 'community');
    if (typeof scale.cityCode !== 'string' || !Array.isArray(scale.districts)) return;
    scale.districts.forEach((district, index) => {
      if (typeof district?.code === 'string' && !district.code.startsWith(scale.cityCode.slice(0, 4))) {
        ctx.addIssue({ code: 'custom', path: ['districts', index, 'code'], message: `district code "${district.code}" is not in city "${scale.cityCode}"` });
      }
    });
  });
