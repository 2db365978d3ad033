/**
 * Several misread cells in one identity (src/stages/reread.ts): the one
 * combination of their readings under which the sums hold is taken; where
 * several combinations hold, or none, nothing is.
 */
import { jointReadings } from '../../src/stages/reread.js';
import type { Identity } from '../../src/core/templates/types.js';

const row: Identity = { id: 'row', kind: 'row-total', lhs: ['t'], rhs: ['a', 'b', 'c'], description: 't = a + b + c' };
const col: Identity = { id: 'col', kind: 'column-total', lhs: ['a'], rhs: ['x', 'y'], description: 'a = x + y' };
const cand = (...values: number[]) => values.map((value, i) => ({ value, raw: String(value), conf: 0.8 - i * 0.1 }));

test('two misread cells of a row: the one combination of their readings that adds up', () => {
  // printed 570 = 500 + 40 + 30; read 370 and 4 (a fax's 5 as 3, 40 as 4)
  const values: Record<string, number> = { t: 370, a: 500, b: 4, c: 30, x: 300, y: 200 };
  const chosen = jointReadings(
    [row, col],
    (k) => values[k],
    new Map([
      ['t', cand(370, 570)],
      ['b', cand(4, 40, 44)],
    ]),
  );
  expect([...chosen].map(([k, c]) => [k, c.value])).toEqual([
    ['t', 570],
    ['b', 40],
  ]);
});

test('several combinations that add up, or none: nothing is chosen', () => {
  const values: Record<string, number> = { t: 10, a: 5, b: 3, c: 3, x: 2, y: 3 };
  // b and c: 2+3 or 3+2 both make 10
  expect(
    jointReadings(
      [row],
      (k) => values[k],
      new Map([
        ['b', cand(3, 2)],
        ['c', cand(3, 2)],
      ]),
    ).size,
  ).toBe(0);
  // no reading makes it hold
  expect(jointReadings([row], (k) => values[k], new Map([['b', cand(3, 9)]])).size).toBe(0);
});

test('a combination that breaks another identity of the same cells is no solution', () => {
  // a = x + y = 5 holds now; changing a to make the row add up would break it
  const values: Record<string, number> = { t: 12, a: 5, b: 3, c: 3, x: 2, y: 3 };
  expect(jointReadings([row, col], (k) => values[k], new Map([['a', cand(5, 6)]])).size).toBe(0);
});
