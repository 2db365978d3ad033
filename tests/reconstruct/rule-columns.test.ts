/**
 * A scan whose page shows neither a full row nor the column headers: the
 * table's vertical ruling lines (found by OCR) still put each value under
 * its own column, and a blank cell stays blank.
 */
import type { Layout, Line, Token } from '../../src/core/layout.js';
import { makeLine } from '../../src/core/layout.js';
import { buildStream } from '../../src/stages/reconstruct/stream.js';
import { readTable } from '../../src/stages/reconstruct/table.js';
import { templateOf } from '../../src/core/templates/index.js';

const tok = (text: string, x: number, y: number, w = 20): Token => ({ text, box: { x, y, w, h: 20 }, conf: 0.95 });
// columns: label 0–400, then seven value cells 100 px wide from x = 400
const cellX = (c: number) => 400 + c * 100 + 40;

function page(rows: [string, (string | null)[]][]): Layout {
  const lines: Line[] = rows.map(([label, values], r) => makeLine([tok(label, 20, 100 + r * 60, 300), ...values.flatMap((v, c) => (v === null ? [] : [tok(v, cellX(c), 100 + r * 60)]))]));
  const vertical = [0, 400, 500, 600, 700, 800, 900, 1000, 1100].map((x) => ({ x0: x - 1, x1: x + 1, y0: 60, y1: 100 + rows.length * 60 }));
  return { kind: 'pdf-scan', findings: [], pages: [{ number: 1, width: 1200, height: 1700, unit: 'px', lines, rules: { vertical, horizontal: [] } }] };
}

test('values of rows with blanks go under their ruled columns', () => {
  const layout = page([
    ['（一）予以公开', ['5', null, null, null, null, '1', '6']],
    ['（二）部分公开', ['2', null, null, null, null, null, '2']],
  ]);
  const stream = buildStream(layout);
  const table = templateOf('2021').tables.requests;
  const result = readTable(stream, { from: 0, to: stream.norm.length }, table, [], new Map(layout.pages.map((p) => [p.number, p])));
  const v = (k: string) => result.cells.get(`requests.${k}`)?.value;
  expect([v('granted.naturalPerson'), v('granted.commercial'), v('granted.otherOrg'), v('granted.total')]).toEqual([5, null, 1, 6]);
  expect([v('partiallyGranted.naturalPerson'), v('partiallyGranted.otherOrg'), v('partiallyGranted.total')]).toEqual([2, null, 2]);
  expect(result.cells.get('requests.granted.otherOrg')?.prov.method).toBe('position');
});

test('without the rules the same rows cannot be placed, and say so', () => {
  const layout = page([['（一）予以公开', ['5', null, null, null, null, '1', '6']]]);
  delete layout.pages[0]!.rules;
  const stream = buildStream(layout);
  const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, []);
  expect(result.cells.get('requests.granted.otherOrg')?.value).toBeNull();
  expect(result.findings.some((f) => f.severity === 'error' && f.cells?.includes('requests.granted'))).toBe(true);
});

test("digits misread inside a scan's word (结果纠3) do not take the row off its ruled columns: they are set aside", () => {
  const layout = page([['（一）予以公开', ['5', null, null, null, null, '1', '6']]]);
  // a garbled header word beside the label, its 正 read as 3
  layout.pages[0]!.lines[0]!.tokens.splice(1, 0, tok('结果纠3', 330, 100, 60));
  const stream = buildStream(layout);
  const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, [], new Map(layout.pages.map((p) => [p.number, p])));
  const v = (k: string) => result.cells.get(`requests.granted.${k}`)?.value;
  expect([v('naturalPerson'), v('commercial'), v('otherOrg'), v('total')]).toEqual([5, null, 1, 6]);
  expect(result.findings.find((f) => f.message.includes("'3'"))?.code).toMatch(/^stray-/);
});

