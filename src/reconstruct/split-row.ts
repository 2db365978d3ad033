/**
 * A row whose digits ran together (crawler text): every way to cut them into
 * the row's cells that keeps the row's own total, then either the one way,
 * or the row left open for the column identities (solve.ts).
 */
import type { Finding } from '../findings.js';
import type { Identity } from '../templates/types.js';
import type { CellMap, CellReading } from './cells.js';
import type { RowWork } from './centres.js';
import { splitRuns } from './digits.js';
import type { OpenRow } from './table.js';

export function splitRow(
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

export const sumOf = (ks: string[], keys: string[], vals: number[]) => ks.reduce((s, k) => s + vals[keys.indexOf(k)]!, 0);
