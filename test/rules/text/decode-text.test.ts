import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CivicGridError } from '../../../src/index.js';
import { decodeText } from '../../../src/rules/text/decode-text.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { gbkBytes } from '../../support/gbk.js';

const options = { subject: 'test file', encodingOption: (name: string) => `--encoding ${name}` };

describe('decodeText', () => {
  it('refuses GBK bytes as UTF-8, naming the first bad line and the encoding option (regression: names came out garbled)', () => {
    const error = expectCivicGridError(() => decodeText(gbkBytes('id,name\ntc,铜川市\n'), 'utf-8', options), 'VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: [2], message: 'line 2 is not valid UTF-8; if the file is GBK or GB18030 (as Excel in China saves it), pass --encoding gb18030' }]);
  });

  it('reads GBK with gb18030 (Node 20 ships full ICU)', () => {
    expect(decodeText(gbkBytes('tc,铜川市\nwy,王益区\n'), 'gb18030', options)).toBe('tc,铜川市\nwy,王益区\n');
  });

  it('drops a BOM in every encoding, and a UTF-8 BOM means UTF-8 whatever the option', () => {
    const utf8 = new TextEncoder().encode('\uFEFF[{"name":"铜川市"}]');
    expect(decodeText(utf8, 'utf-8', options)).toBe('[{"name":"铜川市"}]');
    expect(decodeText(utf8, 'gb18030', options)).toBe('[{"name":"铜川市"}]');
    const gb18030Bom = Uint8Array.from([0x84, 0x31, 0x95, 0x33, ...gbkBytes('铜川市')]);
    expect(decodeText(gb18030Bom, 'gb18030', options)).toBe('铜川市');
    expect(expectCivicGridError(() => decodeText(gb18030Bom, 'utf-8', options), 'VALIDATION_FAILED').issues[0]?.path).toEqual([1]);
  });

  it('names the other way round too: UTF-8 that is not GB18030', () => {
    const bytes = Uint8Array.from([0x61, 0x0a, 0xff]);
    expect(expectCivicGridError(() => decodeText(bytes, 'gb18030', options), 'VALIDATION_FAILED').issues).toEqual([
      { path: [2], message: 'line 2 is not valid GB18030; if the file is UTF-8, pass --encoding utf-8' },
    ]);
  });

  it('round-trips any UTF-8 text, and on any bytes either decodes or names a line that exists (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
        expect(decodeText(new TextEncoder().encode(text), 'utf-8', options)).toBe(withoutBom);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('utf-8' as const, 'gb18030' as const), (bytes, encoding) => {
        try {
          decodeText(bytes, encoding, options);
        } catch (error) {
          expect(error).toBeInstanceOf(CivicGridError);
          const line = (error as CivicGridError).issues[0]?.path[0] as number;
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(bytes.filter((byte) => byte === 0x0a).length + 1);
        }
      }),
    );
  });
});
