import fc from 'fast-check';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 check character, written independently of the library as a test oracle. */
export function checkCharacterOf(first17: string): string {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (WEIGHTS[i] as number), 0);
  return '10X98765432'[sum % 11] as string;
}

/** A complete 18-character number from its first 17 digits. */
export function withCheckCharacter(first17: string): string {
  return first17 + checkCharacterOf(first17);
}

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((ds) => ds.join(''));

/** 18-character ID numbers with a real birth date and a correct check character, with their parts. */
export const idNumberArbitrary = fc
  .record({
    address: digits(6),
    birth: fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: digits(3),
  })
  .map(({ address, birth, sequence }) => {
    const iso = birth.toISOString().slice(0, 10);
    return { number: withCheckCharacter(`${address}${iso.replaceAll('-', '')}${sequence}`), address, birthDate: iso, sequence };
  });
