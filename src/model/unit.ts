import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';

/** Kinds of resident unit (驻区单位): organisations located in the area. */
export const UNIT_TYPES = ['agency', 'company', 'school', 'hospital', 'publicInstitution', 'socialOrg', 'other'] as const;
/** Validates a {@link UnitType}. */
export const UnitTypeSchema = z.enum(UNIT_TYPES);
/** The kind of a resident unit (agency, company, school, …). */
export type UnitType = z.infer<typeof UnitTypeSchema>;

/** Bilingual labels (zh-CN, en) for each unit type. */
export const UNIT_TYPE_LABELS: Readonly<Record<UnitType, { zh: string; en: string }>> = {
  agency: { zh: '机关', en: 'government agency' },
  company: { zh: '企业', en: 'company' },
  school: { zh: '学校', en: 'school' },
  hospital: { zh: '医院', en: 'hospital' },
  publicInstitution: { zh: '事业单位', en: 'public institution' },
  socialOrg: { zh: '社会组织', en: 'social organisation' },
  other: { zh: '其他', en: 'other' },
};

/** A resident unit (辖区单位 / 驻区单位), located at a hierarchy node. */
export const UnitSchema = z
  .object({
    id: NodeIdSchema,
    name: z.string().min(1),
    type: UnitTypeSchema,
    /** The hierarchy node the unit sits in: usually a grid or a community. */
    nodeId: NodeIdSchema,
    /** Unified social credit code (统一社会信用代码), 18 characters, when known. */
    creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'a unified social credit code has 18 characters').optional(),
  })
  .strict();

/** A resident unit (驻区单位), as validated by `UnitSchema`. */
export type Unit = z.infer<typeof UnitSchema>;
