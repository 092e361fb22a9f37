import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { GridEventFieldsSchema, type GridEvent } from '../../model/grid-event.js';
import { markCheckedGridEvent } from './checked-grid-event.js';
import { reportedMilestones } from './event-milestones.js';
import { checkedEventPolicy, findEventSubclass } from './event-policy.js';
import { deadlineFrom } from './stage-deadline.js';
import type { EventContext, EventEffect } from './transition-event.js';

/** What a report says; the rest of a GridEvent starts empty. */
export const EventReportSchema = GridEventFieldsSchema
  .pick({ id: true, category: true, description: true, location: true, source: true, reporter: true })
  .strict();
/** The fields of a new grid event report, as validated by `EventReportSchema`. */
export type EventReport = z.infer<typeof EventReportSchema>;

/**
 * A new grid event in the reported stage (信息收集) at `context.at`, with the policy's deadline for
 * registering it. The event is frozen, as transitionEvent's are. Throws VALIDATION_FAILED for a bad report or a category missing from the catalogue.
 */
export function reportEvent(input: EventReport, context: EventContext): { event: GridEvent; effects: EventEffect[] } {
  const parsed = EventReportSchema.safeParse(input);
  if (!parsed.success) throw CivicGridError.validation('Grid event report', zodIssuesToIssues(parsed.error, ['report']), parsed.error);
  const { at, calendar } = context;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw CivicGridError.validation('Grid event report', [{ path: ['at'], message: 'must be a valid Date' }]);
  const policy = checkedEventPolicy(context.policy);
  const report = parsed.data;
  if (findEventSubclass(policy, report.category) === undefined) {
    throw CivicGridError.validation('Grid event report', [
      { path: ['report', 'category'], message: `${report.category.classCode}/${report.category.subclassCode} is not in catalogue ${policy.catalogue.id}` },
    ]);
  }
  const atIso = at.toISOString();
  // Fields listed, not `...report`: V8 gives an object spread and then extended a hidden class of its own, so
  // every reported event would have its own shape and every later read of it (a sweep's) would be slow.
  const event: GridEvent = {
    id: report.id,
    category: report.category,
    description: report.description,
    location: report.location,
    source: report.source,
    ...(report.reporter === undefined ? {} : { reporter: report.reporter }),
    status: 'reported',
    escalationLevel: 0,
    handlingStep: 0,
    reworkCount: 0,
    extensions: [],
    deferrals: [],
    stageHistory: [{ status: 'reported', at: atIso }],
    milestones: reportedMilestones(atIso),
  };
  const effects: EventEffect[] = [{ type: 'stageEntered', status: 'reported', at: atIso }];
  const limit = policy.stageLimits.reported;
  if (limit !== undefined) {
    event.deadline = deadlineFrom(calendar, 'reported', at, limit);
    effects.push({ type: 'deadlineSet', deadline: { ...event.deadline } });
  }
  return { event: markCheckedGridEvent(event, policy.catalogue), effects };
}
