import { findFuzzy } from '../../src/stages/reconstruct/match.js';
import { splitRuns } from '../../src/stages/reconstruct/digits.js';

describe('findFuzzy', () => {
  test('exact matches are found leftmost', () => {
    expect(findFuzzy('abc予以公开def予以公开', '予以公开')).toEqual({ start: 3, end: 7, edits: 0 });
  });

  test('one misspelt character in a long keyword is tolerated', () => {
    const m = findFuzzy('00000002其他法律行政法规禁上公开0000', '其他法律行政法规禁止公开');
    expect(m).toBeDefined();
    expect(m!.start).toBe(8);
  });

  test('short keywords must match exactly', () => {
    expect(findFuzzy('总记', '总计')).toBeUndefined();
    expect(findFuzzy('总记', '总计', 0, 2, 1)).toBeDefined();
  });

  test('the search stays inside its window', () => {
    expect(findFuzzy('予以公开', '予以公开', 1, 4, 0)).toBeUndefined();
    expect(findFuzzy('予以公开xx予以公开', '予以公开', 1)!.start).toBeGreaterThanOrEqual(1);
    expect(findFuzzy('予以公开', '予以公开', 0, 3, 0)).toBeUndefined();
  });
});

describe('splitRuns', () => {
  const rowTotal = (v: number[]) => v[6] === v.slice(0, 6).reduce((a, b) => a + b, 0);

  test('a crawler row with lost boundaries keeps only the splits its total allows', () => {
    const c = splitRuns(['270020130'], { cells: 7, accept: rowTotal }).candidates;
    expect(c).toContainEqual([27, 0, 0, 2, 0, 1, 30]);
    for (const v of c) expect(rowTotal(v)).toBe(true);
    expect(splitRuns(['1000001'], { cells: 7, accept: rowTotal }).candidates).toEqual([[1, 0, 0, 0, 0, 0, 1]]);
  });

  test('several valid splits are all returned, for the caller to refuse to guess', () => {
    const c = splitRuns(['693665'], { cells: 3 }).candidates;
    expect(c).toContainEqual([69, 3, 665]);
    expect(c).toContainEqual([69, 36, 65]);
  });

  test('no part has a leading zero, and signs stay with their run', () => {
    expect(splitRuns(['00'], { cells: 2 }).candidates).toEqual([[0, 0]]);
    expect(splitRuns(['00'], { cells: 1 }).candidates).toEqual([]);
    expect(splitRuns(['2648', '-18538'], { cells: 3 }).candidates).toContainEqual([2648, -18, 538]);
  });

  test('a decimal point stays inside one number', () => {
    for (const c of splitRuns(['1237.5'], { cells: 2 }).candidates) expect(c.filter((v) => !Number.isInteger(v))).toHaveLength(1);
  });
});

import { anchorRows } from '../../src/stages/reconstruct/rows.js';
import { templateOf } from '../../src/core/templates/index.js';
import { labelKey } from '../../normalizers/label.js';

