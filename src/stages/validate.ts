/**
 * The validator: the identities every record must satisfy (docs/record.md),
 * the repairs they allow, and the softer narrative check.
 *
 * A repair happens only where the identities determine a value: a cell that
 * could not be read and is the one unknown of an identity. A number read
 * clearly is never changed; when clear numbers do not add up, the finding
 * says the source itself is inconsistent.
 */
import type { Finding } from '../core/findings.js';
import { isFlagged } from '../core/findings.js';
import type { CellMap, CellReading } from './reconstruct/cells.js';
import type { CellValueKind, Identity } from '../core/templates/types.js';
import { isBlankMarker } from '../../normalizers/number.js';

const involved = (id: Identity) => [...id.lhs, ...id.rhs];

/** The sum of one side of an identity under `valueOf`, a cell without a number (and `except`) counting 0. */
export function sideSum(keys: readonly string[], valueOf: (key: string) => unknown, except?: string): number {
  let sum = 0;
  for (const k of keys) {
    const v = k === except ? undefined : valueOf(k);
    if (typeof v === 'number') sum += v;
  }
  return sum;
}

/**
 * The value `key` must hold for the identity to hold, from its other cells
 * (one without a number counts 0): what restores an unread cell, corrects a
 * misread one, and picks among a cell's readings.
 */
export function neededIn(id: Identity, key: string, valueOf: (key: string) => unknown): number {
  const lhs = sideSum(id.lhs, valueOf, key),
    rhs = sideSum(id.rhs, valueOf, key);
  return id.lhs.includes(key) ? rhs - lhs : lhs - rhs;
}

/**
 * Whether the identity holds under `valueOf`: true or false when every cell
 * has a number, undefined when one has none. The one sum check of the
 * validator, the confirmations and the misreading search.
 */
export function identityHolds(id: Identity, valueOf: (key: string) => unknown): boolean | undefined {
  if (involved(id).some((k) => typeof valueOf(k) !== 'number')) return undefined;
  return Math.abs(sideSum(id.lhs, valueOf) - sideSum(id.rhs, valueOf)) < 1e-6;
}

/**
 * What a lone blank in an otherwise full row of table 三 means, by source:
 * - `lost`: a source that loses numbers (OCR, or a text dump that prints its
 *   blanks as marks, so that an empty place is no blank of its own): the cell
 *   counts as unread, and the identity restores it;
 * - `doubtful`: another text dump, whose empty places are its blanks, but
 *   which could have lost a number: restored when the identity needs more
 *   than 0 there, else kept blank with a warning (a lost 0 looks the same);
 * - `kept`: a text layer or a grid, which loses nothing: a blank as printed.
 */
export type LoneBlanks = 'lost' | 'doubtful' | 'kept';

/**
 * Fill cells that could not be read from the identities, where one identity
 * has exactly that one unknown; lone blanks in full rows as `loneBlanks` says,
 * but those `inkless` (a scan's cell where no digit's ink stands, though it
 * loses numbers) as a text dump's own empty places (`doubtful`).
 */
