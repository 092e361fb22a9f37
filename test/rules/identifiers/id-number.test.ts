import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, isValidIdNumber, maskIdNumber, parseIdNumber } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { checkCharacterOf, idNumberArbitrary, withCheckCharacter } from '../../support/id-numbers.js';

const STANDARD_EXAMPLE = '11010519491231002X';

/** The error for `value`, checking no message echoes the number. */
function parseError(value: string) {
  const error = expectCivicGridError(() => parseIdNumber(value), 'VALIDATION_FAILED');
  if (value.length > 0) {
    expect(error.message).not.toContain(value);
    for (const issue of error.issues) expect(issue.message).not.toContain(value);
  }
  return error;
}

describe('isValidIdNumber', () => {
  it('accepts the example from the standard, with upper- or lowercase X', () => {
    expect(isValidIdNumber(STANDARD_EXAMPLE)).toBe(true);
    expect(isValidIdNumber(STANDARD_EXAMPLE.toLowerCase())).toBe(true);
    expect(idNumberCheckCharacter(STANDARD_EXAMPLE.slice(0, 17))).toBe('X');
  });

  it('checks the check character of 18-character numbers', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber(withCheckCharacter('61020219800101001'))).toBe(true);
  });

  it('accepts leap days only in leap years (2000 yes, 1900 no)', () => {
    expect(isValidIdNumber(withCheckCharacter('61020220000229001'))).toBe(true);
    expect(isValidIdNumber(withCheckCharacter('61020220040229001'))).toBe(true);
    expect(isValidIdNumber(withCheckCharacter('61020219000229001'))).toBe(false);
    expect(isValidIdNumber(withCheckCharacter('61020220030229001'))).toBe(false);
  });

  it.each([
    ['month 13', '61020219801301001'],
    ['month 00', '61020219800001001'],
    ['day 00', '61020219800100001'],
    ['day 32', '61020219800132001'],
    ['April 31', '61020219800431001'],
    ['a year before 1800', '61020217991231001'],
  ])('rejects a birth date with %s even with a correct check character', (_case, first17) => {
    expect(isValidIdNumber(withCheckCharacter(first17))).toBe(false);
  });

  it('checks the birth date of 15-digit numbers (19YYMMDD, no check character)', () => {
    expect(isValidIdNumber('110105491231002')).toBe(true);
    expect(isValidIdNumber('110105960229001')).toBe(true);
    expect(isValidIdNumber('110105000229001')).toBe(false);
    expect(isValidIdNumber('110105491331002')).toBe(false);
  });

  it.each([['', 'empty'], ['1101051949123100', '16 characters'], ['11010519491231002XX', '19 characters'], ['1101051949123100X', 'X in a 17-character number'], ['11010519491231X02X', 'X inside'], ['11010549123100X', '15 digits ending in X'], [' 11010519491231002X', 'a leading space']])(
    'rejects %j (%s)',
    (value) => {
      expect(isValidIdNumber(value)).toBe(false);
    },
  );

  it('returns false for non-strings instead of throwing', () => {
    expect(isValidIdNumber(11010519491231)).toBe(false);
    expect(isValidIdNumber(null)).toBe(false);
    expect(isValidIdNumber(undefined)).toBe(false);
  });
});

describe('idNumberCheckCharacter', () => {
  it('computes the check character from 17 digits', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('61020219800101001')).toBe(checkCharacterOf('61020219800101001'));
  });

  it('refuses anything but 17 digits, without echoing it (regression: returned undefined)', () => {
    for (const value of ['1101051949123100', '110105194912310021', '1101051949123100a', '']) {
      const error = expectCivicGridError(() => idNumberCheckCharacter(value), 'VALIDATION_FAILED');
      expect(error.issues).toEqual([{ path: [], message: 'the check character is computed from exactly 17 digits' }]);
      if (value !== '') expect(error.message).not.toContain(value);
    }
  });
});

