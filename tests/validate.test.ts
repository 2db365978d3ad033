import { checkIdentities, checkNarrative, confirmedCells, correctByIdentities, restoreByIdentities } from '../src/stages/validate.js';
import { reportBlankFailures, reportUnconfirmed } from '../src/stages/unconfirmed.js';
import type { CellMap, CellReading } from '../src/stages/reconstruct/cells.js';
import type { Identity } from '../src/core/templates/types.js';

const read = (value: number | null, extra: Partial<CellReading['prov']> = {}): CellReading => ({
  value,
  status: value === null ? 'blank' : 'read',
  prov: { page: 1, box: null, unit: 'pt', raw: value === null ? null : String(value), confidence: 1, method: 'position', repairs: [], ...extra },
});
const missing = (): CellReading => ({ value: null, status: 'missing', prov: { page: null, box: null, unit: null, raw: null, confidence: 0, method: 'missing', repairs: [] } });
const rowTotal: Identity = { id: 'row', kind: 'row-total', lhs: ['t'], rhs: ['a', 'b', 'c'], description: 't = a + b + c' };

describe('checkIdentities', () => {
  test('clearly read numbers that do not add up: the source is inconsistent, values untouched', () => {
    const cells: CellMap = new Map([
      ['t', read(10)],
      ['a', read(3)],
      ['b', read(3)],
      ['c', read(3)],
    ]);
    const [f] = checkIdentities(cells, [rowTotal]);
    expect(f).toMatchObject({ code: 'source-inconsistent', severity: 'error', cells: ['t', 'a', 'b', 'c'], actual: 10, expected: 9 });
    expect(cells.get('t')!.value).toBe(10);
  });

  test('a doubtful reading makes it a possible misread instead', () => {
    const cells: CellMap = new Map([
      ['t', read(10)],
      ['a', read(3, { confidence: 0.4 })],
      ['b', read(3)],
      ['c', read(3)],
    ]);
    expect(checkIdentities(cells, [rowTotal])[0]!.code).toBe('identity-failed');
  });

  test('a blank makes the identity unassessable: info, not failure', () => {
    const cells: CellMap = new Map([
      ['t', read(9)],
      ['a', read(null)],
      ['b', read(3)],
      ['c', read(3)],
    ]);
    expect(checkIdentities(cells, [rowTotal])).toEqual([expect.objectContaining({ code: 'identity-unassessable', severity: 'info', cells: ['a'] })]);
  });

  test("a sure OCR reading that one misread digit explains is ours, not the source's", () => {
    const colTotal: Identity = { id: 'col', kind: 'column-total', lhs: ['T'], rhs: ['t', 'u'], description: 'T = t + u' };
    const scan = (v: number) => read(v, { unit: 'px', confidence: 0.96 });
    // a fax's 5 read as 9: both sums of the cell break, and 5 would mend both
    const ocr: CellMap = new Map([
      ['t', scan(9)],
      ['a', scan(3)],
      ['b', scan(1)],
      ['c', scan(1)],
      ['u', scan(2)],
      ['T', scan(7)],
    ]);
    const found = checkIdentities(ocr, [rowTotal, colTotal]);
    expect(found.map((f) => f.code)).toEqual(['identity-failed', 'identity-failed']);
    expect(found[0]!.message).toContain("t as '9', where 5");
    // the same numbers from a text layer are the agency's
    const text: CellMap = new Map([
      ['t', read(9)],
      ['a', read(3)],
      ['b', read(1)],
      ['c', read(1)],
      ['u', read(2)],
      ['T', read(7)],
    ]);
    expect(checkIdentities(text, [rowTotal, colTotal]).map((f) => f.code)).toEqual(['source-inconsistent', 'source-inconsistent']);
  });

  test("values of two rows interleaved in a text layer are our misplacement, not the source's", () => {
    const rowTotal2: Identity = { id: 'row2', kind: 'row-total', lhs: ['t2'], rhs: ['a2', 'b2', 'c2'], description: 't2 = a2 + b2 + c2' };
    const column: Identity = { id: 'col', kind: 'column-total', lhs: ['A'], rhs: ['a', 'a2'], description: 'A = a + a2' };
    // a belongs to row 2 and a2 to row 1: both rows fail, the column holds, and swapping them mends all
    const cells: CellMap = new Map([
      ['t', read(9)],
      ['a', read(7)],
      ['b', read(3)],
      ['c', read(3)],
      ['t2', read(10)],
      ['a2', read(3)],
      ['b2', read(2)],
      ['c2', read(1)],
      ['A', read(10)],
    ]);
    const found = checkIdentities(cells, [rowTotal, rowTotal2, column]);
    expect(found.map((f) => f.code)).toEqual(['identity-failed', 'identity-failed']);
    expect(found[0]!.message).toContain('swapped');
  });

  test('a cell an earlier finding names is not clean enough to blame the source', () => {
    const cells: CellMap = new Map([
      ['t', read(10)],
      ['a', read(3)],
      ['b', read(3)],
      ['c', read(3)],
    ]);
    const earlier = [{ code: 'row-label-unread', severity: 'warning' as const, cells: ['b'], message: '' }];
    expect(checkIdentities(cells, [rowTotal], earlier)[0]!.code).toBe('identity-failed');
  });

  test('identities that hold say nothing', () => {
    const cells: CellMap = new Map([
      ['t', read(9)],
      ['a', read(3)],
      ['b', read(3)],
      ['c', read(3)],
    ]);
    expect(checkIdentities(cells, [rowTotal])).toEqual([]);
  });
});

