import { describe, expect, it } from 'vitest';
import { createHierarchy, fromJSON } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { SMALL_CITY } from '../../support/small-city.js';

const hierarchy = createHierarchy(SMALL_CITY);

describe('toJSON / fromJSON', () => {
  it('writes a versioned document listing every node, parents first', () => {
    const json = hierarchy.toJSON();
    expect(json.format).toBe('civic-grid/hierarchy');
    expect(json.version).toBe(1);
    expect(json.nodes).toEqual(hierarchy.nodes());
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...json.nodes].sort(byId)).toEqual([...SMALL_CITY].sort(byId));
  });

  it('round-trips exactly, also through a JSON string', () => {
    const json = hierarchy.toJSON();
    expect(fromJSON(json).toJSON()).toEqual(json);
    expect(fromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
    const updated = hierarchy.move('b1', 'g4').rename('g4', '新网格').remove('h3');
    expect(fromJSON(updated.toJSON()).toJSON()).toEqual(updated.toJSON());
  });

  it('hands out copies: editing the JSON does not change the hierarchy', () => {
    const json = hierarchy.toJSON();
    (json.nodes[0] as { name: string }).name = 'edited';
    json.nodes.pop();
    expect(hierarchy.root.name).toBe('铜川市');
    expect(hierarchy.toJSON().nodes).toHaveLength(19);
  });

  it('rejects a document of another format or version, or with extra keys, listing each problem', () => {
    const error = expectCivicGridError(() => fromJSON({ format: 'other', version: 2, nodes: [], extra: 1 }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['format'], ['version'], []]);
    expect(error.issues[2]?.message).toContain('"extra"');
  });

  it('rejects non-objects and missing nodes', () => {
    expect(expectCivicGridError(() => fromJSON(null), 'VALIDATION_FAILED').issues).toHaveLength(1);
    expect(expectCivicGridError(() => fromJSON({ format: 'civic-grid/hierarchy', version: 1 }), 'VALIDATION_FAILED').issues).toEqual([
      { path: ['nodes'], message: expect.stringContaining('expected array') },
    ]);
  });

  it('validates the nodes fully, listing every bad one with its index', () => {
    const json = hierarchy.toJSON();
    json.nodes.push({ id: 'bx', level: 'building', name: 'x', parentId: 'ghost' }, { id: 'g1', level: 'grid', name: 'x', parentId: 'c3' });
    const error = expectCivicGridError(() => fromJSON(json), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      [20, 'id'],
      [19, 'parentId'],
    ]);
  });
});
