import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { decodeText, TextEncodingSchema } from './decode-text.js';

/** Options of the CSV readers. */
export interface CsvOptions {
  /** How to decode a file given as bytes: 'utf-8' (the default) or 'gb18030' (also reads GBK). */
  encoding?: 'utf-8' | 'gb18030';
}

const CsvOptionsSchema = z.object({ encoding: TextEncodingSchema.optional() }).strict();

/** The text of a CSV given as a string, or as bytes decoded strictly in `options.encoding`. */
export function csvText(input: string | Uint8Array, options: CsvOptions, subject: string): string {
  const { encoding = 'utf-8' } = parseWithSchema(CsvOptionsSchema, options, `${subject} options`);
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return decodeText(input, encoding, { subject, encodingOption: (name) => `{ encoding: '${name}' }` });
  throw CivicGridError.validation(subject, [{ path: [], message: `expected string or Uint8Array, received ${input === null ? 'null' : typeof input}` }]);
}

/** One CSV record by column, and the line it ends on (records may span lines). */
export interface CsvRow {
  record: Record<string, string>;
  info: { lines: number };
}

/**
 * The header and the records of a CSV. The header is captured separately: a
 * header-only file has no rows to read it from. Malformed CSV (an unclosed
 * quote, a short row) is VALIDATION_FAILED at its line.
 */
export function readCsvRows(csv: string, subject: string, { trim }: { trim: boolean }): { header: string[]; rows: CsvRow[] } {
  let header: string[] = [];
  const captureHeader = (columns: string[]) => (header = columns);
  try {
    const rows = parse(csv, { columns: captureHeader, info: true, skip_empty_lines: true, trim, bom: true }) as CsvRow[];
    return { header, rows };
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw CivicGridError.validation(subject, [{ path: [line], message: `line ${line}: ${(error as Error).message}` }], error);
  }
}
