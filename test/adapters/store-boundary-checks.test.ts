import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { knownFieldsOf } from '../../src/adapters/kind-fields.js';
import { createStore } from '../../src/adapters/store.js';
import { MAX_JSON_DEPTH, nestingProblems, storableJsonProblems } from '../../src/adapters/storable-json.js';

const fieldsOf = (schema: z.ZodType): string[] | null => {
  const fields = knownFieldsOf(schema);
  return fields === null ? null : [...fields].sort();
};

describe('knownFieldsOf', () => {
  const base = z.object({ id: z.string(), name: z.string() });

  it('finds the shape of plain and strict objects through wrappers, refinements and pipes', () => {
    expect(fieldsOf(base)).toEqual(['id', 'name']);
    expect(fieldsOf(base.strict())).toEqual(['id', 'name']);
    expect(fieldsOf(base.refine(() => true))).toEqual(['id', 'name']);
    expect(fieldsOf(base.default({ id: 'a', name: 'b' }).readonly())).toEqual(['id', 'name']);
    expect(fieldsOf(z.preprocess((value) => value, base))).toEqual(['id', 'name']);
    expect(fieldsOf(z.string().pipe(z.transform(() => ({ id: 'x', name: 'y' }))).pipe(base))).toEqual(['id', 'name']);
    expect(fieldsOf(z.lazy(() => base))).toEqual(['id', 'name']);
  });

  it('takes every field of a union or an intersection', () => {
    expect(fieldsOf(z.union([base, z.object({ id: z.string(), size: z.number() })]))).toEqual(['id', 'name', 'size']);
    expect(fieldsOf(z.discriminatedUnion('type', [z.object({ id: z.string(), type: z.literal('a') }), z.object({ id: z.string(), type: z.literal('b'), extra: z.number() })]))).toEqual(['extra', 'id', 'type']);
    expect(fieldsOf(z.intersection(base, z.object({ size: z.number() })))).toEqual(['id', 'name', 'size']);
  });

  it('accepts any field when unknown keys are kept or the shape cannot be found', () => {
    expect(fieldsOf(base.loose())).toBeNull();
    expect(fieldsOf(base.catchall(z.number()))).toBeNull();
    expect(fieldsOf(base.transform((value) => ({ ...value, added: 1 })))).toBeNull();
    expect(fieldsOf(z.record(z.string(), z.unknown()) as never)).toBeNull();
    expect(fieldsOf(z.union([base, base.loose()]))).toBeNull();
  });
});

/** Every string and key in a JSON value, found independently of the code under test. */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [key, ...textsOf(item)]);
  return [];
}

const storable = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed() && !text.includes('\u0000');

describe('storableJsonProblems', () => {
  it('flags a JSON value exactly when one of its strings or keys holds NUL or a lone surrogate', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\uD800', '\uDFFF', 'a', '/'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 4 });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 }), (json, withText) => {
        const value = { json, withText };
        expect(storableJsonProblems(value).length > 0).toBe(!textsOf(value).every(storable));
      }),
    );
  });

  it('names the path of each problem and stops at cycles and at the depth bound', () => {
    const looped: Record<string, unknown> = { a: [{}] };
    ((looped.a as object[])[0] as Record<string, unknown>).back = looped;
    expect(storableJsonProblems(looped).map((issue) => issue.path)).toEqual([['a', 0, 'back']]);
    expect(nestingProblems(looped).map((issue) => issue.path)).toEqual([['a', 0, 'back']]);
    // A shared, acyclic object is fine.
    const shared = { x: 1 };
    expect(storableJsonProblems({ left: shared, right: [shared, shared] })).toEqual([]);
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = { deeper: deep };
    const [issue, ...rest] = storableJsonProblems(deep);
    expect(rest).toEqual([]);
    expect(issue?.path).toHaveLength(MAX_JSON_DEPTH);
  });

  it('leaves values it does not understand to the schema before parsing, and refuses them after', () => {
    const raw = { when: new Date(0), text: 'a\u0000', list: [undefined] };
    expect(nestingProblems(raw)).toEqual([]);
    expect(storableJsonProblems(raw).map((issue) => issue.path.join('.')).sort()).toEqual(['list.0', 'text', 'when']);
  });
});

describe('createStore options', () => {
  it('refuses kind names no adapter could store unchanged', () => {
    const schema = z.object({ id: z.string() });
    for (const name of ['', 'a\u0000b', 'k\uD800']) {
      expect(() => createStore(createMemoryAdapter(), { kinds: { [name]: schema } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    expect(() => createStore(createMemoryAdapter(), { kinds: { ok: schema }, actor: 'a\u0000' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(createStore(createMemoryAdapter(), { kinds: { '网格/%_': schema } }).adapterName).toBe('memory');
  });
});
