/**
 * One template table read from its region of the stream: rows anchored on
 * their labels, each row's values placed in columns by position where the
 * source has geometry, by order where a row is full, and by splitting digit
 * runs under the row's identities where cell boundaries were lost.
 */
import type { Finding } from '../findings.js';
import type { CellProvenance } from '../record/schema.js';
import type { ColumnSpec, Identity, RowSpec, TableSpec } from '../templates/types.js';
import { cellKey } from '../templates/types.js';
import { labelKey } from '../../normalizers/label.js';
import type { CellMap, CellReading } from './cells.js';
import { missingCell } from './cells.js';
import { assignColumns, centreOf, learnCentres, makeCentres, type Centres } from './columns.js';
import { splitRuns } from './digits.js';
import { findFuzzy } from './match.js';
import { anchorRows } from './rows.js';
import { afterPos, posOf, type Stream } from './stream.js';
import { choosePieces, valuePieces, type ValuePiece } from './values.js';

export interface TableRegion {
  /** Label-view indexes of the table's region. */
  from: number;
  to: number;
}

/** Rows whose digit runs admit several splits, kept for solving with the column identities. */
export interface OpenRow {
  row: RowSpec;
  keys: string[];
  candidates: number[][];
  pieces: ValuePiece[];
  label: string;
  spacesIgnored: boolean;
}

export interface TableResult {
  cells: CellMap;
  /** Row keys found, in order. */
  rows: string[];
  variants: Record<string, string>;
  open: OpenRow[];
  findings: Finding[];
}

interface RowWork {
  row: RowSpec;
  columns: ColumnSpec[];
  pieces: ValuePiece[];
  /** Label-view index where the row's label starts (for header-based centres). */
  labelStart: number;
}

export function readTable(stream: Stream, region: TableRegion, table: TableSpec, identities: Identity[]): TableResult {
  const findings: Finding[] = [];
  const cells: CellMap = new Map();
  const open: OpenRow[] = [];
  const anchors = anchorRows(stream.norm, region.from, region.to, table);
  const valueRows = table.rows.filter((r) => r.match.length === 0);

  const work: RowWork[] = [];
  anchors.found.forEach((a, i) => {
    const next = anchors.found[i + 1]?.start ?? region.to;
    const columns = a.row.columns ?? table.columns;
    const pieces = keepLikelyMarks(choosePieces(valuePieces(stream, posOf(stream, a.valuesFrom), posOf(stream, next)), columns.length), a.row.label);
    work.push({ row: a.row, columns, pieces, labelStart: a.start });
  });
  // a table that is one row of values under its header (table 四)
  for (const row of valueRows) {
    const columns = row.columns ?? table.columns;
    const pieces = choosePieces(valuePieces(stream, afterPos(stream, region.from), posOf(stream, region.to)), columns.length);
    work.push({ row, columns, pieces, labelStart: region.to });
  }

  for (const r of anchors.missing) {
    const keys = (r.columns ?? table.columns).map((c) => cellKey(table.id, r.key, c.key));
    for (const k of keys) cells.set(k, missingCell());
    findings.push({
      code: 'row-missing',
      severity: 'error',
      cells: [cellKey(table.id, r.key, '')],
      message: `row ${r.label} of table ${table.id} was not found in the source`,
      stage: 'reconstruct',
    });
  }

  const centresFor = centreFinder(stream, region, table, work);
  const occupancy = new Occupancy();
  for (const w of work) {
    const keys = w.columns.map((c) => cellKey(table.id, w.row.key, c.key));
    const rowIds = identities.filter((id) => [...id.lhs, ...id.rhs].every((k) => keys.includes(k)));
    placeRow(w, keys, centresFor(w), rowIds, cells, open, findings, table, occupancy);
  }
  return { cells, rows: work.map((w) => w.row.key), variants: anchors.variants, open, findings };
}