export function restoreByIdentities(cells: CellMap, identities: Identity[], loneBlanks: LoneBlanks, inkless: ReadonlySet<string> = new Set()): Finding[] {
  const findings: Finding[] = [];
  const unknown = (c: CellReading | undefined) => !c || c.status === 'missing';
  if (loneBlanks !== 'kept') {
    for (const id of identities.filter((i) => i.kind === 'row-total')) {
      const ks = involved(id);
      const blanks = ks.filter((k) => cells.get(k)?.status === 'blank');
      const numbers = ks.filter((k) => typeof cells.get(k)?.value === 'number');
      if (blanks.length !== 1 || numbers.length !== ks.length - 1) continue;
      const k = blanks[0]!;
      const needed = neededIn(id, k, (x) => cells.get(x)?.value);
      if ((loneBlanks === 'lost' && !inkless.has(k)) || needed !== 0) {
        cells.get(k)!.status = 'missing';
        continue;
      }
      findings.push({
        code: 'lone-blank',
        severity: 'warning',
        cells: [k],
        message: inkless.has(k)
          ? `${k} is the one blank of a full row; it is kept blank, as the row adds up and no digit's ink stands in its cell, but a 0 too faint to scan would look the same`
          : `${k} is the one blank of a full row; it is kept blank, as the row adds up, but a 0 lost from the text would look the same`,
        stage: 'validate',
      });
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const id of identities) {
      const ks = involved(id);
      const open = ks.filter((k) => unknown(cells.get(k)));
      if (open.length !== 1 || ks.some((k) => !unknown(cells.get(k)) && cells.get(k)!.value === null)) continue;
      const k = open[0]!;
      const value = neededIn(id, k, (x) => cells.get(x)?.value);
      if (!Number.isInteger(value) || value < 0) continue;
      const cell = cells.get(k);
      if (value === 0 && cell?.prov.raw && isBlankMarker(cell.prov.raw)) {
        // a printed blank mark (/, —) the identity agrees with is the blank it says, not a lost 0
        cells.set(k, { ...cell, value: null, status: 'blank' });
        changed = true;
        continue;
      }
      const prov = cell?.prov ?? { page: null, box: null, unit: null, raw: null, confidence: 0, method: 'identity' as const, repairs: [] };
      cells.set(k, { value, status: 'read', prov: { ...prov, method: 'identity', confidence: Math.min(prov.confidence || 1, 0.9), repairs: [...prov.repairs, 'restored-by-identity'] } });
      findings.push({
        code: 'restored-by-identity',
        severity: 'warning',
        cells: [k],
        message: `${k} could not be read${prov.raw ? ` (source: '${prov.raw}')` : ''}; ${id.description} gives ${value}`,
        stage: 'validate',
        expected: value,
      });
      changed = true;
    }
  }
  return findings;
}

/**
 * A doubtful number that the identities determine: an unsure reading (below
 * BLAME_CONFIDENCE) that no identity confirms, in a complete identity that
 * fails and whose every other cell an identity without this cell confirms.
 * That identity then says what the cell holds, as it would for a cell not
 * read at all (a fax's 570 read as 70 fails its column by 500, the column's
 * other cells each add up in their own rows); where several such identities
 * run through the cell, all must say the same. The value is taken with a
 * warning. Called for scans only, whose cells can be read again (a text
 * dump's number stands as printed). A clear reading is never changed, nor
 * one that a sure second reading of the cell alone repeated (`repeated`:
 * the source may print a number its sums do not want); an identity with
 * another unconfirmed cell changes nothing, as the misreading might be that
 * one.
 */
export function correctByIdentities(cells: CellMap, identities: readonly Identity[], repeated: ReadonlySet<string> = new Set()): Finding[] {
  const findings: Finding[] = [];
  const valueOf = (k: string) => cells.get(k)?.value;
  const complete = (id: Identity) => involved(id).every((k) => typeof valueOf(k) === 'number');
  for (let changed = true; changed;) {
    changed = false;
    const holding = identities.filter((id) => identityHolds(id, valueOf) === true);
    // confirmed by an identity that holds without the doubtful cell
    const confirmedBesides = (x: string, k: string) => holding.some((id) => involved(id).includes(x) && !involved(id).includes(k));
    for (const [k, cell] of cells) {
      if (typeof cell.value !== 'number' || cell.prov.confidence >= BLAME_CONFIDENCE || repeated.has(k)) continue;
      const through = identities.filter((id) => involved(id).includes(k) && complete(id));
      if (through.some((id) => identityHolds(id, valueOf))) continue;
      const determining = through.filter((id) => involved(id).every((x) => x === k || confirmedBesides(x, k)));
      const needs = determining.map((id) => neededIn(id, k, valueOf));
      const value = needs[0];
      if (value === undefined || !needs.every((v) => v === value) || !Number.isInteger(value) || value < 0) continue;
      const was = cell.value;
      cells.set(k, { ...cell, value, prov: { ...cell.prov, method: 'identity', repairs: [...cell.prov.repairs, 'corrected-by-identity'] } });
      findings.push({
        code: 'corrected-by-identity',
        severity: 'warning',
        cells: [k],
        message: `${k} read ${cell.prov.raw === null ? was : `'${cell.prov.raw}'`} (unsure, ${cell.prov.confidence.toFixed(2)}) is taken as ${value}: ${determining.map((id) => id.description).join('; and ')} fails with ${was} and holds with ${value}, its other cells each confirmed by another identity`,
        stage: 'validate',
        actual: was,
        expected: value,
      });
      changed = true;
    }
  }
  return findings;
}

