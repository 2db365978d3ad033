/**
 * Row anchoring: find each template row's label, in template order, in the
 * label view of a table's region. Rows are anchored on their labels, never on
 * the count of numbers, so a lost number cannot shift every later cell.
 *
 * A keyword found is widened backwards over the rest of the label's start
 * (`1.属于` before 国家秘密), so that a label's own numbering is never read as
 * a value of the row above. Generic keywords (总计, 其他) that sit among the
 * column header's words are a repeated header, not the row.
 */
import type { RowSpec, TableSpec } from '../../core/templates/types.js';
import { labelKey } from '../../../normalizers/label.js';
import { findFuzzy, type Match } from './match.js';

export interface RowAnchor {
  row: RowSpec;
  /** The label's span in the stream's label view. */
  start: number;
  end: number;
  /**
   * Where the row's values may begin: the keyword's own start, past any
   * numbering digit in it. Values printed inside a label broken over lines
   * (2.其他法律行政 / 0 0 / 法规禁止公开) lie within the label's span.
   */
  valuesFrom: number;
  edits: number;
  keyword: string;
}

export interface RowAnchors {
  found: RowAnchor[];
  missing: RowSpec[];
  /** Which option of each variant group was found (`otherHandling` → `rows` | `single`). */
  variants: Record<string, string>;
  /** Variant groups none of whose options was found: the first option was assumed. */
  unsure: string[];
}

/** Keywords this short are too common to trust near the table header. */
const GENERIC = 3;
/** How far around a generic keyword to look for header words. */
const HEADER_WINDOW = 14;

export function anchorRows(norm: string, from: number, to: number, table: TableSpec): RowAnchors {
  const found: RowAnchor[] = [];
  const missing: RowSpec[] = [];
  const variants: Record<string, string> = {};
  const unsure: string[] = [];
  const headerKeys = [...table.headerWords, ...table.columns.map((c) => c.label)].map(labelKey);
  let pos = from;

  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.variant) {
      const group = row.variant.group;
      const options = [...new Set(rows.filter((r) => r.variant?.group === group).map((r) => r.variant!.option))];
      if (options.length > 1 && !(group in variants)) {
        const chosen = chooseVariant(norm, from, pos, to, table, group, options, headerKeys);
        if (!chosen) unsure.push(group);
        variants[group] = chosen ?? options[0]!;
      } else if (!(group in variants)) variants[group] = options[0]!;
      if (row.variant.option !== variants[group]) continue;
    }
    if (row.match.length === 0) continue;
    const a = findRow(norm, pos, to, row, table, headerKeys);
    if (a) {
      found.push(a);
      pos = a.end;
    } else missing.push(row);
  }
  return { found, missing, variants, unsure };
}

/**
 * The variant whose first row appears first before the next fixed row; in a
 * text dump that prints labels out of order (pdftotext's block order), the
 * first found after the previous row, or else anywhere in the table.
 */
function chooseVariant(norm: string, from: number, pos: number, to: number, table: TableSpec, group: string, options: string[], headerKeys: string[]): string | undefined {
  const rows = table.rows;
  const after = rows.find((r, i) => !r.variant && i > rows.findIndex((x) => x.variant?.group === group));
  const next = after ? (findRow(norm, pos, to, after, table, headerKeys)?.start ?? to) : to;
  const ranges: [number, number][] = [
    [pos, next],
    [pos, to],
    [from, to],
  ];
  for (const [start, limit] of ranges) {
    const found = firstOption(norm, start, limit, rows, group, options, table, headerKeys);
    if (!found) continue;
    const multi = options.find((o) => o !== 'single');
    if (found.option === 'single' && multi) {
      // （六）其他处理 heads the three rows too: single only when none of them follows.
      const firstMulti = rows.find((r) => r.variant?.group === group && r.variant.option === multi)!;
      if (findRow(norm, start, limit, firstMulti, table, headerKeys)) return multi;
    }
    return found.option;
  }
  return undefined;
}

/** The option whose first row is found first in [pos, limit), and where. */
function firstOption(norm: string, pos: number, limit: number, rows: RowSpec[], group: string, options: string[], table: TableSpec, headerKeys: string[]): { option: string; at: number } | undefined {
  let best: { option: string; at: number } | undefined;
  for (const option of options) {
    const first = rows.find((r) => r.variant?.group === group && r.variant.option === option)!;
    const a = findRow(norm, pos, limit, first, table, headerKeys);
    // the multi-row option wins a tie: its first row sits inside the single row's group label
    if (a && (!best || a.start < best.at || (a.start === best.at && option === 'rows'))) best = { option, at: a.start };
  }
  return best;
}

/**
 * The label's first characters, exactly: a label broken over lines with the
 * row's values printed between its parts (2.其他法律行 / 0 0 0 / 政法规禁止公开)
 * is still anchored where it begins. The prefix is the shortest (from four
 * characters) that no other row of the table begins with. Another row's
 * label may still hold it further in (无正当理 of 4.无正当理由大量反复申请 in
 * 1.申请人无正当理由逾期不补正): those are returned too, so that a hit that
 * stands in one of them is not taken for this row (a row anchored on a later
 * row's label puts every row between out of reach).
 */
