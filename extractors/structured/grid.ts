/**
 * Table grids for structured sources (HTML, DOCX): turning markup cells with
 * spans into cells at their true grid columns, so that one column has one x
 * in every row whatever the rowspans above it.
 */
import type { GridCell } from '../../src/core/layout.js';

/** A cell as HTML markup gives it: listed in the row where it starts. */
export interface SpannedCell {
  text: string;
  /** 0 means "to the end of the table", as in HTML. */
  rowSpan: number;
  colSpan: number;
}

/** HTML's own limit on colspan; a larger value is a hostile or broken page. */
export const MAX_COLSPAN = 1000;

/**
 * Place cells the way the HTML table model does: each cell takes the first
 * column, left of which everything is filled, not covered by a rowspan from
 * a row above. Only the spans still open are kept (not a full occupancy
 * grid), so memory stays bounded by the table's width, not rows × columns.
 *
 * Open spans never overlap, so kept in column order they are passed once per
 * row, left to right, as the row's cells are: linear in cells plus open
 * spans per row, however many rowspans a hostile page stacks up.
 */
export function placeSpannedRows(rows: readonly (readonly SpannedCell[])[]): GridCell[] {
  const out: GridCell[] = [];
  let open: OpenSpan[] = [];
  for (let r = 0; r < rows.length; r++) {
    open = open.filter((s) => s.lastRow >= r);
    const opened: OpenSpan[] = [];
    let col = 0;
    let next = 0; // the first open span that may still block
    for (const c of rows[r]!) {
      // skip the spans left of col; a span covering col moves col past it
      for (; next < open.length && open[next]!.col <= col; next++) col = Math.max(col, open[next]!.col + open[next]!.colSpan);
      const colSpan = clampSpan(c.colSpan, MAX_COLSPAN);
      // A rowspan never reaches past the table's last row (HTML clamps it the same way).
      const rowsLeft = rows.length - r;
      const rowSpan = c.rowSpan === 0 ? rowsLeft : Math.min(clampSpan(c.rowSpan, rowsLeft), rowsLeft);
      out.push({ text: c.text, row: r, col, rowSpan, colSpan });
      if (rowSpan > 1) opened.push({ col, colSpan, lastRow: r + rowSpan - 1 });
      col += colSpan;
    }
    if (opened.length) open = mergeByColumn(open, opened);
  }
  return out;
}

interface OpenSpan {
  col: number;
  colSpan: number;
  lastRow: number;
}

/** Two lists of spans, each in column order, as one. */
function mergeByColumn(a: readonly OpenSpan[], b: readonly OpenSpan[]): OpenSpan[] {
  const out: OpenSpan[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]!.col < b[j]!.col) ? a[i++]! : b[j++]!);
  return out;
}

function clampSpan(v: number, max: number): number {
  if (!Number.isFinite(v) || v < 1) return 1;
  return Math.min(Math.floor(v), max);
}

/** Number of grid columns a set of placed cells covers. */
export function gridWidth(cells: readonly GridCell[]): number {
  let w = 0;
  for (const c of cells) w = Math.max(w, c.col + c.colSpan);
  return w;
}
