import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteAdapter } from 'civic-grid/adapters/sqlite';
import { counterClock, SCOPES, SUITE_KINDS } from 'civic-grid/testing';
import { createStore } from '../../src/index.js';

const child = join(import.meta.dirname, 'fixtures', 'sqlite-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'civic-grid-sqlite-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(args: string[]): { process: ChildProcess; output: Promise<string> } {
  const spawned = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  spawned.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  spawned.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const output = new Promise<string>((resolve, reject) => {
    spawned.on('close', (code, signal) => (code === 0 || signal === 'SIGKILL' ? resolve(stdout) : reject(new Error(`child failed (${code}): ${stderr}`))));
  });
  return { process: spawned, output };
}

async function seeded(file: string, ids: string[]): Promise<void> {
  const store = createStore(await createSqliteAdapter(file), { kinds: SUITE_KINDS, clock: counterClock() });
  await store.insertMany('item', ids.map((id) => ({ value: { id, name: id, size: 0, tag: null }, scope: SCOPES.g1 })));
  await store.close();
}

describe('sqlite across processes', () => {
  it('two processes racing on the same records: exactly one wins each, and no SQLITE_BUSY leaks', async () => {
    const file = join(dir, 'race.sqlite');
    const count = 40;
    await seeded(file, Array.from({ length: count }, (_, index) => `r${index}`));
    const startAt = String(Date.now() + 1500);
    const [a, b] = [start(['race', file, startAt, String(count)]), start(['race', file, startAt, String(count)])];
    const outcomes = (await Promise.all([a.output, b.output])).map((text) => JSON.parse(text) as string[]);
    for (let index = 0; index < count; index += 1) {
      expect([outcomes[0]?.[index], outcomes[1]?.[index]].sort()).toEqual(['VERSION_CONFLICT', 'won']);
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM civic_grid_records WHERE version = 2").pluck().get()).toBe(count);
    expect(db.prepare("SELECT count(*) FROM civic_grid_audit WHERE op = 'update'").pluck().get()).toBe(count);
    db.close();
  });

  it('a process killed mid-transaction leaves all or nothing, and the file passes integrity_check', async () => {
    const file = join(dir, 'crash.sqlite');
    await seeded(file, ['kept']);
    const victim = start(['crash', file]);
    await new Promise<void>((resolve, reject) => {
      victim.process.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('inside')) {
          victim.process.kill('SIGKILL');
          resolve();
        }
      });
      victim.process.on('close', () => reject(new Error('the child ended before it was killed')));
    });
    await victim.output;
    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT id FROM civic_grid_records').pluck().all()).toEqual(['kept']);
    expect(db.prepare('SELECT count(*) FROM civic_grid_audit').pluck().get()).toBe(1);
    db.close();
    // And the adapter opens it and writes again.
    const store = createStore(await createSqliteAdapter(file), { kinds: SUITE_KINDS, clock: counterClock() });
    await store.insert('item', { id: 'after', name: 'after', size: 0, tag: null }, { scope: SCOPES.g1 });
    await store.close();
  });
});
