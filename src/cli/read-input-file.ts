import { readFile } from 'node:fs/promises';
import { decodeText, type TextEncoding, TextEncodingSchema } from '../rules/text/decode-text.js';
import { UsageError } from './command-args.js';

/** The --encoding option of the commands that read a file. */
export const ENCODING_OPTION = { encoding: { type: 'string', default: 'utf-8' } } as const;

export const ENCODING_HELP = '--encoding utf-8|gb18030   how FILE is encoded (default utf-8; gb18030 also reads GBK, what Excel in China saves)';

export function encodingOf(value: string): TextEncoding {
  const result = TextEncodingSchema.safeParse(value.toLowerCase());
  if (!result.success) throw new UsageError(`--encoding takes utf-8 or gb18030, got "${value}"`);
  return result.data;
}

/** The file's bytes, or a UsageError when it cannot be read (a missing file is a usage error, exit 2). */
export async function readInputFile(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Decodes strictly: bad bytes are VALIDATION_FAILED (exit 1) naming the line and --encoding. */
export function decodeInputFile(bytes: Uint8Array, encoding: TextEncoding, file: string): string {
  return decodeText(bytes, encoding, { subject: file, encodingOption: (name) => `--encoding ${name}` });
}