const MIN_PREFIX = 4;
const stripNumbering = (label: string) => labelKey(label).replace(/^(\d+|[一二三四五六七八九十]+)(?=\p{Script=Han})/u, '');
/** Each row's label without its numbering, once per table (a template is data that never changes). */
const bareLabels = new WeakMap<TableSpec, Map<RowSpec, string>>();
function bareLabel(table: TableSpec, row: RowSpec): string {
  let labels = bareLabels.get(table);
  if (!labels) bareLabels.set(table, (labels = new Map(table.rows.map((r) => [r, stripNumbering(r.label)]))));
  return labels.get(row) ?? stripNumbering(row.label);
}
interface Prefix {
  keyword: string;
  /** Other rows' labels (numbering stripped) holding the prefix, and where. */
  within: { label: string; at: number }[];
}
function labelPrefix(row: RowSpec, table: TableSpec): Prefix | undefined {
  const key = bareLabel(table, row);
  const others = table.rows.filter((r) => r !== row).map((r) => bareLabel(table, r));
  for (let n = MIN_PREFIX; n < key.length; n++) {
    const p = key.slice(0, n);
    if (others.some((o) => o.startsWith(p))) continue;
    const within = others.filter((o) => o.includes(p)).map((label) => ({ label, at: label.indexOf(p) }));
    return { keyword: p, within };
  }
  return undefined;
}

/**
 * Whether a prefix hit at `start` is the text of another row's label that
 * holds the prefix: that label's characters stand right before it, or its
 * continuation right after (three characters, exactly).
 */
function inOtherLabel(norm: string, start: number, prefix: Prefix): boolean {
  const end = start + prefix.keyword.length;
  return prefix.within.some(({ label, at }) => {
    const before = label.slice(Math.max(0, at - 3), at);
    const after = label.slice(at + prefix.keyword.length, at + prefix.keyword.length + 3);
    return (before.length > 0 && norm.slice(start - before.length, start) === before) || (after.length === 3 && norm.slice(end, end + 3) === after);
  });
}

/**
 * How far past the previous row a row's label may start. A table's rows stand
 * within a few thousand characters of each other; a hostile text of one
 * 20 MB line must not be searched end to end for every keyword of every row.
 */
const ROW_WINDOW = 20_000;

function findRow(norm: string, from: number, to: number, row: RowSpec, table: TableSpec, headerKeys: string[]): RowAnchor | undefined {
  to = Math.min(to, from + ROW_WINDOW);
  let best: (Match & { keyword: string }) | undefined;
  const prefix = labelPrefix(row, table);
  for (const spec of [...row.match, ...(prefix ? [`${prefix.keyword}~0`] : [])]) {
    // `word~N` allows N edits where the default budget for its length is less
    const [keyword, budget] = spec.includes('~') ? [spec.slice(0, spec.indexOf('~')), Number(spec.slice(spec.indexOf('~') + 1))] : [spec, undefined];
    const generic = keyword.length <= GENERIC && headerKeys.some((h) => h.includes(keyword));
    const isPrefix = prefix !== undefined && keyword === prefix.keyword && !row.match.includes(spec);
    let at = from;
    for (;;) {
      const m = findFuzzy(norm, keyword, at, to, budget);
      if (!m) break;
      if ((generic && amongHeader(norm, m, headerKeys, keyword)) || (isPrefix && inOtherLabel(norm, m.start, prefix)) || (m.edits > 0 && anotherRowsWords(norm, m, row, table))) {
        at = m.end;
        continue;
      }
      if (!best || m.start < best.start || (m.start === best.start && keyword.length > best.keyword.length)) best = { ...m, keyword };
      break;
    }
  }
  if (!best) return undefined;
  const start = widenBack(norm, best.start, from, labelKey(row.label), best.keyword);
  const numbering = /^\d*/.exec(best.keyword)![0].length;
  return { row, start, end: best.end, valuesFrom: best.start + numbering, edits: best.edits, keyword: best.keyword };
}

/**
 * Whether a hit made with edits is another row's words, printed exactly:
 * 新收政府信息公开申请 is two edits from 结转政府信息公开申请 (二、上年结转…)
 * and from 理其政府信息公开申请 (…不再处理其政府信息公开申请), and where the
 * first row's label is garbled past finding, another row's would be taken
 * for it (its values for the first row's, the rows between lost).
 */
function anotherRowsWords(norm: string, m: Match, row: RowSpec, table: TableSpec): boolean {
  const text = norm.slice(m.start, m.end);
  return text.length >= MIN_PREFIX && table.rows.some((other) => other !== row && bareLabel(table, other).includes(text));
}

function amongHeader(norm: string, m: Match, headerKeys: string[], keyword: string): boolean {
  const window = norm.slice(Math.max(0, m.start - HEADER_WINDOW), m.end + HEADER_WINDOW);
  return headerKeys.some((h) => h.length > 1 && h !== keyword && window.includes(h));
}

/**
 * Extend a keyword match backwards over the label text printed before it,
 * allowing one mismatch (OCR), and over the label's numbering digit.
 */
function widenBack(norm: string, start: number, floor: number, label: string, keyword: string): number {
  const k = label.indexOf(keyword.slice(0, Math.min(2, keyword.length)));
  if (k <= 0) return start;
  let li = k - 1;
  let si = start - 1;
  let misses = 0;
  let result = start;
  while (li >= 0 && si >= floor) {
    if (norm[si] === label[li]) {
      result = si;
      li--;
      si--;
    } else if (misses === 0) {
      misses++;
      // a substituted character, or one missing from the source
      if (li > 0 && norm[si] === label[li - 1]) li--;
      else {
        li--;
        si--;
      }
    } else break;
  }
  return result;
}