describe('restoreByIdentities', () => {
  test('the one unread cell of an identity is restored, with a warning', () => {
    const cells: CellMap = new Map([
      ['t', read(9)],
      ['a', missing()],
      ['b', read(3)],
      ['c', read(2)],
    ]);
    const f = restoreByIdentities(cells, [rowTotal], 'kept');
    expect(cells.get('a')!.value).toBe(4);
    expect(cells.get('a')!.prov.repairs).toContain('restored-by-identity');
    expect(f).toEqual([expect.objectContaining({ code: 'restored-by-identity', severity: 'warning', cells: ['a'] })]);
  });

  test('two unknowns, or a blank among the others: nothing is invented', () => {
    const two: CellMap = new Map([
      ['t', read(9)],
      ['a', missing()],
      ['b', missing()],
      ['c', read(2)],
    ]);
    expect(restoreByIdentities(two, [rowTotal], 'kept')).toEqual([]);
    const blank: CellMap = new Map([
      ['t', read(9)],
      ['a', missing()],
      ['b', read(null)],
      ['c', read(2)],
    ]);
    expect(restoreByIdentities(blank, [rowTotal], 'kept')).toEqual([]);
    expect(blank.get('a')!.value).toBeNull();
  });

  test('a lone blank in a full row counts as lost only where extraction can lose numbers', () => {
    const cells = () =>
      new Map([
        ['t', read(9)],
        ['a', read(null)],
        ['b', read(3)],
        ['c', read(6)],
      ]) as CellMap;
    const lossy = cells();
    restoreByIdentities(lossy, [rowTotal], 'lost');
    expect(lossy.get('a')!.value).toBe(0);
    const pdf = cells();
    restoreByIdentities(pdf, [rowTotal], 'kept');
    expect(pdf.get('a')!.value).toBeNull();
  });

  test('in a text whose blanks are empty places, a lone blank stays blank with a warning, unless the row needs a number there', () => {
    const kept: CellMap = new Map([
      ['t', read(9)],
      ['a', read(null)],
      ['b', read(3)],
      ['c', read(6)],
    ]);
    expect(restoreByIdentities(kept, [rowTotal], 'doubtful')).toEqual([expect.objectContaining({ code: 'lone-blank', severity: 'warning', cells: ['a'] })]);
    expect(kept.get('a')!.value).toBeNull();
    const lost: CellMap = new Map([
      ['t', read(11)],
      ['a', read(null)],
      ['b', read(3)],
      ['c', read(6)],
    ]);
    expect(restoreByIdentities(lost, [rowTotal], 'doubtful')).toEqual([expect.objectContaining({ code: 'restored-by-identity', cells: ['a'] })]);
    expect(lost.get('a')!.value).toBe(2);
  });

  test("a scan's lone blank where no digit's ink stands stays blank with a warning when the row adds up, and is restored when it needs more", () => {
    const row = (t: number) =>
      new Map([
        ['t', read(t)],
        ['a', read(null)],
        ['b', read(3)],
        ['c', read(6)],
      ]) as CellMap;
    const empty = row(9);
    expect(restoreByIdentities(empty, [rowTotal], 'lost', new Set(['a']))).toEqual([expect.objectContaining({ code: 'lone-blank', severity: 'warning', cells: ['a'] })]);
    expect(empty.get('a')!.value).toBeNull();
    const short = row(11);
    expect(restoreByIdentities(short, [rowTotal], 'lost', new Set(['a']))).toEqual([expect.objectContaining({ code: 'restored-by-identity', cells: ['a'] })]);
    expect(short.get('a')!.value).toBe(2);
    // another cell's ink says nothing about this one
    const other = row(9);
    restoreByIdentities(other, [rowTotal], 'lost', new Set(['b']));
    expect(other.get('a')!.value).toBe(0);
  });

  test('a printed blank mark in a full row of a scan stays blank when the identity gives 0, and is restored when it gives more', () => {
    const row = (t: number) =>
      new Map([
        ['t', read(t)],
        ['a', read(null, { raw: '/' })],
        ['b', read(3)],
        ['c', read(6)],
      ]) as CellMap;
    const agrees = row(9);
    expect(restoreByIdentities(agrees, [rowTotal], 'lost')).toEqual([]);
    expect(agrees.get('a')).toMatchObject({ value: null, status: 'blank' });
    const misread = row(10);
    expect(restoreByIdentities(misread, [rowTotal], 'lost')).toEqual([expect.objectContaining({ code: 'restored-by-identity', cells: ['a'] })]);
    expect(misread.get('a')!.value).toBe(1);
  });

  test('a negative or fractional solution is not a count', () => {
    const cells: CellMap = new Map([
      ['t', read(2)],
      ['a', missing()],
      ['b', read(3)],
      ['c', read(2)],
    ]);
    expect(restoreByIdentities(cells, [rowTotal], 'lost')).toEqual([]);
  });
});

