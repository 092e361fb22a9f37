import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommitteeMemberSchema, EACH, GridEventSchema, HierarchyNodeSchema, LeaderSchema, maskValue, NeedSchema, personalData, personalFieldsOf, ResourceSchema, STANDARD_MASK_PATTERNS, UnitSchema } from '../../src/index.js';

describe('personal data declared in the schemas', () => {
  it('finds the declared fields of the existing entities', () => {
    expect(personalFieldsOf(NeedSchema).map(({ field, kind }) => [field, kind])).toEqual([
      ['description', 'freeText'],
      ['requester.id', 'personId'],
    ]);
    expect(personalFieldsOf(ResourceSchema)).toEqual([{ field: 'declines.requesters', path: ['declines', 'requesters', EACH], kind: 'personId' }]);
    expect(personalFieldsOf(UnitSchema)).toEqual([]);
    // People by name: committee members (candidates too) and leaders holding contact points.
    expect(personalFieldsOf(CommitteeMemberSchema).map(({ field, kind }) => [field, kind])).toEqual([['name', 'name']]);
    expect(personalFieldsOf(LeaderSchema).map(({ field, kind }) => [field, kind])).toEqual([['name', 'name']]);
    // Hierarchy nodes are places, with no personal field (a household's name is its room label).
    expect(personalFieldsOf(HierarchyNodeSchema)).toEqual([]);
    // A grid event's reporter (name, phone) and its free-text description.
    expect(personalFieldsOf(GridEventSchema).map(({ field, kind }) => [field, kind])).toEqual([
      ['description', 'freeText'],
      ['reporter.name', 'name'],
      ['reporter.phone', 'phone'],
    ]);
  });

  it('finds fields through optional, nullable, arrays, unions and pipes', () => {
    const schema = z.object({
      name: z.string().register(personalData, { kind: 'name' }),
      contact: z.union([z.object({ phone: z.string().register(personalData, { kind: 'phone' }) }), z.null()]).optional(),
      homes: z.array(z.object({ address: z.string().register(personalData, { kind: 'address' }).nullable() })),
      idNumber: z.string().register(personalData, { kind: 'idNumber' }).pipe(z.string()),
    });
    expect(personalFieldsOf(schema).map(({ field, kind }) => [field, kind])).toEqual([
      ['name', 'name'],
      ['contact.phone', 'phone'],
      ['homes.address', 'address'],
      ['idNumber', 'idNumber'],
    ]);
  });
});

describe('mask patterns', () => {
  it('masks as the city conventions say', () => {
    expect(maskValue('11010519491231002X', STANDARD_MASK_PATTERNS.idNumber)).toBe('110105********002X');
    expect(maskValue('13812341234', STANDARD_MASK_PATTERNS.phone)).toBe('138****1234');
    expect(maskValue('张三', STANDARD_MASK_PATTERNS.name)).toBe('张*');
    expect(maskValue('张三丰', STANDARD_MASK_PATTERNS.name)).toBe('张**');
    expect(maskValue('张', STANDARD_MASK_PATTERNS.name)).toBe('*');
    expect(maskValue('王益区红旗街3号楼2单元5楼501室', STANDARD_MASK_PATTERNS.address)).toBe('王益区红旗街3号楼***');
    expect(maskValue('红旗街12栋', STANDARD_MASK_PATTERNS.address)).toBe('***');
    expect(maskValue('no building here', STANDARD_MASK_PATTERNS.address)).toBe('***');
    expect(maskValue('anything', STANDARD_MASK_PATTERNS.freeText)).toBe('***');
    expect(maskValue(null, STANDARD_MASK_PATTERNS.phone)).toBeNull();
    expect(maskValue(12345678901, STANDARD_MASK_PATTERNS.phone)).toBe('***');
  });

  it('keeps at most the declared ends and always hides at least one character (code points, not UTF-16 units)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(8), fc.nat(8), (value, keepStart, keepEnd) => {
        const masked = maskValue(value, { keepStart, keepEnd }) as string;
        const input = Array.from(value);
        const output = Array.from(masked);
        expect(output.length).toBe(input.length);
        const hidden = output.filter((character, index) => character === '*' && input[index] !== '*').length;
        if (input.some((character) => character !== '*')) expect(hidden).toBeGreaterThan(0);
        output.forEach((character, index) => {
          if (character !== '*') {
            expect(character).toBe(input[index]);
            expect(index < keepStart || index >= input.length - keepEnd).toBe(true);
          }
        });
      }),
    );
  });
});