/** Cells holding a number that some identity, all of whose cells hold numbers, satisfies. */
export function confirmedCells(identities: readonly Identity[], valueOf: (key: string) => unknown, derived: (key: string) => boolean = () => false): Set<string> {
  return confirmedBy(
    identities.filter((id) => identityHolds(id, valueOf)),
    derived,
  );
}

/**
 * The cells that holding identities confirm. A cell the identities derived
 * (restored from a sum, its printed number unread) makes the identity it
 * came from hold by construction, whatever its other cells were misread as:
 * an identity with such a cell confirms only where another holding identity
 * has that cell too, and so checks what it was derived as.
 */
export function confirmedBy(holding: readonly Identity[], derived: (key: string) => boolean): Set<string> {
  const uses = new Map<string, number>();
  for (const id of holding) for (const k of involved(id)) uses.set(k, (uses.get(k) ?? 0) + 1);
  const out = new Set<string>();
  for (const id of holding) if (involved(id).every((k) => !derived(k) || uses.get(k)! >= 2)) for (const k of involved(id)) out.add(k);
  return out;
}

/** A cell whose value the identities gave (restored), not one read from the source: by its provenance. */
export const derivedCell = (prov: { method: string } | undefined) => prov?.method === 'identity';

/**
 * Below this confidence a number may not be used to blame the source: OCR
 * must be sure of every digit before the agency is said to be wrong.
 */
export const BLAME_CONFIDENCE = 0.9;

/**
 * Check every identity: failed is an error, blank is info. A failure is the
 * source's own (`source-inconsistent`) only when every cell of it was read
 * cleanly and placed without a repair, a reorder or a guess: no earlier
 * finding names it. Otherwise our reading is suspect (`identity-failed`).
 */
export function checkIdentities(cells: CellMap, identities: Identity[], earlier: readonly Finding[] = []): Finding[] {
  const findings: Finding[] = [];
  const unassessable: Identity[] = [];
  for (const id of identities) {
    const ks = involved(id);
    if (ks.some((k) => cells.get(k)?.value === null || cells.get(k)?.value === undefined)) {
      unassessable.push(id);
      continue;
    }
    const l = sideSum(id.lhs, (k) => cells.get(k)?.value);
    const r = sideSum(id.rhs, (k) => cells.get(k)?.value);
    if (Math.abs(l - r) < 1e-6) continue;
    const clear = ks.every((k) => {
      const c = cells.get(k)!;
      return c.prov.confidence >= BLAME_CONFIDENCE && c.prov.repairs.length === 0 && c.prov.method !== 'order' && !isFlagged(earlier, k);
    });
    const misread = clear ? misreading(id, cells, identities) : undefined;
    findings.push({
      code: clear && !misread ? 'source-inconsistent' : 'identity-failed',
      severity: 'error',
      cells: ks,
      message:
        clear && !misread
          ? `the source is inconsistent: ${id.description} fails with clearly read numbers (${l} ≠ ${r}); the numbers are kept as printed`
          : `${id.description} fails (${l} ≠ ${r}): a number may have been misread${misread ? ` (${misread})` : ''}`,
      stage: 'validate',
      actual: l,
      expected: r,
    });
  }
  if (unassessable.length) {
    findings.push({
      code: 'identity-unassessable',
      severity: 'info',
      cells: [...new Set(unassessable.flatMap((id) => involved(id).filter((k) => cells.get(k)?.value === null || cells.get(k)?.value === undefined)))],
      message: `${unassessable.length} identities cannot be checked because cells are blank (blank usually means zero; that is the reader's call): ${unassessable.map((i) => i.id).join(', ')}`,
      stage: 'validate',
    });
  }
  return findings;
}

/**
 * A failure that a plausible misreading of ours explains: then the agency is
 * not blamed, and the explanation goes into the finding.
 * - One digit of one OCR-read cell read as another (a fax's 5 as 9).
 * - Two neighbouring values swapped: values of adjacent rows interleaved, or
 *   of adjacent columns crossed, as wide cells in a text layer can do.
 * Either counts only when, with the change, every sum of the cells it touches
 * holds (blanks and unread cells do not count against it).
 */
