/** Reading a row of running text whose values do not fill its cells one for one. */
import type { Finding } from '../../src/core/findings.js';
import type { CellMap } from '../../src/stages/reconstruct/cells.js';
import { splitRow, type OpenRow } from '../../src/stages/reconstruct/split-row.js';
import type { ValuePiece } from '../../src/stages/reconstruct/values.js';
import { parseValue } from '../../normalizers/number.js';

const piece = (raw: string, x: number): ValuePiece => ({ raw, parsed: parseValue(raw)!, glued: false, atom: 0, page: 1, unit: 'char', box: { x, y: 0, w: raw.length, h: 1 } });

describe('a row read with blank cells', () => {
  test('a row that can be read in more ways than are enumerated is left unknown, not solved from the first few', () => {
    // three 1s in fifteen cells, any of which may be blank: 455 readings and no identity to choose
    const keys = Array.from({ length: 15 }, (_, i) => `reviewLitigation.c${i}`);
    const columns = keys.map((k) => ({ key: k, label: k, match: [] }));
    const w = { row: { key: '', label: '', match: [] }, columns, pieces: ['1', '1', '1'].map((r, i) => piece(r, 2 * i)), labelStart: 0 };
    const cells: CellMap = new Map();
    const open: OpenRow[] = [];
    const findings: Finding[] = [];
    splitRow(w, keys, [], cells, open, findings, 'reviewLitigation', '四', 'yes');
    expect(open).toEqual([]);
    expect(keys.map((k) => cells.get(k)?.value)).toEqual(keys.map(() => null));
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['digits-unsplittable', 'error']]);
    expect(findings[0]!.message).toMatch(/too many ways/);
  });
});
