import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CivicGridError, ERROR_CODES, formatIssue, isCivicGridError, parseWithSchema, zodIssuesToIssues } from '../../src/index.js';
import { expectCivicGridError } from '../support/expect-error.js';

describe('CivicGridError', () => {
  it('has the stable codes the issue names', () => {
    for (const code of ['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT', 'VERSION_CONFLICT', 'INVALID_TRANSITION', 'FORBIDDEN', 'ADAPTER_FAILURE'] as const) {
      expect(ERROR_CODES).toContain(code);
    }
  });

  it('carries a code, its issues and a cause, and is an Error', () => {
    const cause = new Error('disk full');
    const error = new CivicGridError('ADAPTER_FAILURE', 'could not save grid "g1"', { issues: [{ path: ['grids', 0], message: 'write failed' }], cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CivicGridError');
    expect(error.code).toBe('ADAPTER_FAILURE');
    expect(error.message).toBe('could not save grid "g1"');
    expect(error.issues).toEqual([{ path: ['grids', 0], message: 'write failed' }]);
    expect(error.cause).toBe(cause);
  });

  it('defaults to no issues and no cause', () => {
    const error = new CivicGridError('NOT_FOUND', 'no such thing');
    expect(error.issues).toEqual([]);
    expect(error.cause).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('validation() summarises every issue in the message, with paths', () => {
    const error = CivicGridError.validation('hierarchy', [
      { path: [3, 'parentId'], message: 'orphan "b1"' },
      { path: [], message: 'no root' },
    ]);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('hierarchy: 2 problems: 3.parentId: orphan "b1"; no root');
    expect(error.issues).toHaveLength(2);
    expect(CivicGridError.validation('x', [{ path: ['a'], message: 'bad' }]).message).toBe('x: 1 problem: a: bad');
  });

  it('validation() shows the first five issues and counts the rest, keeping all in issues', () => {
    const issues = Array.from({ length: 8 }, (_, i) => ({ path: [i], message: `bad ${i}` }));
    const error = CivicGridError.validation('rows', issues, 'the cause');
    expect(error.message).toBe('rows: 8 problems: 0: bad 0; 1: bad 1; 2: bad 2; 3: bad 3; 4: bad 4; and 3 more');
    expect(error.issues).toEqual(issues);
    expect(error.cause).toBe('the cause');
  });

  it('formatIssue joins the path with dots', () => {
    expect(formatIssue({ path: ['nodes', 2, 'code'], message: 'too short' })).toBe('nodes.2.code: too short');
    expect(formatIssue({ path: [], message: 'empty' })).toBe('empty');
  });

  it('isCivicGridError narrows, optionally by code', () => {
    const error = new CivicGridError('CONFLICT', 'x');
    expect(isCivicGridError(error)).toBe(true);
    expect(isCivicGridError(error, 'CONFLICT')).toBe(true);
    expect(isCivicGridError(error, 'NOT_FOUND')).toBe(false);
    expect(isCivicGridError(new Error('x'))).toBe(false);
    expect(isCivicGridError({ code: 'CONFLICT' })).toBe(false);
  });

  it('is recognised across two copies of the module (the dual-package hazard)', async () => {
    // The query string makes vite load the file a second time: another class, as a CJS and an ESM copy would be.
    const second = new URL('../../src/errors/civic-grid-error.ts?copy', import.meta.url).href;
    const copy = (await import(/* @vite-ignore */ second)) as typeof import('../../src/errors/civic-grid-error.js');
    expect(copy.CivicGridError).not.toBe(CivicGridError);
    const foreign = new copy.CivicGridError('CONFLICT', 'from the other copy');
    expect(foreign instanceof CivicGridError).toBe(true);
    expect(isCivicGridError(foreign, 'CONFLICT')).toBe(true);
    expect(copy.isCivicGridError(new CivicGridError('NOT_FOUND', 'from this copy'), 'NOT_FOUND')).toBe(true);
    expect(isCivicGridError(Object.assign(Object.create(Error.prototype) as object, { [Symbol.for('civic-grid.CivicGridError')]: true, code: 'FORBIDDEN' }), 'FORBIDDEN')).toBe(true);
  });

  it('keeps instanceof for subclasses and non-errors strict', () => {
    class Special extends CivicGridError {}
    expect(new Special('CONFLICT', 'x') instanceof CivicGridError).toBe(true);
    expect(new Special('CONFLICT', 'x') instanceof Special).toBe(true);
    expect(new CivicGridError('CONFLICT', 'x') instanceof Special).toBe(false);
    for (const value of [null, undefined, 'CivicGridError', new Error('x'), { name: 'CivicGridError', code: 'CONFLICT' }]) expect(value instanceof CivicGridError).toBe(false);
  });
});

describe('parseWithSchema', () => {
  const Schema = z.object({ name: z.string().min(1), tags: z.array(z.number()) }).strict();

  it('returns the parsed value', () => {
    expect(parseWithSchema(Schema, { name: 'x', tags: [1] }, 'thing')).toEqual({ name: 'x', tags: [1] });
  });

  it('throws VALIDATION_FAILED listing every issue with its path, the subject in the message and the zod error as cause', () => {
    const error = expectCivicGridError(() => parseWithSchema(Schema, { name: '', tags: [1, 'two', 'three'] }, 'thing'), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['name'], ['tags', 1], ['tags', 2]]);
    expect(error.message).toMatch(/^thing: 3 problems: name: /);
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });

  it('zodIssuesToIssues prefixes a base path', () => {
    const result = Schema.safeParse({ name: 1, tags: [] });
    expect(result.success).toBe(false);
    if (!result.success) expect(zodIssuesToIssues(result.error, ['nodes', 4]).map((issue) => issue.path)).toEqual([['nodes', 4, 'name']]);
  });
});
