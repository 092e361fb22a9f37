import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCodeProblem, parseDivisionCode } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';

describe('parseDivisionCode', () => {
  it('reads 6-digit GB/T 2260 codes as province, prefecture or county', () => {
    expect(parseDivisionCode('610000')).toEqual({ code: '610000', level: 'province', hierarchyLevel: null, parts: { province: '61', prefecture: '00', county: '00' } });
    expect(parseDivisionCode('610200')).toEqual({ code: '610200', level: 'prefecture', hierarchyLevel: 'city', parts: { province: '61', prefecture: '02', county: '00' } });
    expect(parseDivisionCode('610202')).toEqual({ code: '610202', level: 'county', hierarchyLevel: 'district', parts: { province: '61', prefecture: '02', county: '02' } });
  });

  it.each([
    ['610202001', 'street'],
    ['610202099', 'street'],
    ['610222100', 'town'],
    ['610222199', 'town'],
    ['610222200', 'township'],
    ['610222399', 'township'],
    ['610222400', 'other'],
  ] as const)('reads 9-digit township code %s as a %s', (code, kind) => {
    expect(parseDivisionCode(code)).toEqual({ code, level: 'township', hierarchyLevel: 'street', kind, parts: { province: '61', prefecture: '02', county: code.slice(4, 6), township: code.slice(6) } });
  });

  it.each([
    ['610202001001', 'residentsCommittee'],
    ['610202001199', 'residentsCommittee'],
    ['610222100200', 'villageCommittee'],
    ['610222100399', 'villageCommittee'],
    ['610222100400', 'other'],
  ] as const)('reads 12-digit statistics code %s as a %s', (code, kind) => {
    const parsed = parseDivisionCode(code);
    expect(parsed.level).toBe('village');
    expect(parsed.hierarchyLevel).toBe('community');
    expect(parsed.kind).toBe(kind);
    expect(parsed.parts).toEqual({ province: '61', prefecture: '02', county: code.slice(4, 6), township: code.slice(6, 9), village: code.slice(9) });
  });

  it('reads zero-padded parents as the higher level they name', () => {
    expect(parseDivisionCode('110101001000')).toEqual({
      code: '110101001000',
      level: 'township',
      hierarchyLevel: null,
      kind: 'street',
      parts: { province: '11', prefecture: '01', county: '01', township: '001', village: '000' },
    });
    expect(parseDivisionCode('610202000')).toMatchObject({ level: 'county', hierarchyLevel: null });
    expect(parseDivisionCode('610202000000')).toMatchObject({ level: 'county', hierarchyLevel: null });
    expect(parseDivisionCode('610200000000')).toMatchObject({ level: 'prefecture', hierarchyLevel: null });
  });

  it('reads 14- and 15-digit grid codes with their sequence', () => {
    expect(parseDivisionCode('61020200100101')).toEqual({
      code: '61020200100101',
      level: 'grid',
      hierarchyLevel: 'grid',
      kind: 'residentsCommittee',
      parts: { province: '61', prefecture: '02', county: '02', township: '001', village: '001', grid: '01' },
    });
    expect(parseDivisionCode('610202001001012').parts.grid).toBe('012');
    expect(parseDivisionCode('61020200100100').parts.grid).toBe('00');
    expect(parseDivisionCode('61022210020103').kind).toBe('villageCommittee');
  });

  it('names the hierarchy level of a code, so a node can be checked against it', () => {
    const levelOf = (code: string) => parseDivisionCode(code).hierarchyLevel;
    expect(['610200', '610202', '610202001', '610202001001', '61020200100101', '610202001001012'].map(levelOf)).toEqual([
      'city',
      'district',
      'street',
      'community',
      'grid',
      'grid',
    ]);
  });

  it('gives only hierarchy levels whose code length the hierarchy accepts (property)', () => {
    const digits = (length: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: length, maxLength: length }).map((d) => d.join(''));
    // Zero-padded parts are common in real codes: draw them often.
    const part = (length: number) => fc.oneof(fc.constant('0'.repeat(length)), digits(length));
    const code = fc
      .tuple(part(2), part(2), part(2), part(3), part(3), fc.constantFrom('', '00', '01', '012'), fc.constantFrom(6, 9, 12, 14))
      .map(([p, f, c, t, v, g, length]) => `${p}${f}${c}${t}${v}${g}`.slice(0, length === 14 ? 12 + g.length : length))
      .filter((text) => /^(\d{6}|\d{9}|\d{12}|\d{14}|\d{15})$/.test(text));
    fc.assert(
      fc.property(code, (text) => {
        let parsed;
        try {
          parsed = parseDivisionCode(text);
        } catch {
          return;
        }
        if (parsed.hierarchyLevel !== null) expect(nodeCodeProblem(parsed.hierarchyLevel, text)).toBeNull();
        // A 9- or 12-digit code whose last part is 000 is padded and codes no node; so does a province.
        const padded = (text.length === 9 || text.length === 12) && text.endsWith('000');
        expect(parsed.hierarchyLevel === null).toBe(padded || parsed.level === 'province');
      }),
    );
  });

  it.each([
    ['5 digits', '61020'],
    ['7 digits', '6102021'],
    ['10 digits', '6102020010'],
    ['13 digits', '6102020010010'],
    ['16 digits', '6102020010010011'],
    ['letters', '61020a'],
    ['spaces', ' 610202'],
    ['empty', ''],
  ])('rejects %s', (_case, code) => {
    const error = expectCivicGridError(() => parseDivisionCode(code), 'VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: [], message: 'a division code has 6, 9, 12, 14 or 15 digits' }]);
  });

  it('rejects province 00, a village under township 000, and a grid not under a community', () => {
    for (const [code, message] of [
      ['000000', 'province 00'],
      ['001234', 'province 00'],
      ['610202000001', 'village under township 000'],
      ['61020200000001', 'must extend a 12-digit community code'],
      ['61020200100001', 'must extend a 12-digit community code'],
    ] as const) {
      const error = expectCivicGridError(() => parseDivisionCode(code), 'VALIDATION_FAILED');
      expect(error.issues).toEqual([{ path: [], message: expect.stringContaining(message) }]);
      expect(error.message).toContain(code);
    }
  });

  it('rejects a non-string', () => {
    expect(expectCivicGridError(() => parseDivisionCode(610202 as unknown as string), 'VALIDATION_FAILED').issues).toEqual([
      { path: [], message: expect.stringContaining('expected string') },
    ]);
  });
});
