import { open, readFile, rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { JsonObject } from '../port.js';
import { type MemoryAuditRow, type MemoryRow, MemoryState } from './memory-adapter.js';

/** The `format` tag of a memory-store snapshot. */
export const SNAPSHOT_FORMAT = 'civic-grid/memory-store';
/** The version of the memory-store snapshot format. */
export const SNAPSHOT_VERSION = 1;

/** The JSON form of a memory store: every record and the whole audit log. */
export interface MemorySnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  nextSeq: number;
  records: MemoryRow[];
  audit: MemoryAuditRow[];
}

const IsoSchema = z.iso.datetime();
const RowSchema = z
  .object({
    kind: z.string().min(1),
    id: z.string().min(1),
    version: z.number().int().min(1),
    createdAt: IsoSchema,
    updatedAt: IsoSchema,
    scope: z.array(z.string().min(1)).min(1),
    data: z.record(z.string(), z.json()),
  })
  .strict();
const AuditRowSchema = z
  .object({
    seq: z.number().int().min(1),
    at: IsoSchema,
    actor: z.string(),
    kind: z.string().min(1),
    id: z.string().min(1),
    op: z.enum(['insert', 'update', 'remove']),
    before: RowSchema.nullable(),
    after: RowSchema.nullable(),
  })
  .strict();
const SnapshotSchema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    version: z.literal(SNAPSHOT_VERSION),
    nextSeq: z.number().int().min(1),
    records: z.array(RowSchema),
    audit: z.array(AuditRowSchema),
  })
  .strict();

export function snapshotOf(state: MemoryState): MemorySnapshot {
  const records: MemoryRow[] = [];
  for (const table of state.tables.values()) records.push(...table.rows.values());
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, nextSeq: state.nextSeq, records, audit: [...state.audit] };
}

/** Rebuilds a state from a snapshot; VALIDATION_FAILED for a malformed one, SCHEMA_TOO_NEW for a later format. */
export function stateFromSnapshot(input: unknown): MemoryState {
  const version = (input as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > SNAPSHOT_VERSION) {
    throw new CivicGridError('SCHEMA_TOO_NEW', `the memory snapshot is format version ${version}; this civic-grid reads up to ${SNAPSHOT_VERSION}`);
  }
  const snapshot = parseWithSchema(SnapshotSchema, input, 'memory snapshot');
  const state = new MemoryState();
  const freeze = (row: z.infer<typeof RowSchema>): MemoryRow => Object.freeze({ ...row, scope: Object.freeze(row.scope), data: deepFreeze(row.data as JsonObject) });
  for (const row of snapshot.records) state.table(row.kind).put(freeze(row));
  for (const entry of snapshot.audit) {
    state.audit.push(Object.freeze({ ...entry, before: entry.before && freeze(entry.before), after: entry.after && freeze(entry.after) }));
  }
  state.nextSeq = snapshot.nextSeq;
  return state;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Writes the snapshot to `file` atomically (a temporary file renamed over
 * it), streaming rows in chunks so a big store never becomes one huge string.
 */
export async function writeSnapshotFile(state: MemoryState, file: string): Promise<void> {
  const snapshot = snapshotOf(state);
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.write(`{"format":${JSON.stringify(snapshot.format)},"version":${snapshot.version},"nextSeq":${snapshot.nextSeq},\n"records":[`);
    await writeRows(handle, snapshot.records);
    await handle.write('],\n"audit":[');
    await writeRows(handle, snapshot.audit);
    await handle.write(']}\n');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
}

async function writeRows(handle: Awaited<ReturnType<typeof open>>, rows: readonly unknown[]): Promise<void> {
  const chunk = 5_000;
  for (let start = 0; start < rows.length; start += chunk) {
    const text = rows.slice(start, start + chunk).map((row) => JSON.stringify(row)).join(',\n');
    await handle.write(start === 0 ? `\n${text}` : `,\n${text}`);
  }
}

/** The state stored in `file`, or null when there is no such file. */
export async function readSnapshotFile(file: string): Promise<MemoryState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CivicGridError('ADAPTER_FAILURE', `memory adapter: cannot read snapshot ${file}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw CivicGridError.validation(`memory snapshot ${file}`, [{ path: [], message: `not JSON: ${(error as Error).message}` }], error);
  }
  return stateFromSnapshot(parsed);
}
