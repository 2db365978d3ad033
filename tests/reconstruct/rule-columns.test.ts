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
    // (a header read as nothing, '', is left out where it stood)
    layout.pages[0]!.lines.unshift(makeLine(headers.flatMap((h, c) => (h ? [tok(h, cellX(c) - 10, 40, 40)] : []))));
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
    // and with the header read as two lines, out of order: 自然人 人 总计 over 商业企业 科研机构 法律服务机构 其他
    const split = borderless(garbled);
    const header = split.pages[0]!.lines.shift()!;
    const first = header.tokens.filter((t) => ['8人', '人', '总计'].includes(t.text));
    split.pages[0]!.lines.unshift(makeLine(first), makeLine(header.tokens.filter((t) => !first.includes(t)).map((t) => ({ ...t, box: { ...t.box, y: 70 } }))));
    const placed = read(split);
    expect(['naturalPerson', 'commercial', 'legalService', 'total'].map((c) => placed.cells.get(`requests.granted.${c}`)?.value)).toEqual([13, null, 1, 14]);
    expect(placed.findings.find((f) => f.cells?.includes('requests.granted'))?.code).toBe('placed-by-header');
    // two side by side are not guessed
    const adjacent = HEADERS.map((h, i) => (i === 1 || i === 2 ? '人' : h));
    expect(read(borderless(adjacent)).findings.some((f) => f.code === 'values-unplaceable')).toBe(true);
  });

  test("a fax's headers with a character misread each (户然人, 科晰机构, 法律服务桃构) and one lost still place them, with a warning", () => {
    const misread: Record<string, string> = { 自然人: '户然人', 科研机构: '科晰机构', 社会公益组织: '', 法律服务机构: '法律服务桃构' };
    const result = read(borderless(HEADERS.map((h) => misread[h] ?? h)));
    expect(['naturalPerson', 'commercial', 'legalService', 'total'].map((c) => result.cells.get(`requests.granted.${c}`)?.value)).toEqual([13, null, 1, 14]);
    expect(result.findings.find((f) => f.cells?.includes('requests.granted'))?.code).toBe('placed-by-header');
    // two characters wrong in a word is no header found: with three lost nothing is placed by guess
    const twice: Record<string, string> = { ...misread, 自然人: '户外人', 科研机构: '科晰杌构' };
    const worse = read(borderless(HEADERS.map((h) => twice[h] ?? h)));
    expect(worse.findings.some((f) => f.code === 'values-unplaceable')).toBe(true);
  });

  test('a row that took seven values from several lines, out of left-to-right order, does not overrule the headers', () => {
    const layout = borderless(HEADERS);
    // （七）总计 read with the values of the lines under it: seven, but not left to right (as a fax's garbled rows give)
    const lines = [
      [tok('（七）总计', 20, 220, 300), tok('5', cellX(6), 220), tok('1', cellX(4), 220)],
      [tok('14', cellX(6), 250), tok('2', cellX(1), 250)],
      [tok('0', cellX(0), 280), tok('0', cellX(4), 280), tok('0', cellX(6), 280)],
    ];
    layout.pages[0]!.lines.push(...lines.map((l) => makeLine(l)));
    const result = read(layout);
    expect(['naturalPerson', 'legalService', 'total'].map((c) => result.cells.get(`requests.granted.${c}`)?.value)).toEqual([13, 1, 14]);
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

describe("a scan's broken rules", () => {
  const pages = (layout: Layout) => new Map(layout.pages.map((p) => [p.number, p]));
  const granted = (layout: Layout) => {
    const stream = buildStream(layout);
    const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, [], pages(layout));
    return { result, v: (k: string) => result.cells.get(`requests.granted.${k}`)?.value };
  };

  test('a dotted rule, found as pieces above and below the rows but none beside them, still bounds their cells', () => {
    const layout = page([
      ['一、本年新收政府信息公开申请数量', ['5', null, null, null, null, '1', '6']],
      ['（一）予以公开', ['5', null, null, null, null, '1', '6']],
      ['（二）部分公开', ['2', null, null, null, null, null, '2']],
    ]);
    // the rule at x = 600 (between 商业企业 and 科研机构) left as two dashes, above the first row and below the last
    const rules = layout.pages[0]!.rules!;
    rules.vertical = rules.vertical.filter((r) => r.x0 !== 599);
    rules.vertical.push({ x0: 599, x1: 601, y0: 60, y1: 92 }, { x0: 600, x1: 602, y0: 250, y1: 280 });
    const { v } = granted(layout);
    expect([v('naturalPerson'), v('commercial'), v('otherOrg'), v('total')]).toEqual([5, null, 1, 6]);
  });

  test("a rule not found at all does not shift a row onto its label's cell: the rules are not used", () => {
    const layout = page([['（一）予以公开', ['5', null, null, null, null, '1', '6']]]);
    // no trace of the rule at x = 600: the ruled cells counted from the right would take the label's cell for 自然人's
    layout.pages[0]!.rules!.vertical = layout.pages[0]!.rules!.vertical.filter((r) => r.x0 !== 599);
    const { result, v } = granted(layout);
    // nothing else places the row: it is said, and no value lands one column off
    expect(v('commercial')).not.toBe(5);
    expect(v('research')).not.toBe(5);
    expect(result.findings.some((f) => f.severity === 'error' && f.cells?.includes('requests.granted'))).toBe(true);
  });
});

test('a table broken over pages, its second part laid out anew: a page with no header and no full row takes the columns its values stand under', () => {
  const HEADERS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
  const line = (label: string, values: (string | null)[], y: number, at: (c: number) => number) =>
    makeLine([tok(label, 20, y, 300), ...values.flatMap((v, c) => (v === null ? [] : [tok(v, at(c), y)]))]);
  const wide = (c: number) => 400 + c * 100 + 40;
  const narrow = (c: number) => 700 + c * 60 + 20;
  // page 1: the header alone, over wide columns; page 2: rows of the first part, under the same columns, none full;
  // page 3: the second part, narrower columns, a full row
  const p1: Line[] = [makeLine(HEADERS.map((h, c) => tok(h, wide(c) - 10, 1500, 40)))];
  const p2: Line[] = [
    line('一、本年新收政府信息公开申请数量', ['7', null, null, null, null, null, '7'], 100, wide),
    line('二、上年结转政府信息公开申请数量', [null, '3', null, null, null, null, '3'], 160, wide),
  ];
  const p3: Line[] = [line('（一）予以公开', ['4', '1', '1', '0', '0', '0', '6'], 100, narrow), line('（二）部分公开', ['2', null, null, null, null, null, '2'], 160, narrow)];
  const layout: Layout = {
    kind: 'pdf-scan',
    findings: [],
    pages: [p1, p2, p3].map((lines, i) => ({ number: i + 1, width: 1200, height: 1700, unit: 'px' as const, lines })),
  };
  const stream = buildStream(layout);
  const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, [], new Map(layout.pages.map((p) => [p.number, p])));
  const v = (k: string) => result.cells.get(`requests.${k}`)?.value;
  // page 2's values stand under page 1's headers, not page 3's columns (the nearer page with a full row)
  expect([v('newReceived.naturalPerson'), v('newReceived.commercial'), v('newReceived.total')]).toEqual([7, null, 7]);
  expect([v('carriedOver.naturalPerson'), v('carriedOver.commercial'), v('carriedOver.total')]).toEqual([null, 3, 3]);
  expect(result.findings.find((f) => f.cells?.includes('requests.carriedOver'))?.code).toBe('placed-by-other-page');
});

