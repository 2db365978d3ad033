/**
 * A table whose values were printed apart from their labels, as one block
 * (`pdftotext` without `-layout` makes every cell its own text block and
 * orders the blocks by its own reading-order heuristics: a page's values come
 * before or after its labels, nearly but not exactly row by row).
 *
 * When every cell of the table is printed (the values are exactly as many as
 * the cells) the block is read row by row in template order. Where that order
 * breaks an identity, the few rows around the break are re-read: of all ways
 * to lay their values out that satisfy every identity, the one that moves the
 * values least from where the source printed them. A unique such layout is a
 * repair with a warning; a tie leaves the cells it disputes null, with an
 * error. Nothing else is guessed.
 */
import type { Finding } from '../../core/findings.js';
import type { RowSpec, TableSpec, Identity } from '../../core/templates/types.js';
import { cellKey } from '../../core/templates/types.js';
import { labelKey } from '../../../normalizers/label.js';
import type { CellMap, CellReading } from './cells.js';
import { posOf, type Stream, type TableRegion } from './stream.js';
import { valuePieces, type ValuePiece } from './values.js';

export interface BlockResult {
  cells: CellMap;
  findings: Finding[];
}

/** At most this many consecutive rows are re-read together. */
const MAX_WINDOW_ROWS = 4;
/** Search nodes allowed for one window. */
const NODE_BUDGET = 400_000;

/**
 * Read the table as one block of values, or undefined when the source is not
 * such a block: not a text dump, a label printed with values on its line, or
 * not exactly one value per cell.
 */
export function readValueBlock(stream: Stream, region: TableRegion, table: TableSpec, rows: RowSpec[], identities: Identity[]): BlockResult | undefined {
  const pieces = blockValues(stream, region, table);
  if (!pieces) return undefined;
  const keys = rows.flatMap((r) => (r.columns ?? table.columns).map((c) => cellKey(table.id, r.key, c.key)));
  if (pieces.length !== keys.length || keys.length === 0) return undefined;

  const rowOf = rows.flatMap((r, i) => (r.columns ?? table.columns).map(() => i));
  const ids = identities.filter((id) => [...id.lhs, ...id.rhs].every((k) => keys.includes(k)));
  const index = new Map(keys.map((k, i) => [k, i]));
  const idCells = ids.map((id) => {
    const lhs = id.lhs.map((k) => index.get(k)!);
    const rhs = id.rhs.map((k) => index.get(k)!);
    return { id, lhs, rhs, all: [...lhs, ...rhs] };
  });
  const values = pieces.map((p) => p.parsed.value);
  const layout: (number | null)[] = [...values];
  const disputed = new Set<number>();
  const moved = new Set<number>();
  const findings: Finding[] = [];

  const windows = brokenWindows(idCells, layout, rowOf);
  windows.forEach((window, wi) => {
    // the cells of windows not solved yet are unknown: identities through them cannot be checked
    const known = layout.map((x, c) => (windows.some((o, oi) => oi > wi && c >= o.from && c < o.to) ? null : x));
    const solved = relayout(window, known, values, idCells, rowOf);
    if (!solved) {
      findings.push({
        code: 'values-order-unsolved',
        severity: 'error',
        cells: rowsIn(window, rowOf).map((r) => cellKey(table.id, rows[r]!.key, '')),
        message: `table ${table.id}: its values stand apart from the labels and, read in the printed order, rows ${rowsIn(window, rowOf)
          .map((r) => rows[r]!.label)
          .join('、')} break the identities; no order of their values that keeps every identity could be found`,
        stage: 'reconstruct',
      });
      return;
    }
    for (let c = window.from; c < window.to; c++) {
      if (solved.disputed.has(c)) disputed.add(c);
      else if (solved.layout[c - window.from] !== values[c]) moved.add(c);
      layout[c] = solved.layout[c - window.from]!;
    }
  });

  const cells: CellMap = new Map();
  keys.forEach((k, i) => {
    const p = pieces[i]!;
    const reading: CellReading = disputed.has(i)
      ? { value: null, status: 'ambiguous', prov: { page: p.page, box: null, unit: p.unit ?? null, raw: null, confidence: 0, method: 'order', repairs: [] } }
      : {
          value: layout[i]!,
          unit: p.parsed.unit,
          status: layout[i] === null ? 'blank' : 'read',
          prov: {
            page: p.page,
            box: moved.has(i) ? null : p.box,
            unit: p.unit ?? null,
            raw: moved.has(i) ? String(layout[i]) : p.raw,
            confidence: moved.has(i) ? 0.6 : (p.conf ?? 1),
            method: 'order',
            repairs: moved.has(i) ? ['reordered-by-identities'] : [...p.parsed.repairs],
          },
        };
    cells.set(k, reading);
  });

  findings.push({
    code: 'values-in-reading-order',
    severity: 'info',
    cells: [table.id],
    message: `table ${table.id}: the source prints its ${keys.length} values apart from the row labels, as one block; they were read row by row in the order printed${moved.size || disputed.size ? '' : ', and every identity of the table holds'}`,
    stage: 'reconstruct',
  });
  if (moved.size) {
    findings.push({
      code: 'values-reordered',
      severity: 'warning',
      cells: [...moved].map((i) => keys[i]!),
      message: `table ${table.id}: read in the printed order, some rows broke the identities; ${moved.size} value(s) were moved to the only layout that keeps every identity with the least movement (${[...moved].map((i) => `${keys[i]} = ${layout[i]}`).join(', ')})`,
      stage: 'reconstruct',
    });
  }
  if (disputed.size) {
    findings.push({
      code: 'values-order-ambiguous',
      severity: 'error',
      cells: [...disputed].map((i) => keys[i]!),
      message: `table ${table.id}: read in the printed order, some rows broke the identities, and several layouts of their values keep every identity equally well; ${disputed.size} cell(s) are left unknown`,
      stage: 'reconstruct',
    });
  }
  return { cells, findings };
}

