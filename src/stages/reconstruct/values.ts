/**
 * The value pieces of a row: every cell value (a number, a signed change, an
 * amount with its unit, or a blank marker) between the row's label and the
 * next row's label, in reading order, each with where it came from.
 *
 * A token that is wholly a value is `standalone`. Digits stuck to label text
 * in one token (crawler text: 规章000行政规范性文件…) are `glued`: they are
 * values too, but their boundaries are unknown, so they are used only when
 * the standalone values do not fill the row.
 */
import { boxUnion, type Box, type Page } from '../../core/layout.js';
import type { ColumnSpec } from '../../core/templates/types.js';
import { parseValue, type ParsedValue } from '../../../normalizers/number.js';
import type { Pos, Stream } from './stream.js';
import { sliceAtoms } from './stream.js';

export interface ValuePiece {
  raw: string;
  parsed: ParsedValue;
  glued: boolean;
  atom: number;
  page: number;
  unit: Page['unit'];
  box: Box;
  conf?: number;
  /** A short mark in a scan that OCR could not read as a value (a serif 1 read as 工): where a number was lost. */
  unreadable?: boolean;
}

/** A value inside running text: not a label's numbering (`1.属于`, `3、`), not a date or a count in prose (`2021年`, `5件`). */
const GLUED_VALUE = /[+\-−]?\d+(?:\.\d+)?(?:万元|元)?|[增减]\d+/g;
const NOT_A_VALUE_AFTER = /^[.．、)）年月日号件条项页个次人]/;

export function valuePieces(stream: Stream, from: Pos, to: Pos): ValuePiece[] {
  const out: ValuePiece[] = [];
  for (const seg of sliceAtoms(stream, from, to)) {
    const atom = stream.atoms[seg.atom]!;
    const trimmed = seg.text.trim();
    let whole = seg.whole ? parseValue(trimmed) : undefined;
    for (const noise of EDGE_NOISE) {
      if (whole || !seg.whole || !noise.in(atom.unit) || !noise.at.test(trimmed)) continue;
      const inner = parseValue(trimmed.replace(noise.all, ''));
      if (inner && inner.value !== null) whole = { ...inner, repairs: [...inner.repairs, 'ocr-confusable'] };
    }
    if (whole && !prose(stream, seg.atom)) {
      out.push({ raw: trimmed, parsed: whole, glued: false, atom: seg.atom, page: atom.page, unit: atom.unit, box: atom.box, conf: atom.conf });
      continue;
    }
    if (seg.whole && lossy(atom.unit) && trimmed.length <= MAX_UNREADABLE && !/\d/.test(trimmed)) {
      out.push({ raw: trimmed, parsed: { value: null, unit: null, repairs: [] }, glued: false, atom: seg.atom, page: atom.page, unit: atom.unit, box: atom.box, conf: atom.conf, unreadable: true });
      continue;
    }
    const len = atom.text.length || 1;
    for (const m of seg.text.matchAll(GLUED_VALUE)) {
      const after = seg.text.slice(m.index! + m[0].length);
      if (NOT_A_VALUE_AFTER.test(after)) continue;
      const parsed = parseValue(m[0]);
      if (!parsed) continue;
      const at = seg.start + m.index!;
      const box = {
        x: atom.box.x + (atom.box.w * at) / len,
        y: atom.box.y,
        w: (atom.box.w * m[0].length) / len,
        h: atom.box.h,
      };
      out.push({ raw: m[0], parsed, glued: true, atom: seg.atom, page: atom.page, unit: atom.unit, box, conf: atom.conf });
    }
  }
  return out;
}

/** Sources read by OCR, or text that may come from OCR: a mark where a number should be is a lost number. */
const lossy = (unit: Page['unit']) => unit === 'px' || unit === 'char';
/**
 * Marks OCR leaves at a number's edge, tried in turn where the source is of
 * their kind: `at` finds them beside a digit, `all` strips them.
 * - Bits of ruling lines (]13, |7, 〔0), in anything OCR read.
 * - A scan's specks: a dot or comma before the number (no table prints
 *   .104), and dots, commas, dashes after it (124,一). A leading minus is
 *   the number's sign and stays.
 */
