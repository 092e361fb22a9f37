import { describe, expect, it } from 'vitest';
import { parseDivisionCode } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';

describe('parseDivisionCode', () => {
  it('reads 6-digit GB/T 2260 codes as province, prefecture or county', () => {
    expect(parseDivisionCode('610000')).toEqual({ code: '610000', level: 'province', parts: { province: '61', prefecture: '00', county: '00' } });
    expect(parseDivisionCode('610200')).toEqual({ code: '610200', level: 'prefecture', parts: { province: '61', prefecture: '02', county: '00' } });
    expect(parseDivisionCode('610202')).toEqual({ code: '610202', level: 'county', parts: { province: '61', prefecture: '02', county: '02' } });
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
    expect(parseDivisionCode(code)).toEqual({ code, level: 'township', kind, parts: { province: '61', prefecture: '02', county: code.slice(4, 6), township: code.slice(6) } });
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
    expect(parsed.kind).toBe(kind);
    expect(parsed.parts).toEqual({ province: '61', prefecture: '02', county: code.slice(4, 6), township: code.slice(6, 9), village: code.slice(9) });
  });

  it('reads zero-padded parents as the higher level they name', () => {
    expect(parseDivisionCode('110101001000')).toEqual({
      code: '110101001000',
      level: 'township',
      kind: 'street',
      parts: { province: '11', prefecture: '01', county: '01', township: '001', village: '000' },
    });
    expect(parseDivisionCode('610202000')).toMatchObject({ level: 'county' });
    expect(parseDivisionCode('610202000000')).toMatchObject({ level: 'county' });
    expect(parseDivisionCode('610200000000')).toMatchObject({ level: 'prefecture' });
  });

  it('reads 14- and 15-digit grid codes with their sequence', () => {
    expect(parseDivisionCode('61020200100101')).toEqual({
      code: '61020200100101',
      level: 'grid',
      kind: 'residentsCommittee',
      parts: { province: '61', prefecture: '02', county: '02', township: '001', village: '001', grid: '01' },
    });
    expect(parseDivisionCode('610202001001012').parts.grid).toBe('012');
    expect(parseDivisionCode('61020200100100').parts.grid).toBe('00');
    expect(parseDivisionCode('61022210020103').kind).toBe('villageCommittee');
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