test("a group's label line carrying its first row's values, read before that row's wrapped label, gives them to that row, not the one above", () => {
  const vertical = [0, 400, 500, 600, 700, 800, 900, 1000, 1100].map((x) => ({ x0: x - 1, x1: x + 1, y0: 60, y1: 700 }));
  const values = (vs: string[], y: number) => vs.map((v, c) => tok(v, cellX(c), y));
  // tesseract boxes a label wrapped in its narrow cell whole: 5.要求… 100 px tall, its values at its middle;
  // （六）其他处理 on the line of 1.申请人…'s values, that row's label (boxed whole from the same height) read after them
  const lines: Line[] = [
    makeLine([{ text: '5.要求行政机关确认或重新出具已获取信息', box: { x: 120, y: 100, w: 250, h: 100 }, conf: 0.9 }, ...values(['24', '8', '2', '0', '0', '1', '35'], 140)]),
    makeLine([tok('（六）其他处理', 20, 250, 90), ...values(['63', '31', '2', '2', '7', '6', '111'], 252)]),
    makeLine([{ text: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', box: { x: 120, y: 250, w: 250, h: 100 }, conf: 0.9 }]),
  ];
  const layout: Layout = { kind: 'pdf-scan', findings: [], pages: [{ number: 1, width: 1200, height: 1700, unit: 'px', lines, rules: { vertical, horizontal: [] } }] };
  const stream = buildStream(layout);
  const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, [], new Map([[1, layout.pages[0]!]]));
  const row = (r: string) => ['naturalPerson', 'commercial', 'total'].map((c) => result.cells.get(`requests.${r}.${c}`)?.value);
  expect(row('notProcessed.confirmation')).toEqual([24, 8, 35]);
  // the line below is the next row's, level with its label: said
  expect(row('otherHandling.noCorrection')).toEqual([63, 31, 111]);
  expect(result.findings.find((f) => f.code === 'values-off-label')?.message).toContain("'63'");
  // where it stands level with no label, it is not moved (a row whose label was lost may claim it)
  lines[2]!.tokens[0]!.box.y = 400;
  const alone = readTable(buildStream(layout), { from: 0, to: buildStream(layout).norm.length }, templateOf('2021').tables.requests, [], new Map([[1, layout.pages[0]!]]));
  expect(alone.findings.some((f) => f.code === 'values-off-label')).toBe(false);
  expect(alone.cells.get('requests.otherHandling.noCorrection.naturalPerson')?.value).not.toBe(63);
});

test("table 四 on a borderless scan: its header's broken words are no lost numbers, a mark among its values is", () => {
  const table = templateOf('2021').tables.reviewLitigation;
  const row = ['0', ']', '2', '0', '3', '0', '1', '1', '0', '2', '0', '0', '0', '0', '0'];
  const lines: Line[] = [
    makeLine([tok('行政复议', 40, 40, 80), tok('未经复议直接起诉', 500, 40, 160), tok('复议后起诉', 900, 40, 100)]),
    // 结果维持 … broken over two lines in each narrow header cell: their second characters read alone
    makeLine(['结果维', '结果纠', '其他结', '尚未审'].map((w, i) => tok(w, 20 + i * 60, 80, 50))),
    makeLine(['持', '正', '果', '结', '持', '正', '果', '结'].map((w, i) => tok(w, 30 + i * 60, 110, 12))),
    makeLine(row.map((v, i) => tok(v, 30 + i * 60, 160, 12))),
  ];
  const layout: Layout = { kind: 'pdf-scan', findings: [], pages: [{ number: 1, width: 1200, height: 1700, unit: 'px', lines }] };
  const stream = buildStream(layout);
  const result = readTable(stream, { from: 0, to: stream.norm.length }, table, []);
  // fifteen places, one of them a mark where a number was lost: every other value in its cell
  const cells = table.columns.map((c) => result.cells.get(`reviewLitigation.${c.key}`));
  expect(cells.map((c) => c?.value)).toEqual([0, null, 2, 0, 3, 0, 1, 1, 0, 2, 0, 0, 0, 0, 0]);
  expect(cells[1]?.status).toBe('missing');
  expect(result.findings.some((f) => f.code === 'values-unplaceable')).toBe(false);
});

describe("a fax's rows, none full, with neither header nor rules read", () => {
  const ROWS: [string, (string | null)[]][] = [
    ['（一）予以公开', ['5', '1', null, '0', '0', '1', '7']],
    ['（二）部分公开', ['2', null, '0', '0', '0', '0', '2']],
    ['1.属于国家秘密', ['0', '0', '0', null, '0', '0', '0']],
    ['2.其他法律行政法规禁止公开', [null, '3', '0', '0', '1', '0', '4']],
  ];
  const read = (rows: typeof ROWS) => {
    const layout = page(rows);
    delete layout.pages[0]!.rules;
    const stream = buildStream(layout);
    return readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, []);
  };

  test('are placed under the columns their values form together, with a warning', () => {
    const result = read(ROWS);
    const row = (r: string) => ['naturalPerson', 'commercial', 'research', 'publicInterest', 'total'].map((c) => result.cells.get(`requests.${r}.${c}`)?.value);
    expect(row('granted')).toEqual([5, 1, null, 0, 7]);
    expect(row('partiallyGranted')).toEqual([2, null, 0, 0, 2]);
    expect(row('denied.prohibitedByLaw')).toEqual([null, 3, 0, 0, 4]);
    expect(result.findings.find((f) => f.cells?.includes('requests.granted'))?.code).toBe('placed-by-value-columns');
  });

  test('a column blank on the whole page leaves the columns unknown: nothing is placed by guess', () => {
    const result = read(ROWS.map(([label, values]) => [label, values.map((v, c) => (c === 2 ? null : v))]));
    expect(result.findings.some((f) => f.code === 'placed-by-value-columns')).toBe(false);
    expect(result.findings.some((f) => f.code === 'values-unplaceable' && f.cells?.includes('requests.granted'))).toBe(true);
  });
});