function placeRow(
  w: RowWork,
  keys: string[],
  centres: Centres | undefined,
  rowIds: Identity[],
  cells: CellMap,
  open: OpenRow[],
  findings: Finding[],
  table: TableSpec,
  occupancy: Occupancy,
): void {
  const n = keys.length;
  // marks OCR could not read as digits take part only in placing by position
  const all = w.pieces;
  const pieces = all.filter((p) => !p.unreadable);
  const rowKey = cellKey(table.id, w.row.key, '');
  const label = w.row.label || table.id;
  // a scan's row is placed by position whenever it can be: OCR adds and drops marks
  const scan = pieces[0]?.unit === 'px' || all[0]?.unit === 'px';

  if (pieces.length === n && !(scan && centres)) {
    const method = pieces[0]!.unit === 'cell' ? 'grid' : centres?.source === 'rows' ? 'position' : 'order';
    keys.forEach((k, i) => cells.set(k, readCell(pieces[i]!, method)));
    warnRepairs(keys, cells, findings, label);
    warnIfDetached(w, keys, rowIds, cells, findings, rowKey, label);
    return;
  }

  if (centres && pieces.length > 0) {
    // marks that may be lost numbers take part where positions decide
    const placed = scan || all.length > pieces.length ? all : pieces;
    let cols = assignColumns(placed, centres);
    if (centres.source === 'other-page') cols = occupancy.likely(keys.length, placed.length) ?? cols;
    else occupancy.note(keys.length, cols);
    const strays = placed.filter((p, i) => cols[i] === -1 && !p.unreadable);
    if (strays.length < pieces.length) {
      const method = pieces[0]!.unit === 'cell' ? 'grid' : 'position';
      keys.forEach((k) => cells.set(k, blankCell(method)));
      placed.forEach((p, i) => {
        if (cols[i]! >= 0) cells.set(keys[cols[i]!]!, readCell(p, method));
      });
      warnRepairs(keys, cells, findings, label);
      const blanks = keys.filter((k) => cells.get(k)!.status === 'blank' && cells.get(k)!.prov.raw === null);
      if (scan && blanks.length) {
        findings.push({
          code: 'blank-in-scan',
          severity: 'warning',
          cells: blanks,
          message: `row ${label}: nothing was read under ${blanks.length} column(s) of the scan; they are taken as blank, but a faint or stamped-over digit would look the same`,
          stage: 'ocr',
        });
      }
      const unsure = centres.source === 'other-page' || (centres.source === 'header' && (pieces[0]!.unit === 'char' || pieces[0]!.unit === 'px'));
      if (unsure) {
        findings.push({
          code: centres.source === 'other-page' ? 'placed-by-other-page' : 'placed-by-header',
          severity: 'warning',
          cells: [rowKey],
          message:
            centres.source === 'other-page'
              ? `row ${label} has ${pieces.length} values for ${n} cells and its page shows neither a full row nor the column headers; they were put under the columns of another page of the table, whose layout may differ`
              : `row ${label} has ${pieces.length} values for ${n} cells; they were put under the column headers they sit nearest to, which text spacing or a scan makes uncertain`,
          stage: 'reconstruct',
        });
      }
      if (strays.length) {
        // left of the table's values it is a label's numbering; among them, a value that fits no column
        const inside = strays.some((p) => centreOf(p) > centres.xs[0]! - centres.tolerance);
        findings.push({
          code: 'stray-value',
          severity: inside ? 'warning' : 'info',
          cells: [rowKey],
          message: `${strays.map((s) => `'${s.raw}'`).join(', ')} beside row ${label} sits under no column and was not used`,
          stage: 'reconstruct',
        });
      }
      return;
    }
  }

  // no geometry, but the marks OCR could not read fill the row: each stands where a number was lost
  if (all.length === n && pieces.length < n && pieces.length > 0) {
    keys.forEach((k, i) => cells.set(k, readCell(all[i]!, 'order')));
    warnRepairs(keys, cells, findings, label);
    return;
  }

  if (pieces.length === 0) {
    for (const k of keys) cells.set(k, missingCell());
    findings.push({ code: 'row-values-missing', severity: 'error', cells: [rowKey], message: `no values were found for row ${label}`, stage: 'reconstruct' });
    return;
  }

  if (pieces.length < n && pieces.some((p) => /\d\d/.test(p.raw)) && all.length === pieces.length) {
    splitRow(w, keys, rowIds, cells, open, findings, rowKey, label);
    return;
  }

  if (pieces.length > n) {
    // labels sit left of the values: the last n values are the row's, the rest is stray text
    const used = pieces.slice(pieces.length - n);
    keys.forEach((k, i) => cells.set(k, readCell(used[i]!, 'order')));
    findings.push({
      code: 'extra-values',
      severity: 'warning',
      cells: [rowKey],
      message: `row ${label} has ${pieces.length} values for ${n} cells; the last ${n} were used (${pieces.map((p) => p.raw).join(' ')})`,
      stage: 'reconstruct',
    });
    return;
  }

  // fewer single-digit values than cells and no geometry: which cells are blank is unknown
  for (const k of keys) cells.set(k, { ...missingCell('order'), status: 'ambiguous' });
  findings.push({
    code: 'values-unplaceable',
    severity: 'error',
    cells: [rowKey],
    message: `row ${label} has ${pieces.length} values (${pieces.map((p) => p.raw).join(' ')}) for ${n} cells and no positions to tell which cells are blank`,
    stage: 'reconstruct',
  });
}

