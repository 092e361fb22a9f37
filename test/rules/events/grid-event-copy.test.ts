import { describe, expect, it } from 'vitest';
import { GridEventFieldsSchema, GridEventMilestonesSchema, GridEventSchema, type GridEvent } from '../../../src/index.js';
import { escalatedMilestones } from '../../../src/rules/events/event-milestones.js';
import { escalatedGridEventCopy, flaggedGridEventCopy } from '../../../src/rules/events/grid-event-copy.js';
import { DISPATCH, beijing, openPolicy, report, run } from './event-fixtures.js';

const policy = openPolicy();
const at = beijing('2026-03-02T09:00');

/** An in-progress event carrying every field the schema has, optional ones included (in no particular order). */
function everyField(): GridEvent {
  const started = run(report('e1', at, policy, { reporter: { name: 'Wang', phone: '139' } }), at, policy, { type: 'register' }, DISPATCH, { type: 'start' });
  const event = {
    evaluation: { at: at.toISOString(), score: 4 },
    duplicateOf: 'e0',
    flag: 'amber' as const,
    ...structuredClone(started),
    milestones: { ...started.milestones!, registeredAt: at.toISOString(), dispatchedAt: at.toISOString(), handledAt: at.toISOString(), handlingDueAt: at.toISOString(), handlingOnTime: true, closedAt: at.toISOString(), workingClock: { reported: 0, closed: 5 } },
  };
  return GridEventSchema.parse(event);
}

describe('the sweep’s event copies', () => {
  it('keep every field an event can have, in the schema’s order, as plain objects', () => {
    const event = everyField();
    const schemaOrder = Object.keys(GridEventFieldsSchema.shape);
    expect(Object.keys(event).sort()).toEqual([...schemaOrder].sort());
    const flagged = flaggedGridEventCopy(event, 'red');
    expect(flagged).toEqual({ ...event, flag: 'red' });
    expect(Object.keys(flagged)).toEqual(schemaOrder);
    expect(Object.getPrototypeOf(flagged)).toBe(Object.prototype);

    const deadline = { ...event.deadline!, dueAt: beijing('2026-03-04T09:00').toISOString() };
    const escalated = escalatedGridEventCopy(event, 2, deadline, event.milestones);
    const { flag: _dropped, ...unflagged } = event;
    expect(escalated).toEqual({ ...unflagged, escalationLevel: 2, deadline });
    expect(Object.keys(escalated)).toEqual(schemaOrder.filter((key) => key !== 'flag'));
  });

  it('leave out what the event leaves out (never a key holding undefined)', () => {
    const reported = report('e2', at, policy);
    const { milestones: _none, ...bare } = structuredClone(reported);
    const copy = flaggedGridEventCopy(bare, 'amber');
    expect(Object.keys(copy).sort()).toEqual([...Object.keys(bare), 'flag'].sort());
    expect(Object.values(copy)).not.toContain(undefined);
  });

  it('escalating a handling round copies every milestone and sets it off time', () => {
    const event = everyField();
    const milestones = escalatedMilestones(event)!;
    expect(milestones).toEqual({ ...event.milestones, handlingOnTime: false });
    expect(Object.keys(milestones)).toEqual(Object.keys(GridEventMilestonesSchema.shape));
  });
});
