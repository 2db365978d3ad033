/**
 * Rows whose labels could not be read (a fax at 150 dpi turns 1.属于国家秘密
 * into 1.昌隆轩家税贫), standing between rows that were found. The form fixes
 * the order of the rows, so when the lines of values between two found rows
 * are exactly one for the first of them and one for each row missing in
 * between, each missing row takes its line, in the form's order. Anything
 * less clear-cut leaves the rows missing.
 */
import type { Finding } from '../../core/findings.js';
import type { RowSpec, TableSpec } from '../../core/templates/types.js';
import { cellKey } from '../../core/templates/types.js';
import type { RowWork } from './centres.js';
import { median } from '../../core/stats.js';
import { lostNumber, type ValuePiece } from './values.js';

export interface Claimed {
  work: RowWork[];
  /** The missing rows that took a line of values. */
  claimed: Set<RowSpec>;
  findings: Finding[];
}

export function claimUnlabelledRows(work: readonly RowWork[], missing: readonly RowSpec[], table: TableSpec): Claimed {
  const order = new Map(table.rows.map((r, i) => [r, i]));
  const out: RowWork[] = [];
  const claimed = new Set<RowSpec>();
  const findings: Finding[] = [];
  const labelled = work.filter((w) => w.row.match.length > 0);
  for (const w of work) {
    const at = labelled.indexOf(w);
    if (at < 0) {
      out.push(w);
      continue;
    }
    const from = order.get(w.row)!;
    const to = at + 1 < labelled.length ? order.get(labelled[at + 1]!.row)! : table.rows.length;
    const between = missing.filter((r) => order.get(r)! > from && order.get(r)! < to);
    const lines = between.length ? valueLines(w.pieces) : [];
    const n = w.columns.length;
    const fits =
      lines.length === between.length + 1 &&
      between.every((r) => (r.columns ?? table.columns).length === n) &&
      lines.every((l) => {
        const values = l.filter((p) => !p.unreadable).length;
        return (values > 0 || l.some(lostNumber)) && values <= n;
      });
    if (!fits) {
      out.push(w);
      continue;
    }
    out.push({ ...w, pieces: lines[0]! });
    between.forEach((row, i) => {
      out.push({ row, columns: row.columns ?? table.columns, pieces: lines[i + 1]!, labelStart: w.labelStart });
      claimed.add(row);
    });
    findings.push({
      code: 'row-label-unread',
      severity: 'warning',
      cells: between.map((r) => cellKey(table.id, r.key, '')),
      message: `the label${between.length > 1 ? 's' : ''} of ${between.map((r) => r.label).join('、')} could not be read; the ${between.length > 1 ? `${between.length} lines` : 'line'} of values below row ${w.row.label} ${between.length > 1 ? 'were' : 'was'} taken for ${between.length > 1 ? 'them' : 'it'}, in the form's order`,
      stage: 'reconstruct',
    });
  }
  return { work: out, claimed, findings };
}

/**
 * A row's pieces grouped into the rows they stand on, top to bottom: pieces
 * whose vertical centres lie within half a piece's height of each other. (A
 * scan's line of tokens can break where a fax's row leans; a text's line is
 * its own.)
 */
function valueLines(pieces: readonly ValuePiece[]): ValuePiece[][] {
  if (pieces.length === 0) return [];
  const centre = (p: ValuePiece) => p.box.y + p.box.h / 2;
  const near = median(pieces.map((p) => p.box.h)) / 2;
  const sorted = pieces.map((p, i) => ({ p, i })).sort((a, b) => a.p.page - b.p.page || centre(a.p) - centre(b.p) || a.i - b.i);
  const lines: { p: ValuePiece; i: number }[][] = [];
  for (const item of sorted) {
    const last = lines[lines.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev!.p.page === item.p.page && centre(item.p) - centre(prev!.p) <= near) last.push(item);
    else lines.push([item]);
  }
  // within a row, the pieces keep their reading order; a line of a ruling line's remains alone is no row's values
  const rows = lines.map((l) => l.sort((a, b) => a.i - b.i).map((x) => x.p)).filter((l) => l.some((p) => !p.unreadable || lostNumber(p)));
  // nor is a line standing wholly left of the first value of the lines that hold several: the
  // numbering of an unread label (the 3 of 3.危及…, read apart from its garbled words)
  const firstValue = rows.filter((l) => l.length > 1).reduce((least, l) => l.reduce((m, p) => Math.min(m, p.box.x), least), Infinity);
  // (a table of one column has no such lines: nothing to measure by, nothing dropped)
  return rows.filter((l) => l.length > 1 || !Number.isFinite(firstValue) || !(l[0]!.box.x + l[0]!.box.w < firstValue));
}
