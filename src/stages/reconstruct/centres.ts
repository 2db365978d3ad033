/**
 * Where a table's columns are on each page: learned from the rows that fill
 * every column, read off the column headers, or borrowed from another page
 * of the table; and which columns rows with blanks used elsewhere.
 */
import type { ColumnSpec, RowSpec, TableSpec } from '../../core/templates/types.js';
import { labelKey } from '../../../normalizers/label.js';
import { assignColumns, learnCentres, makeCentres, valueCentres, type Centres } from './columns.js';
import { findFuzzy } from './match.js';
import type { Box, Page } from '../../core/layout.js';
import { posOf, type Stream, type TableRegion } from './stream.js';
import type { ValuePiece } from './values.js';
import { median } from '../../core/stats.js';

/**
 * A scan's vertical ruling lines that cross the row bound its cells: the
 * rightmost n cells are its value columns (labels sit on the left). A
 * dotted or broken rule is found as pieces: one with pieces above and
 * below the row crosses it too. Used only when every value of the row that
 * stands alone falls inside one of them (digits misread in a word beside
 * the table are set aside), and the row's label stands left of them all
 * (a broken rule not found would shift every column by one, the label's
 * cell taken for the first value's).
 */
function centresFromRules(page: Page | undefined, w: RowWork, n: number, label: Box | undefined): Centres | undefined {
  const values = w.pieces.filter((p) => !p.unreadable);
  if (!page?.rules || values.length === 0) return undefined;
  // the height most of the values stand at (a stray piece from a header line may come first)
  const y = median(values.map((p) => p.box.y + p.box.h / 2));
  const vertical = page.rules.vertical;
  const near = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) => Math.abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= RULE_X_SLACK;
  // a piece of a rule beside the values (half a value's height either way), or pieces above and below them
  const half = median(values.map((p) => p.box.h)) / 2;
  const crosses = (r: (typeof vertical)[number]) => (r.y0 <= y + half && r.y1 >= y - half) || (r.y1 < y && vertical.some((o) => o.y0 > y && near(o, r)));
  const xs = vertical
    .filter(crosses)
    .map((r) => (r.x0 + r.x1) / 2)
    .sort((a, b) => a - b)
    .filter((x, i, all) => i === 0 || x - all[i - 1]! > RULE_X_SLACK);
  if (xs.length < n + 1) return undefined;
  const bounds = xs.slice(xs.length - n - 1);
  // (a label beside the values: a table whose one row has no label gives its header's words)
  const beside = label && label.y < y + 4 * half && label.y + label.h > y - 4 * half;
  if (beside && label.x + label.w / 2 > bounds[0]!) return undefined;
  const inside = (p: ValuePiece) => {
    const c = p.box.x + p.box.w / 2;
    return c > bounds[0]! && c < bounds[bounds.length - 1]!;
  };
  if (!values.filter((p) => !p.glued).every(inside)) return undefined;
  const mids = bounds.slice(1).map((b, i) => (b + bounds[i]!) / 2);
  const c = makeCentres(mids);
  return c && { ...c, source: 'rows' as const };
}

/** How far apart (px) two pieces of one vertical rule may stand, and two rules must. */
const RULE_X_SLACK = 8;

/** A row found in the table, with the values between its label and the next. */
export interface RowWork {
  row: RowSpec;
  columns: ColumnSpec[];
  pieces: ValuePiece[];
  /** Label-view index where the row's label starts (for header-based centres). */
  labelStart: number;
}

/**
 * Column centres for a row: learned from the full rows of the same column set
 * on its page, else read off the column headers on that page (when the
 * page's full rows agree with them), else those of the nearest other page of
 * the table (a table crossing pages without repeating its header).
 */
