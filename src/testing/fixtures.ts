import { z } from 'zod';
import { createStore, type Store } from '../adapters/store.js';
import type { StorageAdapter } from '../adapters/port.js';

/** The kinds the conformance suite stores: one with several field types, one plain, one free-form. */
export const SUITE_KINDS = {
  item: z
    .object({
      id: z.string().min(1),
      name: z.string().min(1),
      size: z.number().int().min(0),
      tag: z.enum(['a', 'b']).nullable(),
      flag: z.boolean().optional(),
    })
    .strict(),
  note: z.object({ id: z.string().min(1), text: z.string() }).strict(),
  /** Free-form JSON under `body`, and `.loose()`: any other top-level field is kept too. */
  doc: z.object({ id: z.string().min(1), body: z.json() }).loose(),
};

export type SuiteStore = Store<typeof SUITE_KINDS>;
export type SuiteItem = z.input<(typeof SUITE_KINDS)['item']>;

export const SUITE_EPOCH = Date.UTC(2024, 0, 1);

/** A clock that starts at SUITE_EPOCH and moves one second per call, so runs are reproducible. */
export function counterClock(start = SUITE_EPOCH, stepMs = 1000): () => Date {
  let now = start - stepMs;
  return () => {
    now += stepMs;
    return new Date(now);
  };
}

export function suiteStore(adapter: StorageAdapter, actor = 'suite'): SuiteStore {
  return createStore(adapter, { kinds: SUITE_KINDS, clock: counterClock(), actor });
}

/**
 * Scopes of a small city. `s1` and `s10` are siblings whose ids share a
 * prefix: a string-prefix bug would leak one into the other.
 */
export const SCOPES = {
  city: ['tc'],
  wy: ['tc', 'wy'],
  s1: ['tc', 'wy', 's1'],
  s10: ['tc', 'wy', 's10'],
  c1: ['tc', 'wy', 's1', 'c1'],
  g1: ['tc', 'wy', 's1', 'c1', 'g1'],
  c2: ['tc', 'wy', 's10', 'c2'],
  yt: ['tc', 'yt'],
  odd: ['tc', 'yt', 'a/b%2F', '社区 ✓'],
} as const satisfies Record<string, readonly string[]>;

export const SCOPE_LIST: readonly (readonly string[])[] = Object.values(SCOPES);

export function item(id: string, overrides: Partial<SuiteItem> = {}): SuiteItem {
  return { id, name: `item ${id}`, size: 1, tag: null, ...overrides };
}