describe('parseIdNumber', () => {
  it('reads the address code, birth date and sex of the standard example', () => {
    expect(parseIdNumber(STANDARD_EXAMPLE)).toEqual({ format: 18, addressCode: '110105', birthDate: '1949-12-31', sex: 'female', sequence: '002' });
    expect(parseIdNumber(STANDARD_EXAMPLE.toLowerCase()).birthDate).toBe('1949-12-31');
  });

  it('reads the sex from the parity of the sequence', () => {
    expect(parseIdNumber(withCheckCharacter('61020219800101011')).sex).toBe('male');
    expect(parseIdNumber(withCheckCharacter('61020219800101010')).sex).toBe('female');
  });

  it('reads 15-digit numbers as born in the 1900s', () => {
    expect(parseIdNumber('110105491231002')).toEqual({ format: 15, addressCode: '110105', birthDate: '1949-12-31', sex: 'female', sequence: '002' });
    expect(parseIdNumber('610202000101003')).toMatchObject({ birthDate: '1900-01-01', sex: 'male' });
  });

  it('lists every problem, naming the part but never the number', () => {
    const badDateAndCheck = `${'61020219801332001'}0`;
    expect(checkCharacterOf('61020219801332001')).not.toBe('0');
    expect(parseError(badDateAndCheck).issues).toEqual([
      { path: ['birthDate'], message: 'the birth date is not a calendar date' },
      { path: ['checkCharacter'], message: 'the check character does not match the first 17 digits' },
    ]);
    expect(parseError('110105194912310021').issues).toEqual([{ path: ['checkCharacter'], message: expect.any(String) }]);
    expect(parseError('110105491331002').issues).toEqual([{ path: ['birthDate'], message: expect.any(String) }]);
    expect(parseError('1101051949123100').issues).toEqual([{ path: [], message: expect.stringContaining('got 16 characters') }]);
    expect(parseError('').issues).toHaveLength(1);
  });

  it('rejects a non-string', () => {
    expect(expectCivicGridError(() => parseIdNumber(110105 as unknown as string), 'VALIDATION_FAILED').issues).toEqual([
      { path: [], message: expect.stringContaining('expected string') },
    ]);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskIdNumber(STANDARD_EXAMPLE)).toBe('110105********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002x');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });

  it('refuses anything that is not 15 or 18 ID characters, without echoing it', () => {
    for (const value of ['1101051949123100', '11010519491231002XX', '11010519491231002?', 'not an id number!!']) {
      const error = expectCivicGridError(() => maskIdNumber(value), 'VALIDATION_FAILED');
      expect(error.issues).toHaveLength(1);
      expect(error.message).not.toContain(value);
    }
    expect(expectCivicGridError(() => maskIdNumber(null as unknown as string), 'VALIDATION_FAILED').issues).toHaveLength(1);
  });
});

describe('ID number properties', () => {
  it('numbers built with the correct check character validate and parse back', () => {
    fc.assert(
      fc.property(idNumberArbitrary, ({ number, address, birthDate, sequence }) => {
        expect(isValidIdNumber(number)).toBe(true);
        expect(isValidIdNumber(number.toLowerCase())).toBe(true);
        expect(idNumberCheckCharacter(number.slice(0, 17))).toBe(number[17]);
        expect(parseIdNumber(number)).toEqual({ format: 18, addressCode: address, birthDate, sex: Number(sequence) % 2 === 1 ? 'male' : 'female', sequence });
        expect(maskIdNumber(number)).toBe(`${number.slice(0, 6)}********${number.slice(14)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('any single-character change makes the number invalid', () => {
    const change = fc.record({ position: fc.integer({ min: 0, max: 17 }), replacement: fc.constantFrom(...'0123456789XA') });
    fc.assert(
      fc.property(idNumberArbitrary, change, ({ number }, { position, replacement }) => {
        fc.pre(number[position] !== replacement);
        const changed = number.slice(0, position) + replacement + number.slice(position + 1);
        expect(isValidIdNumber(changed)).toBe(false);
        const error = expectCivicGridError(() => parseIdNumber(changed), 'VALIDATION_FAILED');
        expect(error.message).not.toContain(changed);
      }),
      { numRuns: 300 },
    );
  });
});
