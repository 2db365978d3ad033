/**
 * Second readings for a scan. The cells worth reading again are those OCR
 * could not read as a number where a mark stands, and the low-confidence
 * cells of an identity that fails. Each is read again alone (single line,
 * digits only, through `Layout.reread`); a reading that is a number becomes a
 * repair (a warning), and the identities then check it like any other value.
 * A number that an identity of read numbers already confirms is not read
 * again, however low its confidence: alone, a cell's `11` can come back `1`.
 * Where the identities determine what a cell must hold, the reading that
 * gives it is taken over the more confident one (a serif 11 read as 1 by
 * line mode, as ]1 by free reading).
 */
import type { Box, KnownValue, Layout, Reading } from '../core/layout.js';
import type { Reread } from './reconstruct/record.js';
import type { CellProvenance, ReportRecord } from '../core/record.js';
import { isBlankMarker, parseValue, type ParsedValue } from '../../normalizers/number.js';
import { cellKey, type CellValueKind, type Identity } from '../core/templates/types.js';
import { cellValue, recordCells, recordRequestRows, recordTemplate } from '../core/record-cells.js';
import { confirmedCells, derivedCell, identityHolds, neededIn } from './validate.js';
import { inLanes, type OcrLanes } from '../../extractors/ocr/lanes.js';
import { isFlagged } from '../core/findings.js';
import { median } from '../core/stats.js';

/**
 * A number no identity confirms, read at or above ocr-low-confidence's bar
 * but below this, is shown to the other readers (the second recognizer, the
 * document's own digits; no tesseract call): one that reads another number
 * there puts it in dispute (ocr-disputed), the value kept as first read. A
 * fax's 8 read as 3 at 0.91, where the second recognizer read 8. On faxes
 * drawn from the team's text PDFs such cells were right 24 times in 25, so
 * the first reading stands (taking the second one instead lost 15 right
 * cells there). A whole amount of money is shown to every reader whatever
 * its confidence, and one that sees a point among the same digits disputes
 * it: a point is one dot, the glyph a reader loses first (181000.13 read as
 * 18100013 at 0.9997, silent, on an unseen scan).
 */
const SECOND_LOOK = 0.95;
/** A witness's reading counts from this confidence. */
const WITNESS_SURE = 0.5;

/** How many cells of one document are read again at most (each costs an OCR call). */
const MAX_REREADS = 40;
/** A cell tells where its column stands for a blank one's re-read when it was read at least this surely. */
const MATE_SURE = 0.5;
/**
 * Cells taken as blank past MAX_REREADS that are shown to the readers that
 * cost no tesseract call (the second recognizer, a few ms a cell; the
 * document's own digits). A fax whose page reading lost every 0 of a
 * table's rows (a landscape table over three pages: 80 such cells) has far
 * more than the budget, and each left blank is a cell lost.
 */
const MAX_WITNESSED_BLANKS = 200;
/**
 * Such a cell takes a reading only this sure: without tesseract's readings
 * there is no second opinion, and the second recognizer is capped at 0.85
 * (page.ts rereadRegion), so only its surest readings pass (the document's
 * own digits, capped at 0.8, never alone).
 */
const BLANK_WITNESS_SURE = 0.85;
/** Cells below this confidence in a failing identity are read again. */
const DOUBT = 0.9;
/** Cells below this confidence are read again wherever they are. */
const LOW = 0.6;
/** A number the identities set in place of an unsure reading (validate.ts correctByIdentities). */
const corrected = (p: CellProvenance) => p.repairs.includes('corrected-by-identity');
/**
 * A cell taken as blank takes a reading only this sure. The page reads such
 * a cell only where glyph-sized ink stands (specks alone give nothing), so
 * this bar only weighs a faint digit's reading against the blank. Measured
 * on the team's scanned PDFs (at 0.3 and 0.7; its images at 0.3), only the
 * two faxes change: their cells read right were 94.35% at 0 and 0.5, 94.47% at 0.1,
 * 94.72% at 0.2, 94.60% at 0.3 and 93.47% at 0.7. The middle of the best
 * range is taken, not its peak: two documents are few.
 */
const BLANK_SURE = 0.3;