export function centreFinder(stream: Stream, region: TableRegion, table: TableSpec, work: RowWork[], pages: ReadonlyMap<number, Page> = new Map()) {
  const ruleCentres = (s: Stream, w: RowWork, n: number) => {
    const label = s.atoms[posOf(s, w.labelStart).atom];
    return centresFromRules(pages.get(w.pieces[0]?.page ?? -1), w, n, label?.page === w.pieces[0]?.page ? label?.box : undefined);
  };
  const perPage = new Map<string, Centres | undefined>();
  const pageCentres = (sig: string, page: number, columns: ColumnSpec[], anyRow: RowWork): Centres | undefined => {
    const key = `${sig}@${page}`;
    if (perPage.has(key)) return perPage.get(key);
    const n = columns.length;
    const rows = work.filter((o) => sigOf(o) === sig && o.pieces[0]?.page === page && o.pieces.every((p) => !p.glued) && !positionless(stream, o));
    let centres = learnCentres(
      rows.map((o) => o.pieces.filter((p) => !p.unreadable)),
      n,
    );
    if (!centres) centres = ruleCentres(stream, rows[0] ?? anyRow, n);
    if (!centres) {
      // the header is printed above the page's first row
      centres = headerCentres(stream, region, table, { ...(rows[0] ?? anyRow), columns }, page);
      // (a row whose n values do not stand left to right took them from several lines: it is no full row)
      const full = rows.map((o) => o.pieces.filter((p) => !p.unreadable)).filter((r) => r.length === n && leftToRight(r));
      // headers only tell where the columns are if the full rows of the page sit under them
      if (centres && !full.every((r) => assignColumns(r, centres!).every((c, i) => c === i))) centres = undefined;
    }
    // on a scan, where the values of the page's rows stand together
    if (!centres && rows[0]?.pieces[0]?.unit === 'px')
      centres = valueCentres(
        rows.map((o) => o.pieces.filter((p) => !p.unreadable)),
        n,
      );
    perPage.set(key, centres);
    return centres;
  };
  /** Columns for a page that tells none of its own, from another page of the table (see the finder). */
  const borrowed = new Map<string, Centres | undefined>();
  const borrow = (sig: string, page: number, w: RowWork): Centres | undefined => {
    // the other pages of the table: those with its rows, and those with only its header (the page it starts on)
    const pages = [
      ...new Set([
        ...work
          .filter((o) => sigOf(o) === sig)
          .map((o) => o.pieces[0]?.page)
          .filter((p): p is number => p !== undefined),
        ...pagesOf(stream, region),
      ]),
    ].filter((p) => p !== page);
    pages.sort((a, b) => Math.abs(a - page) - Math.abs(b - page) || a - b);
    // A table broken into two (each part its own columns) shows no page's columns are every page's: of the
    // pages that tell theirs, the one under whose columns this page's values stand (fewest under none), nearest first.
    const mine = work.filter((o) => sigOf(o) === sig && o.pieces[0]?.page === page).map((o) => o.pieces.filter((p) => !p.unreadable && !p.glued));
    let best: { centres: Centres; strays: number } | undefined;
    for (const p of pages) {
      const c = pageCentres(sig, p, w.columns, w);
      if (!c) continue;
      const strays = mine.reduce((n, r) => n + assignColumns(r, c).filter((col) => col < 0).length, 0);
      if (!best || strays < best.strays) best = { centres: c, strays };
      if (strays === 0) break;
    }
    return best && { ...best.centres, source: 'other-page' };
  };
  return (w: RowWork): Centres | undefined => {
    const n = w.columns.length;
    if (n === 1 || w.pieces.some(unplaced) || positionless(stream, w)) return undefined;
    const sig = sigOf(w);
    const page = w.pieces[0]?.page ?? -1;
    const own = pageCentres(sig, page, w.columns, w);
    if (own) return own;
    const key = `${sig}@${page}`;
    if (!borrowed.has(key)) borrowed.set(key, borrow(sig, page, w));
    return borrowed.get(key);
  };
}

/** Whether pieces stand left to right in their order (a row's values on one line do). */
const leftToRight = (pieces: readonly ValuePiece[]) => pieces.every((p, i) => i === 0 || p.box.x > pieces[i - 1]!.box.x);

/** A row's set of columns, as a key: rows of one set share their columns' places. */
const sigOf = (w: RowWork) => w.columns.map((c) => c.key).join(',');