function splitRow(
  w: RowWork,
  keys: string[],
  rowIds: Identity[],
  cells: CellMap,
  open: OpenRow[],
  findings: Finding[],
  rowKey: string,
  label: string,
): void {
  const n = keys.length;
  const accept = rowIds.length
    ? (vals: number[]) => rowIds.every((id) => sumOf(id.lhs, keys, vals) === sumOf(id.rhs, keys, vals))
    : undefined;
  const runsOf = (spaced: boolean) => {
    const raws = w.pieces.map((p) => p.raw.replace(/^增/, '+').replace(/^减/, '-').replace(/[元万,，]/g, ''));
    return spaced ? raws : [raws.join('')].flatMap((s) => s.split(/(?=[+\-−])/));
  };
  // respect the spaces the source printed first; crawler text puts spaces inside numbers too
  const change = keys.findIndex((k) => k.endsWith('.change'));
  const signedAt = change >= 0 ? change : undefined;
  let split = splitRuns(runsOf(true), { cells: n, accept, limit: 200, signedAt });
  let spacesIgnored = false;
  if (split.complete && split.candidates.length === 0) {
    split = splitRuns(runsOf(false), { cells: n, accept, limit: 200, signedAt });
    spacesIgnored = true;
  }
  const candidates = split.candidates;
  const box = w.pieces[0]!;
  const raw = w.pieces.map((p) => p.raw).join(' ');
  const prov = (value: number | null, status: CellReading['status']): CellReading => ({
    value,
    status,
    prov: { page: box.page, box: box.box, unit: box.unit ?? null, raw, confidence: Math.min(...w.pieces.map((p) => p.conf ?? 1)), method: 'digit-split', repairs: value === null ? [] : ['digits-split'] },
  });
  if (candidates.length === 0 || !split.complete) {
    for (const k of keys) cells.set(k, { ...prov(null, 'missing') });
    findings.push({
      code: 'digits-unsplittable',
      severity: 'error',
      cells: [rowKey],
      message: split.complete
        ? `the digits '${raw}' of row ${label} cannot be split into ${n} cells${accept ? ' that satisfy the row total' : ''}`
        : `the digits '${raw}' of row ${label} can be cut into ${n} cells in too many ways to tell which is meant`,
      stage: 'reconstruct',
    });
    return;
  }
  const units = w.pieces.map((p) => p.parsed.unit).filter(Boolean);
  keys.forEach((k, i) => {
    const vals = new Set(candidates.map((c) => c[i]));
    const cell = vals.size === 1 ? prov(candidates[0]![i]!, 'read') : prov(null, 'ambiguous');
    if (units.length && i === keys.length - 1) cell.unit = units[units.length - 1];
    cells.set(k, cell);
  });
  if (candidates.length > 1) {
    // several splits fit the row: the column identities may still decide (solve.ts), which reports it
    open.push({ row: w.row, keys, candidates, pieces: w.pieces, label, spacesIgnored });
    return;
  }
  findings.push({
    code: 'digits-split',
    severity: 'warning',
    cells: [rowKey],
    message: `the digits '${raw}' of row ${label} ran together; split as ${candidates[0]!.join('|')}, the only way${accept ? ' that satisfies the row total' : ''}${spacesIgnored ? ' (ignoring spaces the source put inside numbers)' : ''}`,
    stage: 'reconstruct',
  });
}

