/**
 * The no-silence rule for sources that can lose a number, written once:
 * every decision that set a cell without an identity confirming it carries
 * at least a warning naming the cell.
 *
 * The stages before this one raise their own, specific findings for the
 * decisions they make (a row whose label was not read, values reordered,
 * digits split, a column chosen from the headers, a blank in a scan). This
 * pass is the net under them, for sources read by OCR (scans, images, text
 * dumps that OCR made). A text layer, a crawled page or a grid does not lose
 * a number: there, nothing printed is a blank as printed.
 *
 * In an OCR source, a cell taken as blank where nothing was read is a
 * decision: a lost number leaves the same gap, and no identity can tell a
 * blank from a lost 0. So is every value of that row placed by its position,
 * since the gap is what position decided, unless an identity confirms it.
 * An identity confirms its cells when it holds with blanks counted as 0,
 * none of its cells is unknown, and not all of them are 0 (a sum of zeros
 * holds whichever cells the zeros came from), and a cell restored from it
 * is checked by another (validate.ts confirmedBy).
 *
 * A blank leaves an identity unchecked (blank usually means zero, and in a
 * text that is the agency's call). In an OCR source it is a reading like any
 * other: a 0 the scan erased, or read as the blank mark, is a blank; so an
 * identity that fails with its blanks counted as 0 says a reading is wrong,
 * and its cells no holding identity confirms are named.
 */
import type { Finding } from '../core/findings.js';
import { isFlagged } from '../core/findings.js';
import type { CellMap, CellReading } from './reconstruct/cells.js';
import type { Identity } from '../core/templates/types.js';
import { confirmedBy, derivedCell, identityHolds, sideSum } from './validate.js';

/** A cell of the record with the row it belongs to (`requests.granted`, or the table for a one-row table). */
export interface RowCell {
  key: string;
  rowKey: string;
  rowLabel: string;
}

const involved = (id: Identity) => [...id.lhs, ...id.rhs];
const isBlank = (c: CellReading | undefined) => c?.status === 'blank' && c.value === null;

/** The cell's value for checking an identity: blanks count as 0; undefined when nothing is known. */
function asCounted(c: CellReading | undefined): number | undefined {
  if (!c || c.status === 'missing' || c.status === 'ambiguous') return undefined;
  return c.value ?? 0;
}

/** Whether the identity holds with blanks counted as 0; undefined when one of its cells is unknown. */
export function holdsWithBlanks(id: Identity, cells: CellMap): boolean | undefined {
  return identityHolds(id, (k) => asCounted(cells.get(k)));
}

/** Cells some identity confirms, blanks counted as 0 (see the module comment). */
export function confirmedWithBlanks(cells: CellMap, identities: readonly Identity[]): Set<string> {
  const holding = identities.filter((id) => holdsWithBlanks(id, cells) && !involved(id).every((k) => asCounted(cells.get(k)) === 0));
  return confirmedBy(holding, (k) => derivedCell(cells.get(k)?.prov));
}

/** Nothing was read where the cell stands, and it was set blank. */
const takenAsBlank = (c: CellReading) => c.status === 'blank' && c.prov.raw === null;

/**
 * Warnings for the cells set by a decision that no identity confirms and no
 * finding names yet: one `unconfirmed-blank` per row.
 */
export function reportUnconfirmed(cells: CellMap, layout: readonly RowCell[], identities: readonly Identity[], findings: readonly Finding[]): Finding[] {
  const confirmed = confirmedWithBlanks(cells, identities);
  const rows = new Map<string, RowCell[]>();
  for (const c of layout) rows.set(c.rowKey, [...(rows.get(c.rowKey) ?? []), c]);
  const out: Finding[] = [];
  for (const [rowKey, rowCells] of rows) {
    const gaps = rowCells.filter((c) => takenAsBlank(cells.get(c.key)!));
    if (!gaps.length) continue;
    const open = rowCells.filter((c) => !isFlagged(findings, c.key));
    const blanks = open.filter((c) => gaps.includes(c));
    // the values beside a gap were put in their columns by position: the same decision, even where the gap itself is already named
    const placed = open.filter((c) => {
      const cell = cells.get(c.key)!;
      return cell.value !== null && cell.prov.method === 'position' && !confirmed.has(c.key);
    });
    if (!blanks.length && !placed.length) continue;
    const label = rowCells[0]!.rowLabel || rowKey;
    out.push({
      code: 'unconfirmed-blank',
      severity: 'warning',
      cells: [...blanks, ...placed].map((c) => c.key),
      message:
        `row ${label}: nothing was read under ${gaps.length} column(s), which were taken as blank` +
        (placed.length ? `, and its ${placed.length} value(s) placed by position beside them` : '') +
        `; a number OCR lost leaves the same gap, and no identity tells a blank from a lost 0`,
      stage: 'validate',
    });
  }
  return out;
}

/**
 * Warnings for the identities a blank leaves unchecked that fail with blanks
 * counted as 0 (see the module comment): one `blank-identity-failed` each,
 * naming its cells that no holding identity confirms, or all of them where
 * each is confirmed elsewhere (then the blank itself is in doubt).
 */
export function reportBlankFailures(cells: CellMap, identities: readonly Identity[]): Finding[] {
  const confirmed = confirmedWithBlanks(cells, identities);
  const out: Finding[] = [];
  for (const id of identities) {
    const keys = involved(id);
    if (!keys.some((k) => isBlank(cells.get(k))) || holdsWithBlanks(id, cells) !== false) continue;
    const doubtful = keys.filter((k) => !confirmed.has(k));
    const counted = (k: string) => asCounted(cells.get(k));
    const [lhs, rhs] = [sideSum(id.lhs, counted), sideSum(id.rhs, counted)];
    out.push({
      code: 'blank-identity-failed',
      severity: 'warning',
      cells: doubtful.length ? doubtful : keys,
      message: `${id.description} fails with its blanks counted as 0 (${lhs} ≠ ${rhs}): in a scan a blank may be a number OCR lost, or a number read as the blank mark`,
      stage: 'validate',
      actual: lhs,
      expected: rhs,
    });
  }
  return out;
}
