/**
 * A row of running text whose values do not fill its cells one for one:
 * digits that ran together (crawler text), or cells the source left empty
 * (pdftotext without -layout prints nothing for a blank cell). Every reading
 * of the row that keeps its own total is enumerated — each run cut into one
 * or more cells and, where the source leaves cells empty, the others blank —
 * then either the one reading, or the row left open for the column
 * identities (solve.ts).
 */
import type { Finding } from '../../core/findings.js';
import type { Identity } from '../../core/templates/types.js';
import type { CellMap, CellReading } from './cells.js';
import type { RowWork } from './centres.js';
import { splitRuns } from './digits.js';
import type { RowSpec } from '../../core/templates/types.js';
import type { ValuePiece } from './values.js';

/**
 * Whether a row's readings may leave cells blank: `yes` where the table shows
 * that the source prints nothing for a blank cell, `if-needed` where no
 * reading that fills every cell fits, `no` where values stuck to other text
 * (OCR, crawler text) make an empty place no evidence of a blank.
 */
export type BlankCells = 'yes' | 'if-needed' | 'no';

/** A reading of a row: a value per cell, null where the cell is left blank. */
export type Reading = (number | null)[];

/** Rows whose digit runs admit several splits, kept for solving with the column identities. */
export interface OpenRow {
  row: RowSpec;
  keys: string[];
  /** The readings the row alone allows; null where a reading leaves the cell blank. */
  candidates: Reading[];
  pieces: ValuePiece[];
  label: string;
  spacesIgnored: boolean;
  /** Whether some reading cuts a run of digits into several cells (else only the blanks move). */
  cut: boolean;
}

/** Readings enumerated per row at most; a row with more is left unknown. */
const LIMIT = 200;

export function splitRow(w: RowWork, keys: string[], rowIds: Identity[], cells: CellMap, open: OpenRow[], findings: Finding[], rowKey: string, label: string, blankCells: BlankCells = 'no'): void {
  const n = keys.length;
  const accept = rowIds.length ? (vals: Reading) => rowIds.every((id) => sumOf(id.lhs, keys, vals) === sumOf(id.rhs, keys, vals)) : undefined;
  const runsOf = (spaced: boolean) => {
    const raws = w.pieces.map((p) =>
      p.raw
        .replace(/^增/, '+')
        .replace(/^减/, '-')
        .replace(/[元万,，]/g, ''),
    );
    return spaced ? raws : [raws.join('')].flatMap((s) => s.split(/(?=[+\-−])/));
  };
  // respect the spaces the source printed first; crawler text puts spaces inside numbers too
  const change = keys.findIndex((k) => k.endsWith('.change'));
  const signedAt = change >= 0 ? change : undefined;
  const maxBlanks = blankCells === 'yes' ? n - w.pieces.length : 0;
  let split = readRow(runsOf(true), { cells: n, accept, signedAt, maxBlanks });
  let spacesIgnored = false;
  if (split.complete && split.candidates.length === 0) {
    split = readRow(runsOf(false), { cells: n, accept, signedAt, maxBlanks });
    spacesIgnored = true;
  }
  // no reading that fills every cell fits: the row itself shows that the source leaves cells empty
  if (split.complete && split.candidates.length === 0 && blankCells === 'if-needed') {
    split = readRow(runsOf(true), { cells: n, accept, signedAt, maxBlanks: n - w.pieces.length });
    spacesIgnored = false;
  }
  const blanks = split.candidates.some((c) => c.includes(null)) || blankCells === 'yes';
  const candidates = split.candidates;
  const box = w.pieces[0]!;
  const raw = w.pieces.map((p) => p.raw).join(' ');
  const cut = candidates.some((c) => c.filter((v) => v !== null).length > w.pieces.length);
  const method = blanks && !cut ? 'order' : 'digit-split';
  // a cell read as blank shows nothing of the row's text
  const prov = (value: number | null, status: CellReading['status']): CellReading => ({
    value,
    status,
    prov: {
      page: box.page,
      box: status === 'blank' ? null : box.box,
      unit: box.unit ?? null,
      raw: status === 'blank' ? null : raw,
      confidence: Math.min(...w.pieces.map((p) => p.conf ?? 1)),
      method,
      repairs: value === null ? [] : cut ? ['digits-split'] : [],
    },
  });
  if (candidates.length === 0 || !split.complete) {
    for (const k of keys) cells.set(k, { ...prov(null, 'missing') });
    findings.push({
      code: 'digits-unsplittable',
      severity: 'error',
      cells: [rowKey],
      message: split.complete
        ? `the ${blanks ? 'values' : 'digits'} '${raw}' of row ${label} cannot be ${blanks ? 'laid out' : 'split'} into ${n} cells${blanks ? ' (some left blank)' : ''}${accept ? ' that satisfy the row total' : ''}`
        : `the ${blanks ? 'values' : 'digits'} '${raw}' of row ${label} can be ${blanks ? 'laid out' : 'cut'} into ${n} cells in too many ways to tell which is meant`,
      stage: 'reconstruct',
    });
    return;
  }
  const units = w.pieces.map((p) => p.parsed.unit).filter(Boolean);
  keys.forEach((k, i) => {
    const vals = new Set(candidates.map((c) => c[i]));
    const only = candidates[0]![i]!;
    const cell = vals.size > 1 ? prov(null, 'ambiguous') : prov(only, only === null ? 'blank' : 'read');
    if (units.length && i === keys.length - 1) cell.unit = units[units.length - 1];
    cells.set(k, cell);
  });
  if (candidates.length > 1) {
    // several readings fit the row: the column identities may still decide (solve.ts), which reports it
    open.push({ row: w.row, keys, candidates, pieces: w.pieces, label, spacesIgnored, cut });
    return;
  }
  findings.push(...readingFindings({ row: w.row, keys, candidates, pieces: w.pieces, label, spacesIgnored, cut }, [], cells, accept ? 'row' : 'nothing'));
}