describe('correctByIdentities', () => {
  // a 2×2 table with row and column totals: t = a + b, u = c + d, A = a + c, B = b + d, T = t + u = A + B
  const ids: Identity[] = [
    { id: 'r1', kind: 'row-total', lhs: ['t'], rhs: ['a', 'b'], description: 't = a + b' },
    { id: 'r2', kind: 'row-total', lhs: ['u'], rhs: ['c', 'd'], description: 'u = c + d' },
    { id: 'rT', kind: 'row-total', lhs: ['T'], rhs: ['A', 'B'], description: 'T = A + B' },
    { id: 'c1', kind: 'column-total', lhs: ['A'], rhs: ['a', 'c'], description: 'A = a + c' },
    { id: 'c2', kind: 'column-total', lhs: ['B'], rhs: ['b', 'd'], description: 'B = b + d' },
    { id: 'cT', kind: 'column-total', lhs: ['T'], rhs: ['t', 'u'], description: 'T = t + u' },
  ];
  const scan = (v: number, confidence = 0.95) => read(v, { unit: 'px', confidence });
  // true values: a 3, b 4, c 5, d 6; t 7, u 11, A 8, B 10, T 18
  const table = (over: Record<string, CellReading>): CellMap =>
    new Map(Object.entries({ a: scan(3), b: scan(4), c: scan(5), d: scan(6), t: scan(7), u: scan(11), A: scan(8), B: scan(10), T: scan(18), ...over }));

  test('an unsure misreading whose identities are otherwise confirmed takes the value they give, with a warning', () => {
    // a fax's 7 read as 1: its row and its column fail, every other cell adds up elsewhere
    const cells = table({ t: scan(1, 0.7) });
    const found = correctByIdentities(cells, ids);
    expect(cells.get('t')!.value).toBe(7);
    expect(cells.get('t')!.prov.repairs).toContain('corrected-by-identity');
    expect(found).toEqual([expect.objectContaining({ code: 'corrected-by-identity', severity: 'warning', cells: ['t'], actual: 1, expected: 7 })]);
    expect(checkIdentities(cells, ids)).toEqual([]);
  });

  test("a clear reading is never changed: the failure may be the source's", () => {
    const cells = table({ t: scan(1) });
    expect(correctByIdentities(cells, ids)).toEqual([]);
    expect(cells.get('t')!.value).toBe(1);
  });

  test('a reading a sure second reading repeated is kept: the source may print what its sums do not want', () => {
    const cells = table({ t: scan(1, 0.7) });
    expect(correctByIdentities(cells, ids, new Set(['t']))).toEqual([]);
    expect(cells.get('t')!.value).toBe(1);
  });

  test('two misreadings in one row are each settled by its own column', () => {
    const cells = table({ a: scan(2, 0.6), b: scan(9, 0.6) });
    expect(correctByIdentities(cells, ids).map((f) => f.cells)).toEqual([['a'], ['b']]);
    expect([cells.get('a')!.value, cells.get('b')!.value]).toEqual([3, 4]);
  });

  test('misreadings where every identity through them holds another doubtful cell: nothing is determined', () => {
    // a and d: row 1 and column 1 each hold a cell (b, c) whose only other identity is broken by d
    const cells = table({ a: scan(2, 0.6), d: scan(9, 0.6) });
    expect(correctByIdentities(cells, ids)).toEqual([]);
    expect([cells.get('a')!.value, cells.get('d')!.value]).toEqual([2, 9]);
  });

  test('an unsure cell an identity confirms stays as read', () => {
    const cells = table({ a: scan(3, 0.5) });
    expect(correctByIdentities(cells, ids)).toEqual([]);
  });

  test('identities that disagree on the value, or give no count, change nothing', () => {
    // T read 20, unsure: T = A + B and T = t + u both give 18
    const agree = table({ T: scan(20, 0.6) });
    correctByIdentities(agree, ids);
    expect(agree.get('T')!.value).toBe(18);
    // two sums of T whose parts are each confirmed elsewhere, but which give 9 and 10 (the source's own slip)
    const same = (k: string): Identity => ({ id: k, kind: 'column-total', lhs: [k.toUpperCase()], rhs: [k], description: `${k.toUpperCase()} = ${k}` });
    const parts: Identity[] = [
      { id: 's1', kind: 'row-total', lhs: ['T'], rhs: ['x', 'y'], description: 'T = x + y' },
      { id: 's2', kind: 'row-total', lhs: ['T'], rhs: ['p', 'q'], description: 'T = p + q' },
      ...['x', 'y', 'p', 'q'].map(same),
    ];
    const values = { x: 4, y: 5, p: 4, q: 6 };
    const disagree: CellMap = new Map([['T', scan(20, 0.6)], ...Object.entries(values).flatMap(([k, v]) => [[k, scan(v)] as const, [k.toUpperCase(), scan(v)] as const])]);
    expect(correctByIdentities(disagree, parts)).toEqual([]);
    expect(disagree.get('T')!.value).toBe(20);
    // with q printed 5 they agree on 9
    disagree.set('q', scan(5)).set('Q', scan(5));
    correctByIdentities(disagree, parts);
    expect(disagree.get('T')!.value).toBe(9);
    // a negative count is not one
    const negative: CellMap = new Map([
      ['t', scan(1)],
      ['a', scan(5, 0.6)],
      ['b', scan(2)],
    ]);
    expect(correctByIdentities(negative, [{ id: 'r', kind: 'row-total', lhs: ['t'], rhs: ['a', 'b'], description: 't = a + b' }])).toEqual([]);
  });
});

