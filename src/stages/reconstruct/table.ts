/**
 * One template table read from its region of the stream: rows anchored on
 * their labels, each row's values placed in columns by position where the
 * source has geometry, by order where a row is full, and by splitting digit
 * runs under the row's identities where cell boundaries were lost.
 */
import type { Finding } from '../../core/findings.js';
import type { Page } from '../../core/layout.js';
import type { CellProvenance } from '../../core/record.js';
import type { Identity, RowSpec, TableSpec } from '../../core/templates/types.js';
import { cellKey } from '../../core/templates/types.js';
import { labelKey } from '../../../normalizers/label.js';
import { lookalikeDigit } from '../../../normalizers/number.js';
import type { CellMap, CellReading } from './cells.js';
import { missingCell } from './cells.js';
import { assignByScale, assignColumns, centreOf, type Centres } from './columns.js';
import { centreFinder, Occupancy, type RowWork } from './centres.js';
import { splitRow, sumOf, type OpenRow, type Reading } from './split-row.js';
import { anchorRows } from './rows.js';
import { afterPos, posOf, type Stream, type TableRegion } from './stream.js';
import { choosePieces, joinLostPoint, lostNumber, valuePieces, type ValuePiece } from './values.js';
import { readValueBlock } from './value-block.js';
import { claimUnlabelledRows } from './unlabelled.js';
import { isLevel, labelExtent, levelWithLabel } from './label-level.js';

export interface TableResult {
  cells: CellMap;
  /** Row keys found, in order. */
  rows: string[];
  variants: Record<string, string>;
  open: OpenRow[];
  findings: Finding[];
}