describe('anchorRows', () => {
  const table = templateOf('2021').tables.requests;
  const rowsOf = (text: string) => anchorRows(labelKey(text), 0, labelKey(text).length, table);

  test('misspelt and garbled labels of the wild are still found, in order', () => {
    const text = '一、本年新收政府信息公开申请数量 1 二、上年结转政府信息公开申请数量 1 (一)予!以公开 1 (二)部分公开 1 1.属于国家秘密 1 2.其他法律行政止公开 1';
    const a = rowsOf(text);
    expect(a.found.map((r) => r.row.key)).toEqual(['newReceived', 'carriedOver', 'granted', 'partiallyGranted', 'denied.stateSecret', 'denied.prohibitedByLaw']);
  });

  test("a row whose label OCR garbled past finding is missing, not anchored on another row's words that are a few edits from its own", () => {
    // 新收政府信息公开申请 is two edits from 二、上年结转政府信息公开申请数量's words, and from …不再处理其政府信息公开申请
    const a = rowsOf('4着MK府们息公开中请数 348 二、上年结转政府信息公开申请数量 0 （一）予以公开 28 （二）部分公开 1');
    expect(a.missing.map((r) => r.key)).toContain('newReceived');
    expect(a.found.map((r) => r.row.key).slice(0, 3)).toEqual(['carriedOver', 'granted', 'partiallyGranted']);
    // read with two edits of its own, it is still found
    expect(rowsOf('一、本年新妆政府信息公开中请数量 348 二、上年结转政府信息公开申请数量 0').found.map((r) => r.row.key)).toEqual(['newReceived', 'carriedOver']);
  });

  test("a label's numbering belongs to the label, not to the row above", () => {
    const norm = labelKey('1.属于国家秘密 0000000 2.其他法律行政法规禁止公开');
    const a = anchorRows(norm, 0, norm.length, table);
    const second = a.found.find((r) => r.row.key === 'denied.prohibitedByLaw')!;
    expect(norm.slice(second.start, second.start + 3)).toBe('2其他');
  });

  test('（六）其他处理 as one row is the hybrid variant; with its three rows, the 2021 one', () => {
    expect(rowsOf('（六）其他处理 0 0 （七）总计 0').variants.otherHandling).toBe('single');
    expect(rowsOf('（六）其他处理 1.申请人无正当理由逾期不补正 0 2.申请人逾期未按收费通知要求缴纳费用 0 3.其他 0 （七）总计 0').variants.otherHandling).toBe('rows');
    // labels out of order (pdftotext's block order): the single row printed before the rows above it
    const scrambled = rowsOf('1.信访举报投诉类申请 （六）其他处理 0 0 （七）总计 0 5.要求行政机关确认或重新出具已获取信息');
    expect(scrambled.variants.otherHandling).toBe('single');
    expect(scrambled.unsure).toEqual([]);
    // neither form anywhere: the first is assumed, and said to be a guess
    expect(rowsOf('1.信访举报投诉类申请 0 （七）总计 0').unsure).toEqual(['otherHandling']);
  });

  test("a row whose label was lost is not anchored inside a later row's label that holds its first characters", () => {
    // 4.无正当理由大量反复申请 unread: its prefix 无正当理 stands in 1.申请人无正当理由逾期不补正 further on;
    // anchored there, it put row 5 (before it) out of reach and both rows were lost.
    const before = table.rows.slice(
      0,
      table.rows.findIndex((r) => r.key === 'notProcessed.publication'),
    );
    const text =
      before.map((r) => `${r.label} 0 0 0 0 0 0 0 `).join('') +
      '3.要求提供公开出版物 0 0 0 0 0 0 0 3 0 0 0 0 / 3 5.要求行政机关确认或重新出具已获取信息 1 / 0 0 0 0 1 ' +
      '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 4 0 0 0 0 0 4';
    const a = rowsOf(text);
    expect(a.found.map((r) => r.row.key)).toEqual(expect.arrayContaining(['notProcessed.confirmation', 'otherHandling.noCorrection']));
    expect(a.missing.map((r) => r.key)).toContain('notProcessed.massRepeated');
    // its own label broken over lines with the values between (4.无正当理 / 0 0 / 由大量反复申请) is still found where it begins
    const norm = labelKey(before.map((r) => `${r.label} 0 `).join('') + '3.要求提供公开出版物 0 0 4.无正当理 0 0 由大量反复申请 5.要求行政机关确认或重新出具已获取信息 1');
    const broken = anchorRows(norm, 0, norm.length, table).found.find((r) => r.row.key === 'notProcessed.massRepeated')!;
    expect(norm.slice(broken.start, broken.start + 5)).toBe('4无正当理');
  });

  test('总计 in a repeated column header is not the （七）总计 row', () => {
    const a = rowsOf('3.其他 0 申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计 （七）总计 5');
    const total = a.found.find((r) => r.row.key === 'total')!;
    expect(labelKey('3.其他 0 申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计 （七）总计 5').slice(total.start)).toMatch(/^七总计/);
  });
});

describe('splitRuns limits', () => {
  test('a hopeless row gives up instead of hanging, and says it is incomplete', () => {
    const r = splitRuns(['1234567890123456789012345678901234567890'], { cells: 15, maxSteps: 10_000 });
    expect(r.complete).toBe(false);
  });
});

describe('splitRuns with a printed sign', () => {
  test('增4 begins the change column: the number before it is one cell', () => {
    const c = splitRuns(['13', '+411'], { cells: 3, signedAt: 1 }).candidates;
    for (const v of c) expect(v[0]).toBe(13);
    expect(c).toContainEqual([13, 4, 11]);
  });
});
