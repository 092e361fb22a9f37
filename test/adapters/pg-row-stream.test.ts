import { describe, expect, it } from 'vitest';
import { pgliteClient, pgPoolClient } from '../../src/adapters/postgres/clients.js';
import { openPglite, openPool, PG_URL } from './postgres-setup.js';

describe('rows one at a time from a pg client (eachRow)', () => {
  it.skipIf(PG_URL === undefined)('hands each row over as it arrives, in order, and a handler that throws fails the read but leaves the connection usable', async () => {
    const pool = openPool(1);
    try {
      await pgPoolClient(pool).withConnection(async (connection) => {
        const eachRow = connection.eachRow;
        expect(eachRow).toBeDefined();
        if (eachRow === undefined) return;
        const seen: unknown[] = [];
        const columns: (readonly string[])[] = [];
        const count = await eachRow('SELECT n::float8 AS n, $1::text AS label FROM generate_series(1, 2500) AS n', ['x'], (names) => {
          columns.push(names);
          return (row) => seen.push(row[0]);
        });
        expect(count).toBe(2500);
        expect(columns).toEqual([['n', 'label']]);
        expect(seen).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1));
        // The handler throws at row 10: the statement's other rows are still read, then the read rejects with that error.
        let handled = 0;
        const failing = eachRow('SELECT n FROM generate_series(1, 2500) AS n', [], () => () => {
          if (++handled === 10) throw new Error('handler gave up');
        });
        await expect(failing).rejects.toThrow('handler gave up');
        expect(handled).toBe(10);
        expect(await connection.query('SELECT 41 + 1 AS answer', [])).toEqual([{ answer: 42 }]);
        // A statement the server refuses rejects with the server's error, and the connection still answers.
        await expect(eachRow('SELECT 1 / 0', [], () => () => undefined)).rejects.toThrow(/division by zero/);
        expect(await connection.query('SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
      });
    } finally {
      await pool.end();
    }
  });

  it('is not offered by PGlite, whose rows come in one result', async () => {
    const db = await openPglite();
    await pgliteClient(db).withConnection(async (connection) => {
      expect(connection.eachRow).toBeUndefined();
    });
    await db.close();
  });
});
