/**
 * Rows whose digit runs split several ways, or whose values leave blank cells
 * in several places, under their own row total are solved together with the
 * column identities (（七）总计 and 第一项加第二项之和等于第三项加第四项之和),
 * a blank counting as nothing. A cell that takes one value (or is blank) in
 * every reading that fits a joint solution is determined (a repair, reported
 * as a warning); a cell that differs between them stays null with an error:
 * the source does not say.
 */
import type { Finding } from '../../core/findings.js';
import type { Identity } from '../../core/templates/types.js';
import type { CellMap } from './cells.js';
import { readingFindings, type OpenRow, type Reading } from './split-row.js';

/** What a reading adds to the sums: a blank counts as nothing. */
const sums = (r: Reading): number[] => r.map((v) => v ?? 0);
const signature = (r: Reading) => sums(r).join(',');

/** Give up enumerating past this many partial assignments; rows then stay per-row. */
const MAX_STEPS = 200_000;
const MAX_SOLUTIONS = 64;

export function solveOpenRows(open: OpenRow[], cells: CellMap, identities: Identity[]): Finding[] {
  // rows that share no identity are independent: solving them together only multiplies the search
  return components(open, identities).flatMap((group) => solveGroup(group, cells, identities));
}

/** Open rows grouped so that rows sharing an identity are in one group. */
function components(open: OpenRow[], identities: Identity[]): OpenRow[][] {
  const parent = open.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const rowOf = new Map<string, number>();
  open.forEach((o, i) => o.keys.forEach((k) => rowOf.set(k, i)));
  for (const id of identities) {
    const rows = [...new Set([...id.lhs, ...id.rhs].map((k) => rowOf.get(k)).filter((r): r is number => r !== undefined))];
    for (const r of rows.slice(1)) parent[find(r)] = find(rows[0]!);
  }
  const groups = new Map<number, OpenRow[]>();
  open.forEach((o, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), o]));
  return [...groups.values()];
}

function solveGroup(open: OpenRow[], cells: CellMap, identities: Identity[]): Finding[] {
  const findings: Finding[] = [];
  if (open.length === 0) return findings;
  const openKeys = new Set(open.flatMap((o) => o.keys));
  const relevant = identities.filter((id) => [...id.lhs, ...id.rhs].some((k) => openKeys.has(k)));
  const known = (k: string) => (openKeys.has(k) ? undefined : (cells.get(k)?.value ?? undefined));

  const chosen = new Map<string, number>();
  const solutions: Map<string, number>[] = [];
  let steps = 0;
  const value = (k: string) => (chosen.has(k) ? chosen.get(k) : known(k));
  // the range each open cell can still take, from its row's candidates
  const range = new Map<string, [number, number]>();
  for (const o of open) {
    o.keys.forEach((k, j) => {
      const vals = o.candidates.map((c) => c[j] ?? 0);
      range.set(k, [Math.min(...vals), Math.max(...vals)]);
    });
  }
  // readings that differ only in which zero is blank add up alike: the search tries each sum once
  const distinct = open.map((o) => [...new Map(o.candidates.map((c) => [signature(c), sums(c)])).values()]);
  /** Whether the identity can still hold: the ranges of its two sides overlap (a blank makes it unassessable). */
  const holds = (id: Identity) => {
    const side = (keys: string[]): [number, number] | undefined => {
      let lo = 0;
      let hi = 0;
      for (const k of keys) {
        const v = value(k);
        if (v === null) return undefined;
        if (v === undefined) {
          const r = range.get(k);
          if (!r) return undefined;
          lo += r[0];
          hi += r[1];
        } else {
          lo += v;
          hi += v;
        }
      }
      return [lo, hi];
    };
    const l = side(id.lhs);
    const r = side(id.rhs);
    if (!l || !r) return true;
    return l[0] <= r[1] + 1e-9 && r[0] <= l[1] + 1e-9;
  };
  const walk = (i: number): void => {
    if (solutions.length >= MAX_SOLUTIONS || ++steps > MAX_STEPS) return;
    if (i === open.length) {
      solutions.push(new Map(chosen));
      return;
    }
    const o = open[i]!;
    for (const cand of distinct[i]!) {
      o.keys.forEach((k, j) => chosen.set(k, cand[j]!));
      if (relevant.every(holds)) walk(i + 1);
      o.keys.forEach((k) => chosen.delete(k));
    }
  };
  walk(0);
  const complete = steps <= MAX_STEPS && solutions.length < MAX_SOLUTIONS;

  const solved = solutions.length > 0 && complete;
  for (const o of open) {
    const undetermined: string[] = [];
    // the row's readings that fit some joint solution; with none (an inconsistent source), all it allows alone
    const fitting = solved ? new Set(solutions.map((s) => o.keys.map((k) => s.get(k)).join(','))) : undefined;
    const readings = fitting ? o.candidates.filter((c) => fitting.has(signature(c))) : o.candidates;
    o.keys.forEach((k, j) => {
      const vals = new Set(readings.map((c) => c[j]));
      const cell = cells.get(k)!;
      if (vals.size === 1) {
        const value = [...vals][0] ?? null;
        cell.value = value;
        cell.status = value === null ? 'blank' : 'read';
        cell.prov.repairs = value === null ? [] : [...(o.cut ? ['digits-split'] : []), ...(solved ? ['column-identities'] : [])];
        // a cell read as blank shows nothing of the row's text
        if (value === null) cell.prov = { ...cell.prov, raw: null, box: null };
      } else {
        cell.value = null;
        cell.status = 'ambiguous';
        cell.prov.repairs = [];
        undetermined.push(k);
      }
    });
    findings.push(...readingFindings(o, undetermined, cells, basis(relevant)));
  }
  return findings;
}

/** What decided the readings: identities across rows (column totals), a row's own total, or nothing. */
function basis(relevant: Identity[]): 'columns' | 'row' | 'nothing' {
  const rowOf = (k: string) => k.replace(/\.[^.]+$/, '');
  if (relevant.some((id) => new Set([...id.lhs, ...id.rhs].map(rowOf)).size > 1)) return 'columns';
  return relevant.length ? 'row' : 'nothing';
}