/**
 * The values of the table's region, from its column header on, when every
 * one stands on a line of values only; undefined when any line mixes label
 * text with a value (that source keeps values beside their labels).
 */
function blockValues(stream: Stream, region: TableRegion, table: TableSpec): ValuePiece[] | undefined {
  const start = headerStart(stream, region, table);
  const from = posOf(stream, start).atom;
  const to = posOf(stream, region.to).atom;
  const out: ValuePiece[] = [];
  for (const line of stream.lines) {
    if (line.first < from || line.end > to || line.first === line.end) continue;
    if (stream.atoms[line.first]!.unit !== 'char') return undefined;
    // short marks without digits are label fragments here (信息, 组织), not lost numbers
    const pieces = valuePieces(stream, { atom: line.first, offset: 0 }, { atom: line.end, offset: 0 }).filter((p) => !p.glued && !p.unreadable);
    if (pieces.length === 0) continue;
    if (pieces.length !== line.end - line.first) return undefined;
    out.push(...pieces);
  }
  return out;
}

/** Where the table's column header begins (values before it belong to the text above). */
function headerStart(stream: Stream, region: TableRegion, table: TableSpec): number {
  const text = stream.norm.slice(region.from, region.to);
  let best = text.length;
  for (const word of table.headerWords) {
    const at = text.indexOf(labelKey(word));
    if (at >= 0 && at < best) best = at;
  }
  return best === text.length ? region.from : region.from + best;
}

interface IdCells {
  id: Identity;
  lhs: number[];
  rhs: number[];
  /** lhs and rhs together. */
  all: number[];
}

interface Window {
  /** Flat cell indexes [from, to), whole rows. */
  from: number;
  to: number;
}

const holds = (id: IdCells, v: readonly (number | null)[]) => {
  if (id.all.some((i) => v[i] === null)) return true; // a blank: unassessable, not broken
  const sum = (xs: number[]) => xs.reduce((s, i) => s + v[i]!, 0);
  return Math.abs(sum(id.lhs) - sum(id.rhs)) < 1e-6;
};

/**
 * The runs of consecutive rows whose own identities fail, each widened to whole
 * rows; runs closer than a row apart are joined. A run longer than the window
 * limit is returned as is and fails the search (reported, never guessed).
 */