describe('checkNarrative', () => {
  const cells: CellMap = new Map([['requests.newReceived.total', read(133)]]);
  test('a stated count that differs from table 三 is a warning about the narrative', () => {
    expect(checkNarrative('2021年，我局共收到政府信息公开申请135件，上年结转0件。', cells)[0]).toMatchObject({ code: 'narrative-count-mismatch', severity: 'warning', actual: 135, expected: 133 });
  });
  test('an agreeing or absent count says nothing', () => {
    expect(checkNarrative('共收到政府信息公开申请133件。', cells)).toEqual([]);
    expect(checkNarrative('本年度未收到申请。', cells)).toEqual([]);
  });
});

describe('reportUnconfirmed', () => {
  const row = ['a', 'b', 'c'].map((key) => ({ key, rowKey: 'r', rowLabel: 'row r' }));
  const total = { key: 't', rowKey: 'r', rowLabel: 'row r' };
  const gap = (): CellReading => ({ value: null, status: 'blank', prov: { page: null, box: null, unit: null, raw: null, confidence: 1, method: 'position', repairs: [] } });

  test('a value placed beside a gap is named, even where the gap already is; one the row total confirms is not', () => {
    const gapFinding = { code: 'blank-in-scan', severity: 'warning' as const, cells: ['a', 'c'], message: '' };
    const unconfirmedCells: CellMap = new Map([
      ['t', read(0, { unit: 'px' })],
      ['a', gap()],
      ['b', read(3, { unit: 'px' })],
      ['c', gap()],
    ]);
    const [f] = reportUnconfirmed(unconfirmedCells, [...row, total], [rowTotal], [gapFinding]);
    expect(f).toMatchObject({ code: 'unconfirmed-blank', severity: 'warning', cells: ['b', 't'] });
    const confirmed: CellMap = new Map([
      ['t', read(3, { unit: 'px' })],
      ['a', gap()],
      ['b', read(3, { unit: 'px' })],
      ['c', gap()],
    ]);
    expect(reportUnconfirmed(confirmed, [...row, total], [rowTotal], [gapFinding])).toEqual([]);
  });

  test('a gap no finding names is named: no identity tells a blank from a lost 0', () => {
    const cells: CellMap = new Map([
      ['t', read(3, { unit: 'px' })],
      ['a', gap()],
      ['b', read(3, { unit: 'px' })],
      ['c', read(0, { unit: 'px' })],
    ]);
    expect(reportUnconfirmed(cells, [...row, total], [rowTotal], [])).toEqual([expect.objectContaining({ cells: ['a'] })]);
  });
});