/**
 * The scan's cells taken as blank because nothing was read under their
 * column (findings blank-in-scan, unconfirmed-blank), with the box they must
 * stand in: level with the other cells of their row, under the other cells
 * of their column on that page, as large as those. And the cells of a row
 * none of whose cells was read (cell-unread, row-values-missing: the page
 * reading lost its whole line of values), level halfway between the rows above and below it
 * (betweenRows). A cell with no such row or no other cell of its column
 * read on the page has no place to look. `restored`: such a cell taken as
 * blank that an identity then restored as 0 (a lone blank of a full row, in
 * a source that loses numbers: validate.ts LoneBlanks).
 */
function blankCandidates(record: ReportRecord): BlankCandidate[] {
  const cells = record.provenance.cells;
  const blank = new Set(record.findings.filter((f) => f.code === 'blank-in-scan' || f.code === 'unconfirmed-blank').flatMap((f) => f.cells ?? []));
  // cells nothing was read for, and rows none of whose values was found (named by their key's row part)
  const unread = new Set(record.findings.filter((f) => f.code === 'cell-unread' || f.code === 'row-values-missing').flatMap((f) => f.cells ?? []));
  const isUnread = (key: string) => unread.has(key) || unread.has(key.slice(0, key.lastIndexOf('.')));
  const placed = (k: string) => {
    const p = cells[k];
    return p?.box && p.page !== null && p.unit === 'px' ? { page: p.page, box: p.box } : undefined;
  };
  const restoredAsZero = (key: string) => blank.has(key) && valueOf(record, key) === 0 && !!cells[key]?.repairs.includes('restored-by-identity');
  const out: BlankCandidate[] = [];
  for (const table of Object.values(recordTemplate(record).tables)) {
    const placedIn = (row: (typeof table.rows)[number] | undefined) => (row ? (row.columns ?? table.columns).map((c) => placed(cellKey(table.id, row.key, c.key))).filter((x) => x !== undefined) : []);
    for (const [r, row] of table.rows.entries()) {
      const columns = row.columns ?? table.columns;
      const inRow = placedIn(row);
      // a row whose whole line of values OCR lost: level between the rows above and below it, on one page
      const between = inRow.length ? undefined : betweenRows(placedIn(table.rows[r - 1]), placedIn(table.rows[r + 1]));
      for (const col of columns) {
        const key = cellKey(table.id, row.key, col.key);
        const restored = restoredAsZero(key);
        if (!(blank.has(key) || (between && isUnread(key))) || cells[key]?.raw !== null || (valueOf(record, key) !== null && !restored) || !(inRow.length || between)) continue;
        const page = inRow[0]?.page ?? between!.page;
        const rowMates = inRow.length ? inRow.filter((x) => x.page === page) : between!.rowMates;
        // (read fairly surely: a speck or a rule's remnant read as 0 stands anywhere, its box often across two cells)
        const colMates = table.rows
          .filter((r) => r !== row && (r.columns ?? table.columns).some((c) => c.key === col.key))
          .map((r) => cellKey(table.id, r.key, col.key))
          .filter((k) => (cells[k]?.confidence ?? 0) >= MATE_SURE)
          .map(placed)
          .filter((x) => x !== undefined && x.page === page)
          .map((x) => x!.box);
        if (!colMates.length) continue;
        const cx = median(colMates.map((b) => b.x + b.w / 2)),
          cy = median(rowMates.map((x) => x.box.y + x.box.h / 2));
        const w = median(colMates.map((b) => b.w)),
          h = median(rowMates.map((x) => x.box.h));
        out.push([key, { page, box: { x: cx - w / 2, y: cy - h / 2, w, h } }, restored]);
      }
    }
  }
  return out;
}

/** The keys of the record's cells that hold that kind of value (money, a signed change). */
const cellsHolding = (record: ReportRecord, kind: CellValueKind) => new Set(recordCells(record).flatMap((c) => (c.value === kind ? [c.key] : [])));

/** A cell taken as blank, where it must stand, and whether an identity restored it as 0 (blankCandidates). */
type BlankCandidate = [key: string, at: { page: number; box: Box }, restored: boolean];

/**
 * Where a row with no cell read stands, from its neighbours: halfway between
 * the rows above and below, when both have cells on one page, half as tall
 * as the space between them (`rowMates`: boxes there, for blankCandidates'
 * medians).
 */
