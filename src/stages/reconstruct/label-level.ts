/**
 * Where a scan's values stand against their row's label: a row's own line
 * of values is level with its label's words, and a line level with the
 * form's next row's label (a group's label read on its first row's line,
 * that row's wrapped label read after them) is that row's (table.ts).
 */
import { posOf, type Stream } from './stream.js';
import type { ValuePiece } from './values.js';

/**
 * A scan's row with more values than cells, over several lines: those level
 * with its label, where some are and others not. The others belong to a
 * row below whose label OCR read later: a group's label (（六）其他处理)
 * standing on the line of its first row's values, that row's label wrapped
 * in its cell and read after them. Only where the level ones are at least as
 * many as the others: a row's own line holds most of its values.
 */
export function levelWithLabel(label: LabelExtent | undefined, pieces: ValuePiece[], n: number): ValuePiece[] {
  const values = (ps: ValuePiece[]) => ps.filter((p) => !p.unreadable).length;
  if (values(pieces) <= n || pieces[0]?.unit !== 'px') return pieces;
  const level = pieces.filter((p) => isLevel(label, p));
  return values(level) > 0 && values(level) >= values(pieces) - values(level) && level.length < pieces.length ? level : pieces;
}

/** The height a row's label spans on its page: its words' boxes (tesseract boxes a label wrapped in its cell whole, or line by line). */
export interface LabelExtent {
  page: number;
  top: number;
  bottom: number;
}

export function labelExtent(stream: Stream, a: { start: number; end: number }): LabelExtent | undefined {
  const first = posOf(stream, a.start).atom,
    last = posOf(stream, Math.max(a.start, a.end - 1)).atom;
  const page = stream.atoms[first]?.page;
  // (values printed inside a label broken over lines lie within its span: words only)
  const words = stream.atoms.slice(first, last + 1).filter((t) => t.page === page && /[^\d\s.\-]/.test(t.text));
  if (page === undefined || !words.length) return undefined;
  return { page, top: Math.min(...words.map((t) => t.box.y)), bottom: Math.max(...words.map((t) => t.box.y + t.box.h)) };
}

/** Whether a value's middle stands within a label's height, on its page. */
export function isLevel(label: LabelExtent | undefined, p: ValuePiece): boolean {
  const middle = p.box.y + p.box.h / 2;
  return !!label && p.page === label.page && middle >= label.top && middle <= label.bottom;
}
