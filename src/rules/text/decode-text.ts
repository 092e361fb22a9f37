import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';

/** The encodings civic-grid reads files in: UTF-8, and GB18030 (a superset of GBK, what Excel in China saves). */
export const TEXT_ENCODINGS = ['utf-8', 'gb18030'] as const;
export const TextEncodingSchema = z.enum(TEXT_ENCODINGS);
/** An encoding civic-grid reads files in: UTF-8 or GB18030. */
export type TextEncoding = z.infer<typeof TextEncodingSchema>;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const NEWLINE = 0x0a;

export interface DecodeTextOptions {
  /** Names the input in the error, e.g. "hierarchy CSV". */
  subject: string;
  /** How the caller chooses an encoding, for the hint: `{ encoding: 'gb18030' }` in code, `--encoding gb18030` on the command line. */
  encodingOption: (encoding: TextEncoding) => string;
}

/**
 * Decodes a file's bytes strictly: bytes that are not valid in `encoding`
 * throw VALIDATION_FAILED naming the first bad line and the encoding option,
 * instead of turning names into mojibake. A UTF-8 byte order mark means UTF-8
 * whatever `encoding` says (as the WHATWG decode algorithm has it), and a
 * leading BOM is dropped in every encoding, so CSV and JSON read alike.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding, { subject, encodingOption }: DecodeTextOptions): string {
  const actual = UTF8_BOM.every((byte, index) => bytes[index] === byte) ? 'utf-8' : encoding;
  let text: string;
  try {
    text = new TextDecoder(actual, { fatal: true }).decode(bytes);
  } catch (error) {
    const line = firstBadLine(bytes, actual);
    const message =
      actual === 'utf-8'
        ? `line ${line} is not valid UTF-8; if the file is GBK or GB18030 (as Excel in China saves it), pass ${encodingOption('gb18030')}`
        : `line ${line} is not valid GB18030; if the file is UTF-8, pass ${encodingOption('utf-8')}`;
    throw CivicGridError.validation(subject, [{ path: [line], message }], error);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The 1-based line holding the first undecodable byte. A newline byte is never
 * part of a multi-byte character in UTF-8 or GB18030, so lines decode alone.
 */
function firstBadLine(bytes: Uint8Array, encoding: TextEncoding): number {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(NEWLINE, start);
    try {
      decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end === -1) return line;
    start = end + 1;
  }
}
