/**
 * Rows whose digit runs split several ways under their own row total are
 * solved together with the column identities (（七）总计 and 第一项加第二项之和
 * 等于第三项加第四项之和). A cell that takes one value in every joint solution
 * is determined (a repair, reported as a warning); a cell that differs
 * between solutions stays null with an error: the source does not say.
 */
import type { Finding } from '../findings.js';
import type { Identity } from '../templates/types.js';
import type { CellMap } from './cells.js';
import type { OpenRow } from './table.js';

/** Give up enumerating past this many partial assignments; rows then stay per-row. */
const MAX_STEPS = 200_000;
const MAX_SOLUTIONS = 64;

export function solveOpenRows(open: OpenRow[], cells: CellMap, identities: Identity[]): Finding[] {
  const findings: Finding[] = [];
  if (open.length === 0) return findings;
  const openKeys = new Set(open.flatMap((o) => o.keys));
  const relevant = identities.filter((id) => [...id.lhs, ...id.rhs].some((k) => openKeys.has(k)));
  const known = (k: string) => (openKeys.has(k) ? undefined : cells.get(k)?.value ?? undefined);

  const chosen = new Map<string, number>();
  const solutions: Map<string, number>[] = [];
  let steps = 0;
  const value = (k: string) => (chosen.has(k) ? chosen.get(k) : known(k));
  const holds = (id: Identity) => {
    let l = 0;
    let r = 0;
    for (const k of id.lhs) {
      const v = value(k);
      if (v === undefined || v === null) return true; // not yet decidable, or blank
      l += v;
    }
    for (const k of id.rhs) {
      const v = value(k);
      if (v === undefined || v === null) return true;
      r += v;
    }
    return Math.abs(l - r) < 1e-9;
  };
  const walk = (i: number): void => {
    if (solutions.length >= MAX_SOLUTIONS || ++steps > MAX_STEPS) return;
    if (i === open.length) {
      solutions.push(new Map(chosen));
      return;
    }
    const o = open[i]!;
    for (const cand of o.candidates) {
      o.keys.forEach((k, j) => chosen.set(k, cand[j]!));
      if (relevant.every(holds)) walk(i + 1);
      o.keys.forEach((k) => chosen.delete(k));
    }
  };
  walk(0);
  const complete = steps <= MAX_STEPS && solutions.length < MAX_SOLUTIONS;

  for (const o of open) {
    const undetermined: string[] = [];
    o.keys.forEach((k, j) => {
      // with no joint solution (an inconsistent source), fall back on what the row alone says
      const vals = new Set(solutions.length && complete ? solutions.map((s) => s.get(k)) : o.candidates.map((c) => c[j]));
      const cell = cells.get(k)!;
      if (vals.size === 1) {
        cell.value = [...vals][0]!;
        cell.status = 'read';
        cell.prov.repairs = ['digits-split', ...(solutions.length && complete ? ['column-identities'] : [])];
      } else {
        cell.value = null;
        cell.status = 'ambiguous';
        cell.prov.repairs = [];
        undetermined.push(k);
      }
    });
    const rowKey = o.keys[0]!.replace(/\.[^.]+$/, '');
    findings.push(
      undetermined.length
        ? {
            code: 'digits-ambiguous',
            severity: 'error',
            cells: undetermined,
            message: `the digits '${o.pieces.map((p) => p.raw).join(' ')}' of row ${o.label} run together and admit several splits${relevant.length ? ' even with the column totals' : ''}; ${undetermined.length} cells are left blank rather than guessed`,
            stage: 'reconstruct',
          }
        : {
            code: 'digits-split',
            severity: 'warning',
            cells: [rowKey],
            message: `the digits '${o.pieces.map((p) => p.raw).join(' ')}' of row ${o.label} ran together; the row and column totals allow one split: ${o.keys.map((k) => cells.get(k)!.value).join('|')}`,
            stage: 'reconstruct',
          },
    );
  }
  return findings;
}
