import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRows, compareToCursor, OrderedRows, type OrderedRow } from '../../src/adapters/memory/ordered-rows.js';
import { ORDER_FIELDS } from '../../src/adapters/port.js';

// Ids that tie, prefix each other and straddle the surrogate range, where code-unit and code-point order differ.
// A numeric tail widens the id space so rows outnumber a block and blocks split and empty.
const idArb = fc
  .tuple(fc.constantFrom('a', 'ab', 'b', '', 'a\u0000', '\uffff', '\ud83d\ude00', '\ud800', 'z', 'A%_/', '社区'), fc.nat(400), fc.boolean())
  .map(([head, tail, bare]) => (bare ? head : `${head}${tail}`));
const timeArb = fc.constantFrom('2024-01-01T00:00:00.000Z', '2024-01-01T00:00:01.000Z', '2024-06-01T00:00:00.000Z');
const rowArb = fc.record({ id: idArb, createdAt: timeArb, updatedAt: timeArb });
const commandsArb = fc.array(fc.tuple(fc.boolean(), rowArb), { maxLength: 4000 });

describe('OrderedRows', () => {
  it('walks from any cursor in either direction exactly as a full sort would, through adds, replacements and deletes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_FIELDS),
        commandsArb,
        // The cursor is a stored row half the time (the walk must skip exactly it), else any row.
        fc.option(fc.tuple(fc.boolean(), rowArb, fc.nat()), { nil: undefined }),
        fc.constantFrom('asc' as const, 'desc' as const),
        fc.integer({ min: 1, max: 50 }),
        (field, commands, cursorPick, direction, limit) => {
          const ordered = new OrderedRows<OrderedRow>(field);
          const byId = new Map<string, OrderedRow>();
          for (const [remove, row] of commands) {
            const old = byId.get(row.id);
            if (old !== undefined) {
              ordered.delete(old);
              byId.delete(row.id);
            }
            if (!remove) {
              ordered.add(row);
              byId.set(row.id, row);
            }
          }
          const sign = direction === 'asc' ? 1 : -1;
          const stored = [...byId.values()];
          const cursorRow = cursorPick === undefined ? undefined : cursorPick[0] && stored.length > 0 ? stored[cursorPick[2] % stored.length] : cursorPick[1];
          const after = cursorRow === undefined ? undefined : { value: field === 'id' ? cursorRow.id : cursorRow[field], id: cursorRow.id };
          const expected = [...byId.values()]
            .filter((row) => after === undefined || sign * compareToCursor(row, field, after) > 0)
            .sort((a, b) => sign * compareRows(a, b, field))
            .slice(0, limit);
          const walked: OrderedRow[] = [];
          ordered.walk(direction, after, (row) => walked.push(row) < limit);
          expect(walked).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('splits and empties blocks without losing order', () => {
    const ordered = new OrderedRows<OrderedRow>('id');
    const ids = Array.from({ length: 5000 }, (_, index) => `r${String((index * 7919) % 5000).padStart(4, '0')}`);
    for (const id of ids) ordered.add({ id, createdAt: '', updatedAt: '' });
    for (const id of ids.slice(0, 4000)) ordered.delete({ id, createdAt: '', updatedAt: '' });
    const walked: string[] = [];
    ordered.walk('asc', undefined, (row) => walked.push(row.id) > 0);
    expect(walked).toEqual(ids.slice(4000).sort());
    const backwards: string[] = [];
    ordered.walk('desc', { value: 'r2500', id: 'r2500' }, (row) => backwards.push(row.id) > 0);
    expect(backwards).toEqual(ids.slice(4000).filter((id) => id < 'r2500').sort().reverse());
  });
});