export function readTable(stream: Stream, region: TableRegion, table: TableSpec, identities: Identity[], pages: ReadonlyMap<number, Page> = new Map()): TableResult {
  const findings: Finding[] = [];
  const cells: CellMap = new Map();
  const open: OpenRow[] = [];
  const anchors = anchorRows(stream.norm, region.from, region.to, table);
  const valueRows = table.rows.filter((r) => r.match.length === 0);

  const work: RowWork[] = [];
  const spans = anchors.found.map((a, i) => {
    const next = anchors.found[i + 1]?.start ?? region.to;
    const columns = a.row.columns ?? table.columns;
    return { a, columns, all: keepLikelyMarks(choosePieces(valuePieces(stream, posOf(stream, a.valuesFrom), posOf(stream, next)), columns.length), a.row.label, columns.length) };
  });
  spans.forEach(({ a, columns, all }, i) => {
    let pieces = levelWithLabel(labelExtent(stream, a), all, columns.length);
    if (pieces.length < all.length) {
      // level with the label of the form's next row, read after them: that row's (else, as read: a row whose
      // label was lost takes its line of values below, claimUnlabelledRows)
      const off = all.filter((p) => !pieces.includes(p));
      const below = spans[i + 1];
      const adjacent = below && table.rows.slice(table.rows.indexOf(a.row) + 1, table.rows.indexOf(below.a.row)).every((r) => !anchors.missing.includes(r));
      if (below && adjacent && off.every((p) => isLevel(labelExtent(stream, below.a), p))) {
        below.all = [...off, ...below.all];
        findings.push({
          code: 'values-off-label',
          severity: 'info',
          cells: [cellKey(table.id, a.row.key, '')],
          message: `${off.map((p) => `'${p.raw}'`).join(', ')} after row ${a.row.label} stand on another line than its label and its own values, level with the label of row ${below.a.row.label}: taken for it`,
          stage: 'reconstruct',
        });
      } else pieces = all;
    }
    const point = joinLostPoint(pieces, columns);
    if (point) {
      pieces = point.pieces;
      findings.push({
        code: 'decimal-point-restored',
        severity: 'warning',
        cells: [cellKey(table.id, a.row.key, columns[columns.length - 1]!.key)],
        message: `row ${a.row.label}: two numbers a point's width apart under the amount of money, read as ${point.joined.raw} (the decimal point lost to the scan)`,
        stage: 'reconstruct',
      });
    }
    work.push({ row: a.row, columns, pieces, labelStart: a.start });
  });
  // a table that is one row of values under its header (table 四)
  for (const row of valueRows) {
    const columns = row.columns ?? table.columns;
    const all = choosePieces(valuePieces(stream, afterPos(stream, region.from), posOf(stream, region.to)), columns.length);
    // in a text dump, marks on the header's own lines (总计, 持 of 结果维持 broken over lines) are header, not lost
    // numbers; a scan's marks are placed by its ruling lines, where a lost number shows as a mark in its cell,
    // but only on a line of numbers: the header's broken words (持 正 果 结) stand on lines of their own
    const onNumberLines = (p: ValuePiece) => !p.unreadable || all.some((q) => !q.unreadable && stream.atoms[q.atom]!.line === stream.atoms[p.atom]!.line);
    const pieces = all[0]?.unit === 'char' ? keepLikelyMarks(all, row.label, columns.length) : all.filter(onNumberLines);
    work.push({ row, columns, pieces, labelStart: region.to });
  }

  // rows whose labels could not be read take the lines of values left between found rows
  const unlabelled = claimUnlabelledRows(work, anchors.missing, table);
  work.splice(0, work.length, ...unlabelled.work);
  const missing = anchors.missing.filter((r) => !unlabelled.claimed.has(r));
  findings.push(...unlabelled.findings);

  for (const group of anchors.unsure) {
    findings.push({
      code: 'row-form-unknown',
      severity: 'error',
      cells: [cellKey(table.id, group, '')],
      message: `table ${table.id}: none of the forms of the ${group} rows was found, so which the source uses is unknown; the cells were read as ${anchors.variants[group]}`,
      stage: 'reconstruct',
    });
  }

  // labels found out of order, or rows with too many or too few values: the values may be one detached block
  const dislocated = missing.length > 0 || work.some((w) => w.pieces.filter((p) => !p.unreadable).length !== w.columns.length);
  if (dislocated) {
    const rows = table.rows.filter((r) => !r.variant || anchors.variants[r.variant.group] === r.variant.option);
    const block = readValueBlock(stream, region, table, rows, identities);
    if (block) return { cells: block.cells, rows: rows.map((r) => r.key), variants: anchors.variants, open: [], findings: [...findings, ...block.findings] };
  }

  for (const r of missing) {
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

  const centresFor = centreFinder(stream, region, table, work, pages);
  const occupancy = new Occupancy();
  const blanks = leavesCellsEmpty(work);
  for (const w of work) {
    const keys = w.columns.map((c) => cellKey(table.id, w.row.key, c.key));
    const rowIds = identities.filter((id) => [...id.lhs, ...id.rhs].every((k) => keys.includes(k)));
    placeRow(w, keys, centresFor(w), rowIds, cells, open, findings, table, occupancy, blanks);
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
  blanks: boolean,
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
    if (method === 'order') warnIfOutOfOrder(pieces, rowKey, label, findings);
    return;
  }

  if (centres && pieces.length > 0) {
    // marks that may be lost numbers take part where positions decide
    const placed = scan || all.length > pieces.length ? all : pieces;
    let cols = assignColumns(placed, centres);
    // a text line's spacing has its own scale (an OCR dump's): the header positions place it only up to that scale
    if (centres.source === 'header' && placed[0]!.unit === 'char') cols = assignByScale(placed, centres) ?? cols;
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
      const unsure = placedUnsurely(centres, pieces[0]!.unit, label, pieces.length, n);
      if (unsure) findings.push({ code: unsure.code, severity: unsure.severity, cells: [rowKey], message: unsure.message, stage: 'reconstruct' });
      if (strays.length) {
        // left of the table's values it is a label's numbering; among them, a value that fits no column;
        // and beside a cell left blank, a value that may be the one that belongs there
        const inside = strays.some((p) => centreOf(p) > centres.xs[0]! - centres.tolerance);
        const besideGap = keys.some((k) => cells.get(k)!.status === 'blank' && cells.get(k)!.prov.raw === null);
        const suspect = inside || besideGap;
        findings.push({
          code: suspect ? 'stray-value' : 'stray-numbering',
          severity: suspect ? 'warning' : 'info',
          cells: [rowKey],
          message: `${strays.map((s) => `'${s.raw}'`).join(', ')} beside row ${label} sits under no column and was not used`,
          stage: 'reconstruct',
        });
      }
      return;
    }
  }

  // no geometry, but the marks OCR could not read fill the row: each stands where a number was lost
  // (on a scan even when no number was read at all: a one-cell row whose 73 came back 他 is read again)
  if (all.length === n && pieces.length < n && (pieces.length > 0 || scan)) {
    keys.forEach((k, i) => cells.set(k, readCell(all[i]!, 'order')));
    warnRepairs(keys, cells, findings, label);
    warnIfOutOfOrder(all, rowKey, label, findings);
    return;
  }

  if (pieces.length === 0) {
    for (const k of keys) cells.set(k, missingCell());
    findings.push({ code: 'row-values-missing', severity: 'error', cells: [rowKey], message: `no values were found for row ${label}`, stage: 'reconstruct' });
    return;
  }

  // only text loses the boundaries between numbers, or prints nothing for a blank cell and no
  // positions to tell which; a PDF, scan or grid gives each value its own token and place
  const clean = pieces.every((p) => !p.glued);
  if (pieces.length < n && ((blanks && clean) || pieces.some((p) => /\d\d/.test(p.raw))) && all.length === pieces.length && pieces[0]!.unit === 'char') {
    // blank cells are read only between values that stand alone: digits stuck to other text are OCR's or a crawler's
    splitRow(w, keys, rowIds, cells, open, findings, rowKey, label, !clean ? 'no' : blanks ? 'yes' : 'if-needed');
    return;
  }

  // more values than cells: the row's own line of values, when it has exactly n; else, on one line, the last n
  // (stray numbering sits left of them); values over several lines are other rows' too, and none is taken
  const firstLine = pieces.filter((p) => p.page === pieces[0]!.page && p.box.y === pieces[0]!.box.y);
  if (pieces.length > n && (firstLine.length === n || firstLine.length === pieces.length)) {
    const used = firstLine.length === n ? firstLine : pieces.slice(pieces.length - n);
    keys.forEach((k, i) => cells.set(k, readCell(used[i]!, 'order')));
    findings.push({
      code: 'extra-values',
      severity: 'warning',
      cells: [rowKey],
      message: `row ${label} has ${pieces.length} values for ${n} cells; ${used === firstLine ? `those on its own line` : `the last ${n}`} were used (${pieces.map((p) => p.raw).join(' ')})`,
      stage: 'reconstruct',
    });
    return;
  }

  // fewer single-digit values than cells and no geometry: which cells are blank is unknown;
  // or more values than cells, over several lines: which are this row's is unknown
  for (const k of keys) cells.set(k, { ...missingCell('order'), status: 'ambiguous' });
  findings.push({
    code: 'values-unplaceable',
    severity: 'error',
    cells: [rowKey],
    message:
      pieces.length > n
        ? `row ${label} has ${pieces.length} values over several lines (${pieces.map((p) => p.raw).join(' ')}) for ${n} cells: which are its own is unknown`
        : `row ${label} has ${pieces.length} values (${pieces.map((p) => p.raw).join(' ')}) for ${n} cells and no positions to tell which cells are blank`,
    stage: 'reconstruct',
  });
}