/**
 * A row whose values stand on different lines (a text dump that printed one
 * cell per line) was read in order, not by position: unless the row's own
 * total confirms it, which value belongs to which column is unverified.
 */
function warnIfDetached(w: RowWork, keys: string[], rowIds: Identity[], cells: CellMap, findings: Finding[], rowKey: string, label: string): void {
  if (keys.length < 2 || w.pieces[0]!.unit === 'cell') return;
  const lines = new Set(w.pieces.map((p) => `${p.page}:${p.box.y}`));
  if (lines.size < 2) return;
  const vals = keys.map((k) => cells.get(k)!.value);
  const confirmed = rowIds.length > 0 && vals.every((v) => v !== null) && rowIds.every((id) => sumOf(id.lhs, keys, vals as number[]) === sumOf(id.rhs, keys, vals as number[]));
  if (confirmed) return;
  findings.push({
    code: 'values-detached',
    severity: 'warning',
    cells: [rowKey],
    message: `the values of row ${label} stand on ${lines.size} separate lines, away from their labels; they were taken in reading order, which nothing confirms`,
    stage: 'reconstruct',
  });
}

/**
 * A mark OCR could not read counts as a lost value only on a line that has
 * values of the row, and only if it is not a piece of the row's own label
 * (项, 总计 left over from a label broken around the values).
 */
function keepLikelyMarks(pieces: ValuePiece[], label: string): ValuePiece[] {
  const valueLines = new Set(pieces.filter((p) => !p.unreadable).map((p) => `${p.page}:${p.box.y}`));
  const labelChars = new Set(labelKey(label));
  // a bare rule or bracket (|, ]) is what is left of a ruling line, not of a number
  return pieces.filter((p) => !p.unreadable || (labelKey(p.raw) !== '' && valueLines.has(`${p.page}:${p.box.y}`) && ![...labelKey(p.raw)].some((ch) => labelChars.has(ch))));
}

/** Values read only after mending characters (OCR confusables and lookalikes) are repairs: a warning names them. */
function warnRepairs(keys: string[], cells: CellMap, findings: Finding[], label: string): void {
  const mended = keys.filter((k) => cells.get(k)!.prov.repairs.some((r) => r === 'ocr-confusable' || r === 'ocr-lookalike'));
  if (!mended.length) return;
  findings.push({
    code: 'ocr-confusable',
    severity: 'warning',
    cells: mended,
    message: `row ${label}: ${mended.map((k) => `'${cells.get(k)!.prov.raw}' read as ${cells.get(k)!.value}`).join(', ')} (characters OCR confuses with digits)`,
    stage: 'normalize',
  });
}

/**
 * Which columns rows with k of n values filled, on pages whose own geometry
 * placed them. A table with blank columns leaves the same columns blank on
 * every page, so a row on a page without a header or a full row is put in
 * the columns the other pages' rows used, when they all agree.
 */
