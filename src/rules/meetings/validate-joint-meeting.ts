import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { DEFAULT_AGENDA_CATEGORIES, type JointMeeting, JointMeetingSchema } from '../../model/joint-meeting.js';

const InputSchema = z.object({
  meeting: JointMeetingSchema,
  options: z.object({ categories: z.array(z.string().min(1)).min(1).optional() }).strict(),
});

/** Validates a joint meeting: its shape, unique agenda item ids and member units, and each category from `categories` (default the seed's five). */
export function validateJointMeeting(meeting: unknown, options: { categories?: readonly string[] } = {}): JointMeeting {
  const parsed = parseWithSchema(InputSchema, { meeting, options }, 'validateJointMeeting');
  const categories = new Set<string>(parsed.options.categories ?? DEFAULT_AGENDA_CATEGORIES);
  const issues: Issue[] = [];
  const ids = new Set<string>();
  parsed.meeting.agenda.forEach((item, k) => {
    if (ids.has(item.id)) issues.push({ path: ['meeting', 'agenda', k, 'id'], message: `duplicate agenda item id "${item.id}"` });
    ids.add(item.id);
    if (!categories.has(item.category)) issues.push({ path: ['meeting', 'agenda', k, 'category'], message: `unknown category "${item.category}": one of ${[...categories].join(', ')}` });
  });
  const units = new Set<string>();
  parsed.meeting.members.forEach((member, k) => {
    if (units.has(member.unitId)) issues.push({ path: ['meeting', 'members', k, 'unitId'], message: `unit "${member.unitId}" is a member twice` });
    units.add(member.unitId);
  });
  if (issues.length > 0) throw CivicGridError.validation('validateJointMeeting', issues);
  return parsed.meeting;
}