/**
 * The finding for a row placed under columns that may not be its page's:
 * another page's, those its rows' values form together, or headers whose
 * places text spacing, a scan or a lost header makes uncertain; none for a
 * page's own full rows or rules, or a text layer's exact headers.
 */
function placedUnsurely(centres: Centres, unit: ValuePiece['unit'], label: string, count: number, n: number): Pick<Finding, 'code' | 'severity' | 'message'> | undefined {
  if (centres.source === 'other-page') {
    return {
      code: 'placed-by-other-page',
      severity: 'warning',
      message: `row ${label} has ${count} values for ${n} cells and its page shows neither a full row nor the column headers; they were put under the columns of another page of the table, whose layout may differ`,
    };
  }
  if (centres.source === 'values') {
    return {
      code: 'placed-by-value-columns',
      severity: 'warning',
      message: `row ${label} has ${count} values for ${n} cells and its page shows neither a full row, the column headers nor the rules; they were put under the columns its rows' values form together, which a column blank on the page would shift`,
    };
  }
  if (centres.source !== 'header' || !(unit === 'char' || unit === 'px' || centres.lost)) return undefined;
  const lost = centres.lost ? ` (${centres.lost} header(s) not found, placed from their neighbours)` : '';
  return {
    code: 'placed-by-header',
    severity: 'warning',
    message: `row ${label} has ${count} values for ${n} cells; they were put under the column headers they sit nearest to${lost}, which ${centres.lost ? 'leaves their places' : 'text spacing or a scan makes'} uncertain`,
  };
}