function brokenWindows(ids: IdCells[], v: readonly (number | null)[], rowOf: number[]): Window[] {
  const broken = new Set<number>();
  for (const id of ids) {
    const rowsOfId = new Set(id.all.map((i) => rowOf[i]!));
    if (rowsOfId.size === 1 && !holds(id, v)) broken.add(rowOf[id.all[0]!]!);
  }
  const sorted = [...broken].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last && r - last[1] <= 2) last[1] = r;
    else runs.push([r, r]);
  }
  const first = (r: number) => rowOf.indexOf(r);
  const end = (r: number) => rowOf.lastIndexOf(r) + 1;
  return runs.map(([a, b]) => ({ from: first(a), to: end(b) }));
}

const rowsIn = (w: Window, rowOf: number[]) => [...new Set(rowOf.slice(w.from, w.to))];

/**
 * The layouts of the window's values that satisfy every identity touching it
 * (cells outside it fixed) with the least total movement, by branch and bound.
 * Movement of a layout: values of equal size are interchangeable, so it is the
 * sum, per value, of the distances between its printed positions and its cells
 * in order. Undefined when no layout fits or the search is too large.
 */
function relayout(
  w: Window,
  fixed: readonly (number | null)[],
  printed: readonly (number | null)[],
  ids: IdCells[],
  rowOf: number[],
): { layout: (number | null)[]; disputed: Set<number> } | undefined {
  if (rowsIn(w, rowOf).length > MAX_WINDOW_ROWS) return undefined;
  const size = w.to - w.from;
  const own = printed.slice(w.from, w.to);
  if (own.some((x) => x === null)) return undefined;
  // printed positions of each distinct value, in order
  const positions = new Map<number, number[]>();
  own.forEach((x, i) => positions.set(x!, [...(positions.get(x!) ?? []), i]));
  const distinct = [...positions.keys()];
  const remaining = new Map(distinct.map((x) => [x, positions.get(x)!.length]));
  const used = new Map(distinct.map((x) => [x, 0]));

  // identities to check once their last window cell is placed
  const touching = ids.filter((id) => id.all.some((i) => i >= w.from && i < w.to));
  const checkAt = new Map<number, IdCells[]>();
  for (const id of touching) {
    const last = Math.max(...id.all.filter((i) => i >= w.from && i < w.to)) - w.from;
    checkAt.set(last, [...(checkAt.get(last) ?? []), id]);
  }

  const v: (number | null)[] = [...fixed];
  const current: number[] = new Array(size);
  let best = Infinity;
  let bestLayouts: number[][] = [];
  let nodes = 0;

  const visit = (c: number, cost: number): boolean => {
    if (++nodes > NODE_BUDGET) return false;
    if (cost > best) return true;
    if (c === size) {
      if (cost < best) {
        best = cost;
        bestLayouts = [];
      }
      bestLayouts.push([...current]);
      return true;
    }
    // try the printed value first, so that a cheap bound comes early
    const order = [own[c]!, ...distinct.filter((x) => x !== own[c])];
    for (const x of order) {
      if (!remaining.get(x)) continue;
      const k = used.get(x)!;
      const step = Math.abs(positions.get(x)![k]! - c);
      remaining.set(x, remaining.get(x)! - 1);
      used.set(x, k + 1);
      current[c] = x;
      v[w.from + c] = x;
      const ok = (checkAt.get(c) ?? []).every((id) => holds(id, v));
      const within = ok ? visit(c + 1, cost + step) : true;
      remaining.set(x, remaining.get(x)! + 1);
      used.set(x, k);
      if (!within) return false;
    }
    return true;
  };
  // the window's cells are unknown while searching: their identities are checked only when complete
  for (let c = 0; c < size; c++) v[w.from + c] = null;
  if (!visit(0, 0) || bestLayouts.length === 0) return undefined;

  const layout = bestLayouts[0]!;
  const disputed = new Set<number>();
  for (let c = 0; c < size; c++) if (bestLayouts.some((l) => l[c] !== layout[c])) disputed.add(w.from + c);
  return { layout, disputed };
}
