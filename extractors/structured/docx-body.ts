/**
 * WordprocessingML (`word/document.xml`, parsed by fast-xml-parser with
 * `preserveOrder`) as paragraphs and table grids in document order. Walks
 * are iterative; the parser's own nesting cap bounds the tree's depth.
 */
import type { GridCell } from '../../src/core/layout.js';
import { MAX_COLSPAN } from './grid.js';

/** A node of fast-xml-parser's `preserveOrder` output: `{ tag: children, ':@': attributes }` or `{ '#text': s }`. */
export type XmlNode = Record<string, unknown>;

/** Supplies the automatic list number a paragraph shows (see docx-numbering.ts). */
export interface ParagraphNumbering {
  prefixFor(p: XmlNode): string;
}
const NO_NUMBERING: ParagraphNumbering = { prefixFor: () => '' };

export type DocxBlock = { kind: 'paragraph'; text: string } | { kind: 'table'; cells: GridCell[]; rows: number };

export function tagOf(n: XmlNode): string | undefined {
  for (const k in n) if (k !== ':@') return k;
  return undefined;
}

export function childrenOf(n: XmlNode): XmlNode[] {
  const tag = tagOf(n);
  const v = tag === undefined ? undefined : n[tag];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

export function attrOf(n: XmlNode, name: string): string | undefined {
  const attrs = n[':@'] as Record<string, unknown> | undefined;
  const v = attrs?.['@_' + name];
  return typeof v === 'string' ? v : undefined;
}

function child(n: XmlNode, tag: string): XmlNode | undefined {
  return childrenOf(n).find((c) => tagOf(c) === tag);
}

/** Content that is not the visible text: deletions, field instructions, properties. */
const SKIP = new Set([
  'w:pPr',
  'w:rPr',
  'w:tblPr',
  'w:tblGrid',
  'w:trPr',
  'w:tcPr',
  'w:sectPr',
  'w:del',
  'w:moveFrom',
  'w:delText',
  'w:instrText',
  'w:delInstrText',
  'w:fldChar',
  'w:commentReference',
  'w:footnoteReference',
  'w:endnoteReference',
  'w:bookmarkStart',
  'w:bookmarkEnd',
  'w:proofErr',
  'w:lastRenderedPageBreak',
  'w:sdtPr',
  'w:sdtEndPr',
]);

/**
 * A paragraph's text, split at line breaks (`w:br`, `w:cr`), plus the block
 * content of text boxes anchored in it (laid out after the paragraph).
 */
function paragraphText(p: XmlNode, numbering: ParagraphNumbering): { lines: string[]; anchored: XmlNode[] } {
  const lines: string[] = [];
  const anchored: XmlNode[] = [];
  let cur = numbering.prefixFor(p);
  const stack: XmlNode[] = [];
  pushReversed(stack, childrenOf(p));
  while (stack.length) {
    const n = stack.pop()!;
    const tag = tagOf(n);
    if (tag === undefined || tag === '#text' || SKIP.has(tag)) continue;
    switch (tag) {
      case 'w:t':
        cur += textOf(n);
        continue;
      case 'w:tab':
      case 'w:ptab':
        cur += ' ';
        continue;
      case 'w:br':
      case 'w:cr':
        lines.push(cur);
        cur = '';
        continue;
      case 'w:noBreakHyphen':
        cur += '-';
        continue;
      case 'w:txbxContent':
        pushAll(anchored, childrenOf(n));
        continue;
      case 'mc:AlternateContent': {
        // Choice and Fallback hold the same content twice (DrawingML and VML): read one.
        const kids = childrenOf(n);
        const pick = kids.find((k) => tagOf(k) === 'mc:Choice') ?? kids.find((k) => tagOf(k) === 'mc:Fallback');
        if (pick) pushReversed(stack, childrenOf(pick));
        continue;
      }
      default:
        pushReversed(stack, childrenOf(n));
    }
  }
  lines.push(cur);
  return { lines, anchored };
}

/**
 * Push many items onto a stack or list. A spread (`push(...items)`) passes
 * every item as an argument, and a hostile document with 150,000 siblings
 * overflows the call stack that way.
 */
function pushAll<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}

/** Push items so that the first is popped first. */
function pushReversed<T>(stack: T[], items: readonly T[]): void {
  for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!);
}

function textOf(t: XmlNode): string {
  let s = '';
  for (const c of childrenOf(t)) if (typeof c['#text'] === 'string') s += c['#text'];
  return s;
}

/** True when a table holds another table in one of its cells: page layout, not data. */
function holdsTable(tbl: XmlNode): boolean {
  const stack: XmlNode[] = [];
  pushAll(stack, childrenOf(tbl));
  while (stack.length) {
    const n = stack.pop()!;
    if (tagOf(n) === 'w:tbl') return true;
    pushAll(stack, childrenOf(n));
  }
  return false;
}

