import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';

/** The grades of the annual appraisal of party members (民主评议党员), best first. */
export const MEMBER_GRADES = ['excellent', 'qualified', 'basicallyQualified', 'unqualified'] as const;
/** The appraisal grade of a member. */
export type MemberGrade = (typeof MEMBER_GRADES)[number];

/** Chinese and English labels of each member grade. */
export const MEMBER_GRADE_LABELS: Readonly<Record<MemberGrade, { zh: string; en: string }>> = {
  excellent: { zh: '优秀', en: 'excellent' },
  qualified: { zh: '合格', en: 'qualified' },
  basicallyQualified: { zh: '基本合格', en: 'basically qualified' },
  unqualified: { zh: '不合格', en: 'unqualified' },
};

const CheckSchema = z.object({ memberId: z.string().min(1), registered: z.boolean(), grade: z.enum(MEMBER_GRADES) }).strict();

/** The best grade a member may get: one who has not registered with their community stops below "qualified". */
export function bestAllowedGrade(registered: boolean): MemberGrade {
  return registered ? 'excellent' : 'basicallyQualified';
}

/**
 * Checks a proposed grade against the registration rule: a member who has not registered cannot be
 * rated qualified or above (VALIDATION_FAILED at `grade`, naming the best allowed grade).
 */
export function checkMemberGrade(input: { memberId: string; registered: boolean; grade: MemberGrade }): MemberGrade {
  const { memberId, registered, grade } = parseWithSchema(CheckSchema, input, 'checkMemberGrade');
  const best = bestAllowedGrade(registered);
  if (MEMBER_GRADES.indexOf(grade) < MEMBER_GRADES.indexOf(best)) {
    throw CivicGridError.validation('checkMemberGrade', [{ path: ['grade'], message: `member "${memberId}" has not registered with a community: at best ${best}, not ${grade}` }]);
  }
  return grade;
}