class Occupancy {
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

const sumOf = (ks: string[], keys: string[], vals: number[]) => ks.reduce((s, k) => s + vals[keys.indexOf(k)]!, 0);

/**
 * Marks that OCR of Chinese makes of a lone digit in a number column: a serif
 * 1 comes back as 工 or 丨. Read so, the value is a repair (a warning) that the
 * identities then check.
 */
const CJK_DIGIT_LOOKALIKES: Record<string, number> = { 工: 1, 丨: 1, I: 1, l: 1, '|': 1, O: 0, o: 0, 〇: 0 };

function readCell(p: ValuePiece, method: CellProvenance['method']): CellReading {
  if (p.unreadable && p.raw in CJK_DIGIT_LOOKALIKES) {
    return {
      value: CJK_DIGIT_LOOKALIKES[p.raw]!,
      status: 'read',
      prov: { page: p.page, box: p.box, unit: p.unit ?? null, raw: p.raw, confidence: Math.min(p.conf ?? 0.5, 0.5), method, repairs: ['ocr-lookalike'] },
    };
  }
  if (p.unreadable) {
    // a mark under the column that OCR could not read as a number: unread, not blank
    return { value: null, status: 'missing', prov: { page: p.page, box: p.box, unit: p.unit ?? null, raw: p.raw, confidence: p.conf ?? 0, method, repairs: [] } };
  }
  return {
    value: p.parsed.value,
    unit: p.parsed.unit,
    status: p.parsed.value === null ? 'blank' : 'read',
    prov: { page: p.page, box: p.box, unit: p.unit ?? null, raw: p.raw, confidence: p.conf ?? 1, method, repairs: [...p.parsed.repairs] },
  };
}

function blankCell(method: CellProvenance['method']): CellReading {
  return { value: null, status: 'blank', prov: { page: null, box: null, unit: null, raw: null, confidence: 1, method, repairs: [] } };
}

/**
 * Column centres for a row: learned from the full rows of the same column set
 * on its page, else read off the column headers on that page (when the
 * page's full rows agree with them), else those of the nearest other page of
 * the table (a table crossing pages without repeating its header).
 */
function centreFinder(stream: Stream, region: TableRegion, table: TableSpec, work: RowWork[]) {
  const perPage = new Map<string, Centres | undefined>();
  const pageCentres = (sig: string, page: number, columns: ColumnSpec[], anyRow: RowWork): Centres | undefined => {
    const key = `${sig}@${page}`;
    if (perPage.has(key)) return perPage.get(key);
    const n = columns.length;
    const rows = work.filter((o) => o.columns.map((c) => c.key).join(',') === sig && o.pieces[0]?.page === page && o.pieces.every((p) => !p.glued));
    let centres = learnCentres(rows.map((o) => o.pieces.filter((p) => !p.unreadable)), n);
    if (!centres) {
      // the header is printed above the page's first row
      centres = headerCentres(stream, region, table, { ...(rows[0] ?? anyRow), columns }, page);
      const full = rows.map((o) => o.pieces.filter((p) => !p.unreadable)).filter((r) => r.length === n);
      // headers only tell where the columns are if the full rows of the page sit under them
      if (centres && !full.every((r) => assignColumns(r, centres!).every((c, i) => c === i))) centres = undefined;
    }
    perPage.set(key, centres);
    return centres;
  };
  return (w: RowWork): Centres | undefined => {
    const n = w.columns.length;
    if (n === 1 || w.pieces.some((p) => p.glued)) return undefined;
    const sig = w.columns.map((c) => c.key).join(',');
    const page = w.pieces[0]?.page ?? -1;
    const own = pageCentres(sig, page, w.columns, w);
    if (own) return own;
    const pages = [...new Set(work.filter((o) => o.columns.map((c) => c.key).join(',') === sig).map((o) => o.pieces[0]?.page).filter((p): p is number => p !== undefined && p !== page))];
    pages.sort((a, b) => Math.abs(a - page) - Math.abs(b - page) || a - b);
    for (const p of pages) {
      const c = pageCentres(sig, p, w.columns, w);
      if (c) return { ...c, source: 'other-page' };
    }
    return undefined;
  };
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
  const locate = (word: string, from: number, nth: number): { x: number; end: number } | undefined => {
    let at = from;
    let seen = 0;
    for (;;) {
      const m = findFuzzy(stream.norm, word, at, to, 0);
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
  const attempt = (sequential: boolean): number[] | undefined => {
    const xs: number[] = [];
    let from = region.from;
    const uses = new Map<string, number>();
    for (const c of w.columns) {
      let hit: { x: number; end: number } | undefined;
      for (const word of words(c)) {
        hit = locate(word, from, sequential ? 0 : uses.get(word) ?? 0);
        if (hit) {
          uses.set(word, (uses.get(word) ?? 0) + 1);
          break;
        }
      }
      if (!hit) return undefined;
      xs.push(hit.x);
      if (sequential) from = hit.end;
    }
    for (let i = 1; i < xs.length; i++) if (!(xs[i]! > xs[i - 1]!)) return undefined;
    return xs;
  };
  const xs = attempt(true) ?? attempt(false);
  return xs && makeCentres(xs);
}