const EDGE_NOISE: { in: (unit: Page['unit']) => boolean; at: RegExp; all: RegExp }[] = [
  { in: lossy, at: /^[\]\[|｜「」〔〕【】]+\d|\d[\]\[|｜「」〔〕【】]+$/, all: /^[\]\[|｜「」〔〕【】]+|[\]\[|｜「」〔〕【】]+$/g },
  { in: (unit) => unit === 'px', at: /^[.,·'`、，。:;]+\d|\d[.,·'`、，。:;一_~\-]+$/, all: /^[.,·'`、，。:;]+|[.,·'`、，。:;一_~\-]+$/g },
];

/** How long a mark in a scan may be and still be taken for a garbled cell value rather than label text. */
const MAX_UNREADABLE = 2;

/** A number that a word on its line continues (2024 年, 5 件) is prose, not a cell. */
function prose(stream: Stream, i: number): boolean {
  const next = stream.atoms[i + 1];
  return !!next && next.line === stream.atoms[i]!.line && next.unit !== 'cell' && NOT_A_VALUE_AFTER.test(next.text) && !/^[.．]/.test(next.text);
}

/**
 * A scan's mark where a number stands that is no ruling line's remains
 * (一, _, -): a misread number (a fax's 73 read as 他).
 */
export const lostNumber = (p: ValuePiece) => p.unit === 'px' && p.unreadable === true && !RULE_REMAINS.test(p.raw);
const RULE_REMAINS = /^[|｜丨一_\-—–~]+$/;

/** The pieces to place in a row of `n` cells: standalone values, unless they cannot fill it. */
export function choosePieces(pieces: ValuePiece[], n: number): ValuePiece[] {
  const standalone = pieces.filter((p) => !p.glued);
  const values = standalone.filter((p) => !p.unreadable).length;
  return values >= n || standalone.length === pieces.length ? standalone : pieces.filter((p) => !p.unreadable);
}

/**
 * A scan's amount of money whose decimal point OCR lost, read as two
 * numbers a point's width apart (4459.8 as 4459 and 8): the row has one
 * value more than cells, its last column holds money, and its last two
 * values stand on one line less than a digit's height apart, the second of
 * one or two digits (a number of another cell stands a column away). Those
 * two are one amount with the point put back; undefined when the row is
 * not so.
 */
export function joinLostPoint(pieces: readonly ValuePiece[], columns: readonly ColumnSpec[]): { pieces: ValuePiece[]; joined: ValuePiece } | undefined {
  if (pieces.length !== columns.length + 1 || columns[columns.length - 1]?.value !== 'money') return undefined;
  const a = pieces[pieces.length - 2]!,
    b = pieces[pieces.length - 1]!;
  if (a.unit !== 'px' || b.unit !== 'px' || a.page !== b.page || a.unreadable || b.unreadable || !/^\d+$/.test(a.raw) || !/^\d{1,2}$/.test(b.raw)) return undefined;
  const gap = b.box.x - (a.box.x + a.box.w);
  const level = Math.abs(a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2)) < b.box.h / 2;
  if (!level || gap < 0 || gap >= b.box.h) return undefined;
  const raw = `${a.raw}.${b.raw}`;
  const parsed = parseValue(raw);
  if (!parsed) return undefined;
  const joined: ValuePiece = { ...a, raw, parsed: { ...parsed, repairs: [...parsed.repairs, 'decimal-point-restored'] }, box: boxUnion([a.box, b.box]), conf: Math.min(a.conf ?? 1, b.conf ?? 1) };
  return { pieces: [...pieces.slice(0, -2), joined], joined };
}