function betweenRows(above: { page: number; box: Box }[], below: { page: number; box: Box }[]): { page: number; rowMates: { page: number; box: Box }[] } | undefined {
  if (!above.length || !below.length) return undefined;
  const page = above[0]!.page;
  const a = above.filter((x) => x.page === page),
    b = below.filter((x) => x.page === page);
  if (!b.length) return undefined;
  const middle = (xs: { box: Box }[]) => median(xs.map((x) => x.box.y + x.box.h / 2));
  const y = (middle(a) + middle(b)) / 2;
  // as tall as half the space between them: where in it the lost line stands is not known
  const h = Math.max(...[...a, ...b].map((x) => x.box.h), (middle(b) - middle(a)) / 2);
  return { page, rowMates: [...a, ...b].map((x) => ({ page, box: { ...x.box, y: y - h / 2, h } })) };
}

export async function rereadDoubtful(layout: Layout, record: ReportRecord, lanes: OcrLanes): Promise<Map<string, Reread>> {
  const out = new Map<string, Reread>();
  if (!layout.reread) return out;
  const cells = record.provenance.cells;
  const failing = new Set(record.findings.filter((f) => f.code === 'identity-failed').flatMap((f) => f.cells ?? []));
  const identities = identitiesOf(record);
  const confirmed = confirmedCells(
    identities,
    (k) => valueOf(record, k),
    (k) => derivedCell(cells[k]),
  );
  // (本年增/减 is signed: a -1 read again stays -1; and a dash read unsurely there may be its minus, the digits lost)
  const signed = cellsHolding(record, 'signed');
  const fits = (key: string, v: number) => Number.isInteger(v) && (v >= 0 || signed.has(key));
  const lostSign = (key: string, p: CellProvenance) => signed.has(key) && p.confidence < LOW && /^[-－—–一]$/.test(p.raw ?? '');
  const placed = Object.entries(cells).filter(([key, p]) => p.box && p.page !== null && p.unit === 'px' && !(p.raw !== null && isBlankMarker(p.raw) && !lostSign(key, p)));
  const doubtful = [
    // a number the identities set in place of an unsure reading: read again, it says whether the cell printed what they want
    ...placed.filter(([, p]) => corrected(p)),
    ...placed
      // a low-confidence number that an identity of read numbers confirms is right as read (11 re-read alone as 1)
      .filter(([key, p]) => !confirmed.has(key) && !corrected(p))
      .filter(([key, p]) => (p.raw !== null && valueOf(record, key) === null) || (failing.has(key) && p.confidence < DOUBT) || p.confidence < LOW || p.repairs.includes('ocr-lookalike'))
      // within the budget, the least sure first (a fax's last table is not left out for its place in the record)
      .sort(([, a], [, b]) => a.confidence - b.confidence)
      .slice(0, MAX_REREADS),
  ];
  // cells taken as blank where nothing was read: a fax's faint 0 looks blank (where a blank cell must stand, from its row and column);
  // past the budget, only the readers that cost no tesseract call look (BLANK_WITNESS_SURE)
  // where no digit's ink stands, the cell was printed empty (a three-line table's blanks): nothing to read, and a
  // lone blank of its row stays blank (validate.ts restoreByIdentities) where an identity would restore it as 0
  const candidates = blankCandidates(record);
  const inkless = candidates.filter(([, at]) => layout.inkAt?.(at.page, at.box) === false);
  for (const [key, at] of inkless) out.set(key, { inkless: true, at });
  // where ink stands, a number was lost: read it (a restored 0 is what the identity already says)
  const blanks = candidates.filter((c) => !c[2] && !inkless.includes(c)).slice(0, MAX_REREADS + MAX_WITNESSED_BLANKS);
  const witnessOnly = (i: number) => i >= MAX_REREADS;
  const reread = layout.reread;
  // the numbers the identities confirm, where they stand: the document's own examples of its digits
  const known: KnownValue[] = [];
  for (const key of confirmed) {
    const p = cells[key];
    const v = valueOf(record, key);
    if (p?.box && p.page !== null && p.unit === 'px' && typeof v === 'number' && Number.isInteger(v) && v >= 0 && p.method !== 'identity') known.push({ page: p.page, box: p.box, text: String(v) });
  }
  // numbers nothing checks and no finding names, read surely but not beyond doubt (SECOND_LOOK); and
  // whole amounts of money however sure: a decimal point is one dot, the glyph a reader loses first
  const asked = new Set(doubtful.map(([key]) => key));
  const money = cellsHolding(record, 'money');
  const wholeMoney = (key: string) => money.has(key) && Number.isInteger(valueOf(record, key));
  const witnessed = placed
    .filter(([key, p]) => !asked.has(key) && !confirmed.has(key) && typeof valueOf(record, key) === 'number' && (p.confidence < SECOND_LOOK || wholeMoney(key)) && !isFlagged(record.findings, key))
    .slice(0, MAX_REREADS);
  // each cell is read alone, so the reads, doubtful, blank and witnessed cells together, may run in parallel (OCR lanes); the choices are made in order
  const asks = [
    ...doubtful.map(([, p]) => ({ page: p.page!, box: p.box!, options: undefined })),
    ...blanks.map(([, at], i) => ({ ...at, options: { blank: true, ...(witnessOnly(i) && { witness: true }) } })),
    // a whole amount is read by every reader: tesseract's reading keeps a point the others lose
    ...witnessed.map(([key, p]) => ({ page: p.page!, box: p.box!, options: wholeMoney(key) ? undefined : { witness: true } })),
  ];
  const answers = await inLanes(lanes, asks, (a) => reread(a.page, a.box, known, a.options));
  const allReadings = answers.slice(0, doubtful.length),
    blankReadings = answers.slice(doubtful.length, doubtful.length + blanks.length),
    witnessReadings = answers.slice(doubtful.length + blanks.length);
  for (const [i, [key, p]] of witnessed.entries()) {
    const now = valueOf(record, key) as number;
    const other = witnessReadings[i]!.find((r) => disputes(r, now, wholeMoney(key)));
    if (other) out.set(key, { value: now, raw: p.raw ?? String(now), conf: p.confidence, dissent: { raw: other.text, conf: other.conf } });
  }
  for (const [i, [key, p]] of doubtful.entries()) {
    const readings = allReadings[i]!.map((r) => ({ r, v: parseValue(r.text) })).filter(
      (x): x is { r: Reading; v: ParsedValue } => !!x.v && (x.v.value === null ? !lostDigits(p.raw, x.r.text) : fits(key, x.v.value)),
    );
    // the value the identities need there, if they determine it: the reading that gives it, else the best one
    // (for a dash that may be a minus, the best that keeps it: the first reading saw it)
    const needed = neededValue(record, identities, key);
    const keepsSign = lostSign(key, p) ? readings.find((x) => typeof x.v.value === 'number' && x.v.value < 0) : undefined;
    const pick = readings.find((x) => needed !== undefined && x.v.value === needed) ?? keepsSign ?? readings[0];
    if (pick) out.set(key, { value: pick.v.value, raw: pick.r.text, conf: Math.min(pick.r.conf, 0.85) });
  }
  // a blank cell's reading must be a number a recognizer is fairly sure of: specks are not digits
  for (const [i, [key, at]] of blanks.entries()) {
    const sure = witnessOnly(i) ? BLANK_WITNESS_SURE : BLANK_SURE;
    const pick = blankReadings[i]!.map((r) => ({ r, v: parseValue(r.text)?.value })).find((x) => typeof x.v === 'number' && Number.isInteger(x.v) && x.v >= 0 && x.r.conf >= sure);
    if (pick) out.set(key, { value: pick.v as number, raw: pick.r.text, conf: Math.min(pick.r.conf, 0.85), at });
  }
  // several misread cells in one identity: the one combination of their readings under which the sums hold
  const options = new Map<string, Candidate[]>();
  for (const [i, [key, p]] of doubtful.entries()) {
    const byValue = new Map<number, Candidate>();
    const add = (c: Candidate) => {
      if ((byValue.get(c.value)?.conf ?? -1) < c.conf) byValue.set(c.value, c);
    };
    // what the cell was read as (for a number the identities set, what was printed there, not what they want)
    const now = corrected(p) && p.raw !== null ? parseValue(p.raw)?.value : valueOf(record, key);
    if (typeof now === 'number' && p.raw !== null) add({ value: now, raw: p.raw, conf: p.confidence });
    for (const r of allReadings[i]!) {
      const v = parseValue(r.text)?.value;
      if (typeof v === 'number' && fits(key, v)) add({ value: v, raw: r.text, conf: r.conf });
    }
    if (byValue.size) options.set(key, [...byValue.values()]);
  }
  for (const [key, c] of jointReadings(identities, (k) => valueOf(record, k), options)) out.set(key, { value: c.value, raw: c.raw, conf: Math.min(c.conf, 0.85) });
  return out;
}