describe('reportBlankFailures', () => {
  // a blank mark OCR read, as against a 0
  const mark = (): CellReading => ({ value: null, status: 'blank', prov: { page: 1, box: null, unit: 'px', raw: '/', confidence: 0.95, method: 'position', repairs: [] } });
  const columnTotal: Identity = { id: 'col', kind: 'column-total', lhs: ['t'], rhs: ['u'], description: 't = u' };

  test('an identity a blank leaves unchecked that fails with the blank as 0 names its cells no holding identity confirms', () => {
    const cells: CellMap = new Map([
      ['t', read(4)],
      ['u', read(4)],
      ['a', mark()],
      ['b', read(1)],
      ['c', read(0)],
    ]);
    const found = reportBlankFailures(cells, [rowTotal, columnTotal]);
    expect(found).toEqual([expect.objectContaining({ code: 'blank-identity-failed', severity: 'warning', cells: ['a', 'b', 'c'], actual: 4, expected: 1 })]);
  });

  test('where every cell is confirmed elsewhere, all are named', () => {
    const cells: CellMap = new Map([
      ['t', read(4)],
      ['u', read(4)],
      ['a', mark()],
      ['v', read(2)],
      ['w', read(2)],
    ]);
    const aColumn: Identity = { id: 'col-a', kind: 'column-total', lhs: ['v'], rhs: ['a', 'w'], description: 'v = a + w' };
    expect(reportBlankFailures(cells, [{ id: 'r', kind: 'row-total', lhs: ['t'], rhs: ['a'], description: 't = a' }, columnTotal, aColumn])[0]!.cells).toEqual(['t', 'a']);
  });

  test('one that holds with blanks as 0, or has no blank, or an unknown cell, says nothing', () => {
    const holds: CellMap = new Map([
      ['t', read(1)],
      ['a', mark()],
      ['b', read(1)],
      ['c', read(0)],
    ]);
    const noBlank: CellMap = new Map([
      ['t', read(5)],
      ['a', read(1)],
      ['b', read(1)],
      ['c', read(0)],
    ]);
    const unknown: CellMap = new Map([
      ['t', read(5)],
      ['a', mark()],
      ['b', missing()],
      ['c', read(0)],
    ]);
    for (const cells of [holds, noBlank, unknown]) expect(reportBlankFailures(cells, [rowTotal])).toEqual([]);
  });
});

describe('confirmedCells', () => {
  const column: Identity = { id: 'col', kind: 'column-total', lhs: ['t'], rhs: ['u', 'v'], description: 't = u + v' };
  const values = new Map<string, number>([
    ['t', 9],
    ['a', 3],
    ['b', 3],
    ['c', 3],
    ['u', 4],
    ['v', 5],
  ]);
  const valueOf = (k: string) => values.get(k);

  test('a holding identity confirms its cells', () => {
    expect([...confirmedCells([rowTotal], valueOf)].sort()).toEqual(['a', 'b', 'c', 't']);
  });

  test('not through a cell restored from it alone: it holds by construction, whatever its other cells were misread as', () => {
    const restored = (k: string) => k === 'c';
    expect(confirmedCells([rowTotal], valueOf, restored).size).toBe(0);
    // the restored total checked by a second identity confirms both
    expect([...confirmedCells([rowTotal, column], valueOf, (k) => k === 't')].sort()).toEqual(['a', 'b', 'c', 't', 'u', 'v']);
  });
});