/**
 * Whether the text leaves blank cells empty: some row has fewer digits than
 * cells, so that no cutting of its numbers fills it. Only then may a row's
 * values be read with cells between them left blank.
 */
function leavesCellsEmpty(work: RowWork[]): boolean {
  return work.some((w) => {
    const values = w.pieces.filter((p) => !p.unreadable && !p.glued && p.unit === 'char');
    const digits = values.reduce((s, p) => s + p.raw.replace(/\D/g, '').length, 0);
    return values.length > 0 && values.length === w.pieces.length && digits < w.columns.length;
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
  // a row of zeros satisfies its total whichever rows the zeros came from: that confirms nothing
  const confirmed =
    rowIds.length > 0 && vals.every((v) => v !== null) && vals.some((v) => v !== 0) && rowIds.every((id) => sumOf(id.lhs, keys, vals as number[]) === sumOf(id.rhs, keys, vals as number[]));
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
 * A scan's values placed in reading order stand left to right in a table
 * row; where one stands left of the one before on its page, the order OCR
 * read them in is not the columns' (a row read as two lines), and nothing
 * says which value is whose.
 */
function warnIfOutOfOrder(pieces: ValuePiece[], rowKey: string, label: string, findings: Finding[]): void {
  const back = pieces.some((p, i) => i > 0 && p.unit === 'px' && p.page === pieces[i - 1]!.page && centreOf(p) < centreOf(pieces[i - 1]!));
  if (!back) return;
  findings.push({
    code: 'values-out-of-order',
    severity: 'warning',
    cells: [rowKey],
    message: `the values of row ${label} were read out of their left-to-right order (${pieces.map((p) => p.raw).join(' ')}); they were taken in reading order, which nothing confirms`,
    stage: 'reconstruct',
  });
}

/**
 * A mark OCR could not read counts as a lost value only on a line that has
 * values of the row, or, on a scan's one-column rows (table 二), standing
 * alone where the row's value stands (a fax's 73 read as 他 on the line of
 * a garbled label, which is a row of its own; among many columns a lone
 * mark is far likelier a speck); and only if it is not a piece of the row's
 * own label (项, 总计 left over from a label broken around the values).
 */
function keepLikelyMarks(pieces: ValuePiece[], label: string, columns: number): ValuePiece[] {
  const values = pieces.filter((p) => !p.unreadable);
  // level with a value: OCR boxes on one line differ in height (a D stands taller than a 1), so by their middles
  const middle = (p: ValuePiece) => p.box.y + p.box.h / 2;
  const onValueLine = (p: ValuePiece) => values.some((v) => v.page === p.page && Math.abs(middle(v) - middle(p)) <= 0.5 * Math.max(v.box.h, p.box.h));
  const valuesFrom = values.reduce((least, p) => Math.min(least, p.box.x), Infinity);
  const underValues = (p: ValuePiece) => columns === 1 && lostNumber(p) && values.some((v) => v.page === p.page) && p.box.x + p.box.w >= valuesFrom;
  const labelChars = new Set(labelKey(label));
  // a bare rule or bracket (|, ]) is what is left of a ruling line, not of a number
  return pieces.filter((p) => !p.unreadable || (labelKey(p.raw) !== '' && (onValueLine(p) || underValues(p)) && ![...labelKey(p.raw)].some((ch) => labelChars.has(ch))));
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

function readCell(p: ValuePiece, method: CellProvenance['method']): CellReading {
  const lookalike = p.unreadable ? lookalikeDigit(p.raw) : undefined;
  if (lookalike !== undefined) {
    return {
      value: lookalike,
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