/**
 * A blank mark read again where the first reading held it and digits
 * beside it: the digits were lost, not misread (本年增/减's -1 re-read as -).
 * A / first read as 7 holds no mark and is taken back.
 */
const lostDigits = (first: string | null, mark: string) => first !== null && /\d/.test(first) && first.includes(mark);

/**
 * Whether a witness's reading disputes the number `now`: another number as
 * long, fairly sure (the witnesses read digits, not signs, and a number of
 * other length is more likely a glyph they lost or split); or, for a whole
 * amount of money, the same digits with a point, at any confidence (the
 * point is what the first reading may have lost).
 */
function disputes(r: Reading, now: number, wholeMoney: boolean): boolean {
  const digits = String(Math.abs(now));
  if (r.conf >= WITNESS_SURE && /^\d+$/.test(r.text) && r.text.length === digits.length && r.text !== digits) return true;
  return wholeMoney && /^\d+\.\d+$/.test(r.text) && r.text.replace('.', '') === digits;
}

interface Candidate {
  value: number;
  raw: string;
  conf: number;
}

/** Combinations of readings tried for one identity at most. */
const MAX_COMBINATIONS = 4096;

/**
 * For each identity whose doubtful cells have readings to choose from: the
 * combinations of their readings (the value now among them) under which it
 * holds, and every other identity those cells are in holds or cannot be
 * checked. Where exactly one combination does, its readings; a cell two
 * identities settle differently is left out.
 */