interface ReadOptions {
  cells: number;
  accept?: (values: Reading) => boolean;
  signedAt?: number;
  /** How many cells may be left blank (0 where the source prints every cell). */
  maxBlanks: number;
}

/**
 * Every reading of the runs in `cells` cells: the runs cut into the cells not
 * left blank. Not complete when there are more than the limit: a cell the
 * readings found so far agree on may still differ in one not enumerated.
 */
function readRow(runs: string[], options: ReadOptions): { candidates: Reading[]; complete: boolean } {
  const { cells, accept, signedAt, maxBlanks } = options;
  const candidates: Reading[] = [];
  let complete = true;
  for (let b = 0; b <= Math.min(maxBlanks, cells - runs.length); b++) {
    for (const empty of combinations(cells, b)) {
      if (candidates.length > LIMIT) return { candidates, complete: false };
      const withBlanks = (vals: number[]) => fill(vals, empty, cells);
      // a signed run begins the change cell, which counts among the filled ones (or cannot be placed if it is blank)
      const signed = signedAt === undefined ? undefined : empty.includes(signedAt) ? -1 : signedAt - empty.filter((e) => e < signedAt).length;
      const split = splitRuns(runs, { cells: cells - b, accept: accept && ((v) => accept(withBlanks(v))), limit: LIMIT + 1 - candidates.length, signedAt: signed });
      complete &&= split.complete;
      candidates.push(...split.candidates.map(withBlanks));
    }
  }
  return { candidates, complete: complete && candidates.length <= LIMIT };
}

/** The values in order, with null at the blank positions. */
function fill(values: number[], empty: number[], cells: number): Reading {
  const out: Reading = [];
  let v = 0;
  for (let i = 0; i < cells; i++) out.push(empty.includes(i) ? null : values[v++]!);
  return out;
}

/** Every set of k positions out of n, each in increasing order. */
function combinations(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= n - k; first++) for (const rest of combinations(n - first - 1, k - 1)) out.push([first, ...rest.map((r) => r + first + 1)]);
  return out;
}

/** A side of an identity; a blank cell counts as nothing. */
export const sumOf = (ks: string[], keys: string[], vals: readonly (number | null)[]) => ks.reduce((s, k) => s + (vals[keys.indexOf(k)] ?? 0), 0);

/**
 * What became of a row read several ways: the cells its readings leave
 * undetermined (an error), and the reading of the others, a repair that holds
 * only if its numbers were read whole and its empty cells are blank (a warning).
 */
export function readingFindings(o: OpenRow, undetermined: string[], cells: CellMap, by: 'columns' | 'row' | 'nothing'): Finding[] {
  const raw = o.pieces.map((p) => p.raw).join(' ');
  const rowKey = o.keys[0]!.replace(/\.[^.]+$/, '');
  const blanks = o.candidates.some((c) => c.includes(null));
  const digits = o.cut && !blanks;
  const shown = o.keys.map((k) => (undetermined.includes(k) ? '?' : (cells.get(k)!.value ?? '_'))).join('|');
  const how = digits
    ? `the digits '${raw}' of row ${o.label} ran together`
    : `row ${o.label} has ${o.pieces.length} values (${raw}) for ${o.keys.length} cells and no positions to tell which cells are blank${o.cut ? ' or which digits ran together' : ''}`;
  const totals = { columns: 'the row and column totals allow', row: 'the row total allows', nothing: 'the values allow' }[by];
  const reading = `${shown}${shown.includes('_') ? ' (_ blank)' : ''}${undetermined.length ? ' (? unknown)' : ''}${o.spacesIgnored ? ', ignoring spaces the source put inside numbers' : ''}`;
  const repaired: Finding = {
    code: digits ? 'digits-split' : 'values-placed-by-identities',
    severity: 'warning',
    cells: [rowKey],
    message: `${how}; ${totals} ${undetermined.length ? 'only' : 'one reading:'} ${reading}`,
    stage: 'reconstruct',
  };
  if (!undetermined.length) return [repaired];
  const error: Finding = {
    code: digits ? 'digits-ambiguous' : 'values-unplaceable',
    severity: 'error',
    cells: undetermined,
    message: `${how}, and several readings fit${by === 'columns' ? ' even with the column totals' : ''}; ${undetermined.length} cells are left unknown rather than guessed`,
    stage: 'reconstruct',
  };
  return undetermined.length < o.keys.length ? [error, repaired] : [error];
}