/** The pages a table's region of the label view spans. */
function pagesOf(stream: Stream, region: TableRegion): number[] {
  const at = (i: number) => stream.atoms[posOf(stream, Math.min(i, stream.normPos.length - 1)).atom]?.page;
  const first = at(region.from),
    last = at(Math.max(region.from, region.to - 1));
  if (first === undefined || last === undefined) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * A piece whose place says nothing: digits inside a text's run of words
 * (规章000行政规范性文件). On a scan every token has its own box, and digits
 * in a token of words (结果纠3, a misread 正) stand where they were printed:
 * such a row is still placed by position (the piece, under no column, is
 * set aside), though it teaches no column's place.
 */
const unplaced = (p: ValuePiece) => p.glued && p.unit !== 'px';

/** A row whose values all stand on lines of running text: their x says nothing about their columns. */
function positionless(stream: Stream, w: RowWork): boolean {
  return w.pieces.length > 0 && w.pieces.every((p) => stream.lines[stream.atoms[p.atom]!.line]!.running === true);
}

/**
 * Centres from where the column headers are printed on a page, before the
 * row. Headers repeat words (table 四: 结果维持 … three times) and break words
 * over lines (科研机 / 构), so each column is looked for by its words or their
 * first three characters, first in order after the previous column, then
 * anywhere in the header.
 */
function headerCentres(stream: Stream, region: TableRegion, table: TableSpec, w: RowWork, page: number): Centres | undefined {
  const to = Math.min(w.labelStart, region.to);
  const avoid = table.headerWords.map(labelKey).filter((h) => h.length > 3);
  const words = (c: ColumnSpec) => [...new Set([...c.match, ...c.match.filter((m) => m.length > 3).map((m) => m.slice(0, 3))])];
  /** The `nth` occurrence (0-based) of a header word on the page, from `from`. */
  const locate = (word: string, from: number, nth: number, fuzzy: boolean): { x: number; end: number } | undefined => {
    let at = from;
    let seen = 0;
    for (;;) {
      const m = findFuzzy(stream.norm, word, at, to, fuzzy && word.length >= FUZZY_HEADER ? 1 : 0);
      if (!m) return undefined;
      at = m.end;
      // 其他 inside 法人或其他组织 is not the 其他 column
      if (avoid.some((h) => h !== word && h.includes(word) && stream.norm.slice(Math.max(0, m.start - h.length), m.end + h.length).includes(h))) continue;
      const p = stream.normPos[m.start]!;
      const atom = stream.atoms[p.atom]!;
      if (atom.page !== page) continue;
      if (seen++ < nth) continue;
      const len = atom.text.length || 1;
      const endOff = stream.normPos[m.end - 1]!.offset + 1;
      return { x: atom.box.x + (atom.box.w * (p.offset + endOff)) / 2 / len, end: m.end };
    }
  };
  /**
   * In order: each column after the previous one's word. Else independently:
   * a word several columns share (结果维持 under each of table 四's groups) is
   * taken at its first, second, third occurrence for the first, second, third
   * column that uses it.
   */
  const attempt = (sequential: boolean, lost: readonly number[] = [], fuzzy = false): number[] | undefined => {
    const xs: number[] = [];
    let from = region.from;
    const uses = new Map<string, number>();
    for (const [i, c] of w.columns.entries()) {
      if (lost.includes(i)) {
        xs.push(NaN);
        continue;
      }
      let hit: { x: number; end: number } | undefined;
      for (const word of words(c)) {
        hit = locate(word, from, sequential ? 0 : (uses.get(word) ?? 0), fuzzy);
        if (hit) {
          uses.set(word, (uses.get(word) ?? 0) + 1);
          break;
        }
      }
      if (!hit) return undefined;
      xs.push(hit.x);
      if (sequential) from = hit.end;
    }
    for (const i of lost) xs[i] = placeLost(xs, i);
    for (let i = 1; i < xs.length; i++) if (!(xs[i]! > xs[i - 1]!)) return undefined;
    return xs;
  };
  const xs = attempt(true) ?? attempt(false);
  if (xs) return makeCentres(xs);
  // (in order, else anywhere: a header read as two lines, 总计 on the first and the words between it and 自然人 on the second)
  const guessed = someLost(w.columns.length, (lost) => attempt(true, lost) ?? attempt(false, lost));
  if (guessed) {
    const centres = makeCentres(guessed.xs);
    return centres && { ...centres, lost: guessed.lost };
  }
  // Last, headers read with a character wrong (a fax's 户然人, 科晰机构): each word of three or more characters
  // is found with one character misread, the rest as above. Values placed by them carry placed-by-header.
  const misread = attempt(true, [], true) ?? attempt(false, [], true);
  if (misread) return makeCentres(misread);
  const loose = someLost(w.columns.length, (lost) => attempt(true, lost, true) ?? attempt(false, lost, true));
  const centres = loose && makeCentres(loose.xs);
  return centres && { ...centres, lost: loose.lost };
}

/** A header word this long or longer may be found with one character misread (the last resort of headerCentres). */
const FUZZY_HEADER = 3;

/**
 * A column header or two lost to OCR (自然人 read as 8人, 社会公益组织 as 人)
 * and every other found in order: each lost one is placed from its found
 * neighbours (two lost side by side are not). Values put by them are placed
 * by the header, which a warning says (placed-by-header).
 */
function someLost(n: number, attempt: (lost: number[]) => number[] | undefined): { xs: number[]; lost: number } | undefined {
  if (n < 4) return undefined;
  const sets: number[][] = [];
  for (let a = 0; a < n; a++) sets.push([a]);
  for (let a = 0; a < n; a++) for (let b = a + 2; b < n; b++) sets.push([a, b]);
  for (const lost of sets) {
    const xs = attempt(lost);
    if (xs) return { xs, lost: lost.length };
  }
  return undefined;
}

/** Where a lost column stands: midway between its neighbours, or past the end one by the next spacing (NaN where those are lost too). */
function placeLost(xs: readonly number[], lost: number): number {
  if (lost === 0) return 2 * xs[1]! - xs[2]!;
  if (lost === xs.length - 1) return 2 * xs[lost - 1]! - xs[lost - 2]!;
  return (xs[lost - 1]! + xs[lost + 1]!) / 2;
}

/**
 * Which columns rows with k of n values filled, on pages whose own geometry
 * placed them. A table with blank columns leaves the same columns blank on
 * every page, so a row on a page without a header or a full row is put in
 * the columns the other pages' rows used, when they all agree.
 */
export class Occupancy {
  private readonly seen = new Map<string, Set<string>>();
  note(n: number, cols: number[]): void {
    const used = cols.filter((c) => c >= 0);
    const key = `${n}:${used.length}`;
    const set = this.seen.get(key) ?? new Set<string>();
    set.add(used.join(','));
    this.seen.set(key, set);
  }
  likely(n: number, k: number): number[] | undefined {
    const set = this.seen.get(`${n}:${k}`);
    if (!set || set.size !== 1) return undefined;
    return [...set][0]!.split(',').map(Number);
  }
}