export function jointReadings(identities: readonly Identity[], valueOf: (key: string) => unknown, options: ReadonlyMap<string, readonly Candidate[]>): Map<string, Candidate> {
  const chosen = new Map<string, Candidate>();
  const disputed = new Set<string>();
  for (const id of identities) {
    const keys = [...id.lhs, ...id.rhs];
    const open = keys.filter((k) => options.has(k));
    if (!open.length || keys.some((k) => !options.has(k) && typeof valueOf(k) !== 'number')) continue;
    const lists = open.map((k) => options.get(k)!);
    if (lists.reduce((n, l) => n * l.length, 1) > MAX_COMBINATIONS) continue;
    const touched = identities.filter((other) => other !== id && [...other.lhs, ...other.rhs].some((k) => open.includes(k)));
    const solutions: Candidate[][] = [];
    const pick: Candidate[] = [];
    const walk = (i: number) => {
      if (solutions.length > 1) return;
      if (i === open.length) {
        const at = new Map(open.map((k, j) => [k, pick[j]!.value]));
        const value = (k: string) => (at.has(k) ? at.get(k) : valueOf(k));
        if (identityHolds(id, value) && touched.every((other) => identityHolds(other, value) !== false)) solutions.push([...pick]);
        return;
      }
      for (const c of lists[i]!) {
        pick[i] = c;
        walk(i + 1);
      }
    };
    walk(0);
    if (solutions.length !== 1) continue;
    open.forEach((k, j) => {
      const c = solutions[0]![j]!;
      const before = chosen.get(k);
      if (before && before.value !== c.value) disputed.add(k);
      chosen.set(k, c);
    });
  }
  for (const k of disputed) chosen.delete(k);
  return chosen;
}

function identitiesOf(record: ReportRecord): Identity[] {
  return recordTemplate(record).identities(recordRequestRows(record));
}

/**
 * The value a cell must hold for the identities it is in, where those whose
 * other cells all hold numbers determine one (and agree); undefined else.
 */
function neededValue(record: ReportRecord, identities: Identity[], key: string): number | undefined {
  const wanted = new Set<number>();
  for (const id of identities) {
    const keys = [...id.lhs, ...id.rhs];
    if (!keys.includes(key) || !keys.every((k) => k === key || typeof valueOf(record, k) === 'number')) continue;
    wanted.add(neededIn(id, key, (k) => valueOf(record, k)));
  }
  return wanted.size === 1 ? [...wanted][0] : undefined;
}

const valueOf = cellValue;