/**
 * What a node holds, in document order: each paragraph's lines (and what is
 * anchored in it), and, where `tables` says, each table that is content and
 * not page layout, whole. Everything else (layout tables, content controls,
 * custom XML, tracked insertions, and tables where `tables` is off) is read
 * for what it holds.
 */
function* contentOf(node: XmlNode, numbering: ParagraphNumbering, tables: boolean): Generator<{ lines: string[] } | { table: XmlNode }> {
  const stack: XmlNode[] = [];
  pushReversed(stack, childrenOf(node));
  while (stack.length) {
    const n = stack.pop()!;
    const tag = tagOf(n);
    if (tag === undefined || tag === '#text' || SKIP.has(tag)) continue;
    if (tag === 'w:p') {
      const { lines, anchored } = paragraphText(n, numbering);
      yield { lines };
      pushReversed(stack, anchored);
    } else if (tables && tag === 'w:tbl' && !holdsTable(n)) yield { table: n };
    else pushReversed(stack, childrenOf(n));
  }
}

/**
 * The body's blocks in document order. A table that holds tables is page
 * layout: its cells are read as body content, so the tables inside come out
 * as tables of their own.
 */
export function docxBlocks(body: XmlNode, numbering: ParagraphNumbering = NO_NUMBERING): DocxBlock[] {
  const out: DocxBlock[] = [];
  for (const c of contentOf(body, numbering, true)) {
    if ('table' in c) out.push(readTable(c.table, numbering));
    else for (const l of c.lines) if (l.trim()) out.push({ kind: 'paragraph', text: l });
  }
  return out;
}

/** Elements under `parent` with `tag`, looking through wrappers (content controls, custom XML) but not into other tags. */
function collect(parent: XmlNode, tag: string, through: ReadonlySet<string>): XmlNode[] {
  const out: XmlNode[] = [];
  const stack: XmlNode[] = [];
  pushReversed(stack, childrenOf(parent));
  while (stack.length) {
    const n = stack.pop()!;
    const t = tagOf(n);
    if (t === tag) out.push(n);
    else if (t !== undefined && through.has(t)) pushReversed(stack, childrenOf(n));
  }
  return out;
}
const WRAPPERS = new Set(['w:sdt', 'w:sdtContent', 'w:customXml', 'w:ins', 'w:moveTo', 'w:smartTag']);

function intAttr(n: XmlNode | undefined, dflt: number): number {
  const v = n ? attrOf(n, 'w:val') : undefined;
  const m = v === undefined ? null : /^\s*(\d{1,6})/.exec(v);
  return m ? Number(m[1]) : dflt;
}

/**
 * A data table as grid cells. Columns come from `w:gridBefore` and each
 * cell's `w:gridSpan`; `w:vMerge` restart opens a cell that continuation
 * cells below (`continue`, or a bare `<w:vMerge/>`) extend downward.
 */
function readTable(tbl: XmlNode, numbering: ParagraphNumbering): DocxBlock {
  const cells: GridCell[] = [];
  const open = new Map<number, GridCell>(); // column → the vertically merged cell still open there
  const rows = collect(tbl, 'w:tr', WRAPPERS);
  rows.forEach((tr, r) => {
    const trPr = child(tr, 'w:trPr');
    let col = Math.min(intAttr(trPr && child(trPr, 'w:gridBefore'), 0), MAX_COLSPAN);
    for (const tc of collect(tr, 'w:tc', WRAPPERS)) {
      const tcPr = child(tc, 'w:tcPr');
      const span = Math.max(1, Math.min(intAttr(tcPr && child(tcPr, 'w:gridSpan'), 1), MAX_COLSPAN));
      const vMergeEl = tcPr && child(tcPr, 'w:vMerge');
      const vMerge = vMergeEl ? (attrOf(vMergeEl, 'w:val') ?? 'continue') : undefined;
      const text = cellText(tc, numbering);
      const above = open.get(col);
      if (vMerge === 'continue' && above) {
        above.rowSpan = r - above.row + 1;
        if (text.trim()) above.text += ' ' + text; // Word keeps merged text in the first cell; never lose stray text
      } else {
        const cell: GridCell = { text, row: r, col, rowSpan: 1, colSpan: span };
        cells.push(cell);
        for (let c = col; c < col + span; c++) open.delete(c);
        if (vMerge === 'restart') open.set(col, cell);
      }
      col += span;
    }
    // A merge not continued in this row has ended.
    for (const [c, cell] of open) if (cell.row + cell.rowSpan - 1 < r) open.delete(c);
  });
  return { kind: 'table', cells, rows: rows.length };
}

/** A cell's text: its paragraphs and line breaks joined by spaces (a table inside it read as its text). */
function cellText(tc: XmlNode, numbering: ParagraphNumbering): string {
  const parts: string[] = [];
  for (const c of contentOf(tc, numbering, false)) if ('lines' in c) pushAll(parts, c.lines);
  return parts.join(' ');
}
