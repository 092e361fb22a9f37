import {
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  chinaWorkCalendar,
  createEventPolicy,
  reportEvent,
  transitionEvent,
  type EventCommand,
  type EventPolicy,
  type EventPolicyInput,
  type GridEvent,
  type EventReport,
} from '../../../src/index.js';

export const calendar = chinaWorkCalendar();

/** Tongchuan's catalogue; every command open to every actor, so tests name roles only where roles matter. */
export function openPolicy(overrides: Partial<EventPolicyInput> = {}): EventPolicy {
  return createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE, commandRoles: {}, ...overrides });
}

/** An instant given in Beijing time ('2026-02-13T16:00'). */
export function beijing(local: string): Date {
  return new Date(`${local}:00+08:00`);
}

export const NEIGHBOUR_DISPUTE = { classCode: '01', subclassCode: '01' } as const;

export function report(id: string, at: Date, policy: EventPolicy, extra: Partial<EventReport> = {}): GridEvent {
  return reportEvent(
    { id, category: NEIGHBOUR_DISPUTE, description: 'noise after midnight', location: { nodeId: 'grid-1' }, source: 'patrol', ...extra },
    { at, calendar, policy },
  ).event;
}

/** Applies commands in order, all at `at`. */
export function run(event: GridEvent, at: Date, policy: EventPolicy, ...commands: EventCommand[]): GridEvent {
  return commands.reduce((current, command) => transitionEvent(current, command, { at, calendar, policy }).event, event);
}

export const DISPATCH: EventCommand = { type: 'dispatch', assignee: { kind: 'department', id: 'justice-bureau' } };
