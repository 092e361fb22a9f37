import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';

/** GB 11643-1999 weights for the first 17 digits. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
// The message does not echo the input: it is personal data.
const First17DigitsSchema = z.string().regex(/^\d{17}$/, 'the check character is computed from exactly 17 digits');

/** What a resident ID number says: its format, address code, birth date, sex and sequence number. */
export interface ParsedIdNumber {
  /** 18, or 15 for the old numbers without a check character. */
  format: 18 | 15;
  /** The 6-digit address code in force at registration (not checked against today's divisions). */
  addressCode: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  sex: 'male' | 'female';
  sequence: string;
}

/** The check character of an 18-character number, from its first 17 digits. */
export function idNumberCheckCharacter(first17Digits: string): string {
  const digits = parseWithSchema(First17DigitsSchema, first17Digits, 'ID number');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(digits[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

// Messages never echo the number: it is personal data.
function idNumberProblems(value: string): Issue[] {
  const upper = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(upper) && !/^\d{15}$/.test(upper)) {
    return [{ path: [], message: `an ID number has 18 characters (17 digits and a check digit or X) or 15 digits; got ${value.length} characters` }];
  }
  const issues: Issue[] = [];
  const birth = birthDateOf(upper);
  if (!isCalendarDate(birth.year, birth.month, birth.day)) issues.push({ path: ['birthDate'], message: 'the birth date is not a calendar date' });
  if (upper.length === 18) {
    const expected = idNumberCheckCharacter(upper.slice(0, 17));
    if (upper[17] !== expected) issues.push({ path: ['checkCharacter'], message: 'the check character does not match the first 17 digits' });
  }
  return issues;
}

/** True when `value` is a GB 11643 number: check character (18) and a real birth date (18 and 15). */
export function isValidIdNumber(value: unknown): boolean {
  return typeof value === 'string' && idNumberProblems(value).length === 0;
}

/** The address code, birth date and sex of an ID number, or VALIDATION_FAILED. */
export function parseIdNumber(value: string): ParsedIdNumber {
  const text = parseWithSchema(z.string(), value, 'ID number');
  const issues = idNumberProblems(text);
  if (issues.length > 0) throw CivicGridError.validation('ID number', issues);
  const upper = text.toUpperCase();
  const birth = birthDateOf(upper);
  const sequence = upper.length === 18 ? upper.slice(14, 17) : upper.slice(12, 15);
  return {
    format: upper.length === 18 ? 18 : 15,
    addressCode: upper.slice(0, 6),
    birthDate: `${birth.year}-${String(birth.month).padStart(2, '0')}-${String(birth.day).padStart(2, '0')}`,
    sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
    sequence,
  };
}

/** Keeps the first 6 and last 4 characters and masks the rest: 110105********002X. */
export function maskIdNumber(value: string): string {
  const text = parseWithSchema(z.string(), value, 'ID number');
  if (!/^[\dXx]{15,18}$/.test(text) || (text.length !== 15 && text.length !== 18)) {
    throw CivicGridError.validation('ID number', [{ path: [], message: `cannot mask: an ID number has 15 or 18 characters; got ${text.length}` }]);
  }
  return `${text.slice(0, 6)}${'*'.repeat(text.length - 10)}${text.slice(-4)}`;
}

function birthDateOf(upper: string): { year: number; month: number; day: number } {
  if (upper.length === 15) return { year: 1900 + Number(upper.slice(6, 8)), month: Number(upper.slice(8, 10)), day: Number(upper.slice(10, 12)) };
  return { year: Number(upper.slice(6, 10)), month: Number(upper.slice(10, 12)), day: Number(upper.slice(12, 14)) };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}