test("a scan's row read as two lines, its values out of left-to-right order, is placed in reading order only with a warning", () => {
  // no rules, no header, no full row: nothing but reading order places it; OCR read the row as 40 6 21 195, then 112 9 了
  const layout = page([['（一）予以公开', [null, '40', null, '6', null, '21', '195']]]);
  delete layout.pages[0]!.rules;
  layout.pages[0]!.lines.push(makeLine([tok('112', cellX(0), 108), tok('9', cellX(2), 108), tok('了', cellX(4), 108)]));
  const stream = buildStream(layout);
  const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, []);
  const warned = result.findings.find((f) => f.code === 'values-out-of-order');
  expect(warned?.severity).toBe('warning');
  expect(warned?.cells).toEqual(['requests.granted']);
  // in order left to right nothing is said
  const tidy = page([['（一）予以公开', ['112', '40', '9', '6', null, '21', '195']]]);
  delete tidy.pages[0]!.rules;
  tidy.pages[0]!.lines[0]!.tokens.splice(5, 0, tok('了', cellX(4), 100));
  const calm = readTable(buildStream(tidy), { from: 0, to: buildStream(tidy).norm.length }, templateOf('2021').tables.requests, []);
  expect(calm.cells.get('requests.granted.naturalPerson')?.value).toBe(112);
  expect(calm.findings.map((f) => f.code)).not.toContain('values-out-of-order');
});

describe('column headers on a borderless scan', () => {
  const HEADERS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
  /** A header line, then rows with blank columns (no row fills every column, no rules). */
  function borderless(headers: string[]): Layout {
    const layout = page([
      ['（一）予以公开', ['13', null, null, null, '1', null, '14']],
      ['（二）部分公开', ['2', null, null, null, '1', null, '3']],
    ]);
    delete layout.pages[0]!.rules;
    layout.pages[0]!.lines.unshift(makeLine(headers.map((h, c) => tok(h, cellX(c) - 10, 40, 40))));
    return layout;
  }
  const read = (layout: Layout) => {
    const stream = buildStream(layout);
    return readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, []);
  };

  test('place the values of rows with blanks, with a warning', () => {
    const result = read(borderless(HEADERS));
    expect(['naturalPerson', 'legalService', 'total'].map((c) => result.cells.get(`requests.granted.${c}`)?.value)).toEqual([13, 1, 14]);
    expect(result.findings.some((f) => f.code === 'placed-by-header')).toBe(true);
  });

  test('still place them with a header or two lost to OCR (自然人 as 8人, 社会公益组织 as 人), from the neighbours found', () => {
    const garbled = HEADERS.map((h) => (h === '自然人' ? '8人' : h === '社会公益组织' ? '人' : h));
    const result = read(borderless(garbled));
    expect(['naturalPerson', 'legalService', 'total'].map((c) => result.cells.get(`requests.granted.${c}`)?.value)).toEqual([13, 1, 14]);
    expect(result.cells.get('requests.granted.commercial')?.value).toBeNull();
    expect(result.findings.find((f) => f.cells?.includes('requests.granted'))?.code).toBe('placed-by-header');
    // in a text PDF's exact positions too: a header placed from its neighbours is a guess
    const asText = borderless(garbled);
    asText.kind = 'pdf-text';
    for (const l of asText.pages[0]!.lines) for (const t of l.tokens) (t as { conf?: number }).conf = undefined;
    asText.pages[0]!.unit = 'pt';
    expect(read(asText).findings.find((f) => f.cells?.includes('requests.granted'))?.code).toBe('placed-by-header');
    // two side by side are not guessed
    const adjacent = HEADERS.map((h, i) => (i === 1 || i === 2 ? '人' : h));
    expect(read(borderless(adjacent)).findings.some((f) => f.code === 'values-unplaceable')).toBe(true);
  });
});

test("a 0 read as DO, its box standing taller than the digits beside it, is the row's 0 (a repair), not a mark off the line", () => {
  const layout = page([['（一）予以公开', ['13', null, '0', null, '0', '0', '13']]]);
  // the commercial cell's 0 read as two round letters, its box 4 px higher and 6 px taller than the digits'
  layout.pages[0]!.lines[0]!.tokens.splice(2, 0, { text: 'DO', box: { x: cellX(1), y: 96, w: 22, h: 26 }, conf: 0.4 });
  const stream = buildStream(layout);
  const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, [], new Map(layout.pages.map((p) => [p.number, p])));
  const commercial = result.cells.get('requests.granted.commercial');
  expect(commercial?.value).toBe(0);
  expect(commercial?.prov.repairs).toContain('ocr-lookalike');
  expect(result.cells.get('requests.granted.research')?.value).toBe(0);
});
