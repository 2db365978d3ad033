/**
 * The document as one reading-order stream of atoms (tokens with their page
 * and line), and its label view: the label-normalized text of all atoms with
 * a map from each of its characters back to (atom, offset). Sections, row
 * labels and value regions are all found on this one stream, whatever the
 * source kind.
 */
import type { Box, CellRef, Layout, Page } from '../../core/layout.js';
import { normalizeLabel } from '../../../normalizers/label.js';

/** A table's stretch of the stream, as label-view indexes. */
export interface TableRegion {
  from: number;
  to: number;
}

export interface Atom {
  text: string;
  page: number;
  unit: Page['unit'];
  /** Index of the atom's line in `Stream.lines`. */
  line: number;
  box: Box;
  conf?: number;
  cell?: CellRef;
}

export interface StreamLine {
  page: number;
  first: number;
  end: number;
  box: Box;
  /** The line's x positions are offsets in running text, not columns (see `Line.running`). */
  running?: boolean;
}

/** A position in the stream: an atom and a character offset inside it. */
export interface Pos {
  atom: number;
  offset: number;
}

export interface Stream {
  atoms: Atom[];
  lines: StreamLine[];
  /** Label-normalized text of all atoms, concatenated. */
  norm: string;
  /** For each character of `norm`: its atom and offset. */
  normPos: Pos[];
  /** For each atom, the index in `norm` where its characters start. */
  atomNormStart: number[];
}

export function buildStream(layout: Layout): Stream {
  const atoms: Atom[] = [];
  const lines: StreamLine[] = [];
  for (const page of layout.pages) {
    for (const line of page.lines) {
      const first = atoms.length;
      for (const t of line.tokens) {
        atoms.push({ text: t.text, page: page.number, unit: page.unit, line: lines.length, box: t.box, conf: t.conf, cell: t.cell });
      }
      lines.push({ page: page.number, first, end: atoms.length, box: line.box, ...(line.running ? { running: true } : {}) });
    }
  }
  let norm = '';
  const normPos: Pos[] = [];
  const atomNormStart: number[] = [];
  atoms.forEach((a, i) => {
    atomNormStart.push(norm.length);
    const n = normalizeLabel(a.text);
    norm += n.text;
    for (const off of n.map) normPos.push({ atom: i, offset: off });
  });
  return { atoms, lines, norm, normPos, atomNormStart };
}

/** The stream position of a `norm` index (the end of the stream for an index past it). */
export function posOf(stream: Stream, normIndex: number): Pos {
  if (normIndex < stream.normPos.length) return stream.normPos[normIndex]!;
  return { atom: stream.atoms.length, offset: 0 };
}

/**
 * The stream position just after the label-view character before `normIndex`:
 * where a region that follows a label begins, so that punctuation-only values
 * printed right after it (`/`, `—`, `-4`) stay inside the region.
 */
export function afterPos(stream: Stream, normIndex: number): Pos {
  if (normIndex <= 0) return { atom: 0, offset: 0 };
  const p = stream.normPos[normIndex - 1]!;
  return { atom: p.atom, offset: p.offset + 1 };
}

export function comparePos(a: Pos, b: Pos): number {
  return a.atom - b.atom || a.offset - b.offset;
}

/** The pieces of atom text between two stream positions, each with its atom. */
export function sliceAtoms(stream: Stream, from: Pos, to: Pos): { atom: number; start: number; text: string; whole: boolean }[] {
  const out: { atom: number; start: number; text: string; whole: boolean }[] = [];
  for (let i = from.atom; i <= Math.min(to.atom, stream.atoms.length - 1); i++) {
    const t = stream.atoms[i]!.text;
    const s = i === from.atom ? from.offset : 0;
    const e = i === to.atom ? to.offset : t.length;
    if (e > s) out.push({ atom: i, start: s, text: t.slice(s, e), whole: s === 0 && e === t.length });
  }
  return out;
}