function misreading(failed: Identity, cells: CellMap, identities: readonly Identity[]): string | undefined {
  const sumsHold = (changed: ReadonlyMap<string, number>) => {
    const valueOf = (key: string) => changed.get(key) ?? cells.get(key)?.value;
    // an identity with a blank or unread cell does not count against the change
    return identities.filter((id) => involved(id).some((k) => changed.has(k))).every((id) => identityHolds(id, valueOf) !== false);
  };
  for (const k of involved(failed)) {
    const value = cells.get(k)!.value!;
    for (const n of neighbours(k, identities)) {
      const other = cells.get(n)?.value;
      if (typeof other !== 'number' || other === value) continue;
      if (
        sumsHold(
          new Map([
            [k, other],
            [n, value],
          ]),
        )
      )
        return `${k} and ${n} may have been swapped (${value} and ${other})`;
    }
    const cell = cells.get(k)!;
    if (cell.prov.unit !== 'px' && cell.prov.confidence >= 1) continue;
    const digits = String(value);
    if (!/^\d+$/.test(digits)) continue;
    for (let i = 0; i < digits.length; i++) {
      for (const d of '0123456789') {
        if (d === digits[i]) continue;
        const read = Number(digits.slice(0, i) + d + digits.slice(i + 1));
        if (sumsHold(new Map([[k, read]]))) return `OCR may have read ${k} as '${digits}', where ${read} would make every sum hold`;
      }
    }
  }
  return undefined;
}

/** The cells next to a cell in some identity's list: its neighbours in a row, or in a column of rows. */
function neighbours(key: string, identities: readonly Identity[]): Set<string> {
  const out = new Set<string>();
  for (const id of identities) {
    const ks = involved(id);
    const i = ks.indexOf(key);
    if (i < 0) continue;
    if (i > 0) out.add(ks[i - 1]!);
    if (i + 1 < ks.length) out.add(ks[i + 1]!);
  }
  return out;
}

/**
 * Values a cell cannot hold (docs/record.md): a count is a non-negative
 * integer a double holds exactly, money a non-negative decimal, a change an
 * integer. Such a value is no reading of the cell: it is set unread (the
 * identities may still restore it, with their own warning), its text kept in
 * the provenance, and an `impossible-value` error names it.
 */
export function rejectImpossible(cells: CellMap, kinds: ReadonlyMap<string, CellValueKind>): Finding[] {
  const rejected: string[] = [];
  for (const [k, kind] of kinds) {
    const c = cells.get(k);
    if (!c || c.value === null || possible(c.value, kind)) continue;
    cells.set(k, { ...c, value: null, status: 'missing', prov: { ...c.prov, repairs: [...c.prov.repairs, 'impossible-value'] } });
    rejected.push(k);
  }
  if (!rejected.length) return [];
  return [
    {
      code: 'impossible-value',
      severity: 'error',
      cells: rejected,
      message: `values no such cell can hold (a count is a whole number of 0 or more, money 0 or more): ${rejected.map((k) => `${k} '${cells.get(k)!.prov.raw}'`).join(', ')}; left unread`,
      stage: 'validate',
    },
  ];
}

function possible(v: number, kind: CellValueKind): boolean {
  if (!Number.isFinite(v)) return false;
  if (kind === 'money') return v >= 0;
  if (!Number.isSafeInteger(v)) return false;
  return kind === 'signed' || v >= 0;
}

/** 共收到政府信息公开申请N件 in 一、总体情况 against row 一's total. */
const STATED_COUNT = /(?:共|累计|全年|本年度?)?(?:新?收到|受理|新收|接收)[^，。；,;]{0,14}?(?:政府信息公开)?申请\s*(\d+)\s*[件个条]/;

export function checkNarrative(overview: string | null, cells: CellMap): Finding[] {
  if (!overview) return [];
  const m = STATED_COUNT.exec(overview);
  const table = cells.get('requests.newReceived.total')?.value;
  if (!m || table === null || table === undefined) return [];
  const stated = Number(m[1]);
  if (stated === table) return [];
  return [
    {
      code: 'narrative-count-mismatch',
      severity: 'warning',
      cells: ['requests.newReceived.total'],
      message: `the narrative (总体情况) says ${m[0]} but table 三 row 一 totals ${table}`,
      stage: 'validate',
      actual: stated,
      expected: table,
    },
  ];
}
