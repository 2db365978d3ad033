/**
 * Where a value with no box of its own should stand on the page: a cell
 * restored from the identities, or lost in reading, has no source box, but
 * its row and its column usually do. The auditor is shown that spot (drawn
 * dashed, said to be inferred) so they can read the printed number there.
 */
import type { Box } from '../../core/layout.js';
import type { CellProvenance } from '../../core/record.js';
import { cellLabels } from '../../core/templates/index.js';
import { median } from '../../core/stats.js';

export interface InferredBox {
  page: number;
  box: Box;
}

/** A lost row is looked for only between rows at most this many text heights apart. */
const MAX_GAP_ROWS = 4;

/**
 * Boxes for the cells of `keys` that have none, from the cells of the same
 * row (vertical extent) and the same column (horizontal extent) on one page.
 * A row with no box at all takes the gap between the nearest rows above and
 * below on that page. `keys` are in reading order (the template's).
 */
export function inferBoxes(keys: readonly string[], cells: Record<string, CellProvenance>, unitOf: (page: number) => string | undefined): Map<string, InferredBox> {
  const out = new Map<string, InferredBox>();
  const placed = (k: string) => {
    const p = cells[k];
    return p && p.box && p.page !== null && p.unit === unitOf(p.page) && p.box.w > 0 && p.box.h > 0 ? { page: p.page, box: p.box } : undefined;
  };
  const rowOf = (k: string) => {
    const l = cellLabels(k);
    return l ? `${l.table}|${l.row}` : undefined;
  };
  const colOf = (k: string) => {
    const l = cellLabels(k);
    return l ? `${l.table}|${l.column}` : undefined;
  };
  const rowOrder = [...new Set(keys.map(rowOf).filter((r): r is string => r !== undefined))];
  const rowBoxes = new Map<string, InferredBox[]>();
  const colBoxes = new Map<string, InferredBox[]>();
  for (const k of keys) {
    const b = placed(k);
    const r = rowOf(k),
      c = colOf(k);
    if (!b || !r || !c) continue;
    rowBoxes.set(r, [...(rowBoxes.get(r) ?? []), b]);
    colBoxes.set(c, [...(colBoxes.get(c) ?? []), b]);
  }
  // a row's vertical extent on one page: the page most of its boxes are on
  const rowBand = (r: string): { page: number; y: number; h: number } | undefined => {
    const bs = rowBoxes.get(r);
    if (!bs?.length) return undefined;
    const page = median(bs.map((b) => b.page));
    const on = bs.filter((b) => b.page === page);
    return { page, y: median(on.map((b) => b.box.y)), h: median(on.map((b) => b.box.h)) };
  };
  for (const k of keys) {
    if (placed(k)) continue;
    const r = rowOf(k),
      c = colOf(k);
    if (!r || !c) continue;
    let band = rowBand(r);
    if (!band) {
      const i = rowOrder.indexOf(r);
      const table = r.split('|')[0];
      const above = rowOrder
        .slice(0, i)
        .reverse()
        .filter((x) => x.startsWith(table + '|'))
        .map(rowBand)
        .find(Boolean);
      const below = rowOrder
        .slice(i + 1)
        .filter((x) => x.startsWith(table + '|'))
        .map(rowBand)
        .find(Boolean);
      const gap = above && below ? below.y - (above.y + above.h) : -1;
      // one lost row between two found ones: a gap of about one row pitch, not a page break or a whole table
      if (above && below && above.page === below.page && gap > 0 && gap <= MAX_GAP_ROWS * Math.max(above.h, below.h)) {
        band = { page: above.page, y: above.y + above.h, h: below.y - (above.y + above.h) };
      }
    }
    if (!band) continue;
    const col = (colBoxes.get(c) ?? []).filter((b) => b.page === band!.page);
    if (!col.length) continue;
    const x = median(col.map((b) => b.box.x));
    const w = median(col.map((b) => b.box.w));
    out.set(k, { page: band.page, box: { x, y: band.y, w, h: band.h } });
  }
  return out;
}
