/**
 * An HTML document (parse5 tree) as a flat list of blocks in document order:
 * lines of text and data tables. Every walk is iterative (explicit stacks),
 * so a page nested ten thousand levels deep cannot overflow the call stack.
 */
import type { DefaultTreeAdapterTypes as T } from 'parse5';
import type { GridCell } from '../../src/core/layout.js';
import { placeSpannedRows, type SpannedCell } from './grid.js';

export interface TextBlock {
  kind: 'text';
  text: string;
  /** Document-order index of the element holding the text (see `ElementSpan`). */
  order: number;
  el: T.Element;
  /** The nearest block element (p, div, td, h1 …) around the text. */
  container: T.Element;
  /** Every character of the line is link text (`<a>`): navigation, related articles. */
  allLink: boolean;
  /** Inside `<h1>`–`<h3>`. */
  heading: boolean;
}

export interface TableBlock {
  kind: 'table';
  cells: GridCell[];
  rows: number;
  /** `<caption>` text, or ''. */
  caption: string;
  order: number;
  el: T.Element;
}

export type Block = TextBlock | TableBlock;

/** Document-order interval of an element: its own index and its last descendant's. */
export interface ElementSpan {
  enter: number;
  exit: number;
}

export interface HtmlBlocks {
  blocks: Block[];
  spans: Map<T.Element, ElementSpan>;
  /** Elements that look like site chrome by tag, class or id. */
  chrome: T.Element[];
}

/** Never rendered as text, or never report text. */
// prettier-ignore
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'svg', 'math', 'iframe', 'object', 'embed',
  'canvas', 'select', 'textarea', 'button', 'input', 'audio', 'video', 'map', 'xml',
]);

/** Elements that start and end a line of text. */
// prettier-ignore
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td',
  'th', 'caption', 'ul', 'legend', 'html', 'frameset', 'frame',
]);

const CHROME_TAGS = new Set(['header', 'nav', 'footer', 'aside']);
/** class/id words that name site chrome (Chinese government CMSs use these English words too). */
const CHROME_NAMES =
  /(^|[\s_-])(nav|navbar|navigation|menu|footer|foot|breadcrumbs?|crumbs?|position|location|share|bdshare|sidebar|side|banner|toolbar|copyright|pagination|pager|topbar|header|head)([\s_-]|\d|$)/i;

export function attr(el: T.Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function isElement(n: T.Node): n is T.Element {
  return 'tagName' in n;
}

function isHidden(el: T.Element): boolean {
  if (el.attrs.some((a) => a.name === 'hidden')) return true;
  const style = attr(el, 'style');
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style.slice(0, 2000));
}

function isChromeElement(el: T.Element): boolean {
  if (CHROME_TAGS.has(el.tagName)) return true;
  // Only the first few hundred characters: a megabyte-long class attribute is not worth a regex.
  const names = `${(attr(el, 'class') ?? '').slice(0, 300)} ${(attr(el, 'id') ?? '').slice(0, 300)}`;
  return CHROME_NAMES.test(names);
}

/**
 * Tables whose cells hold other tables: page layout, not data. Their cells
 * are read as ordinary containers, so the real tables inside come out as
 * tables of their own.
 */
export function findLayoutTables(root: T.ParentNode): Set<T.Element> {
  const layout = new Set<T.Element>();
  const stack: T.Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (isElement(n) && n.tagName === 'table') {
      for (let p = n.parentNode; p && isElement(p); p = p.parentNode) {
        if (p.tagName !== 'table') continue;
        if (layout.has(p)) break; // its ancestors were marked when it was
        layout.add(p);
      }
    }
    if ('childNodes' in n) for (const c of n.childNodes) stack.push(c);
  }
  return layout;
}

/** Walk the document into blocks. `root` is usually `<body>`. */
export function htmlBlocks(root: T.Element): HtmlBlocks {
  const layoutTables = findLayoutTables(root);
  const blocks: Block[] = [];
  const spans = new Map<T.Element, ElementSpan>();
  const chrome: T.Element[] = [];

  type Frame = { node: T.Node; exit: false } | { el: T.Element; exit: true };
  const stack: Frame[] = [{ node: root, exit: false }];
  const open: T.Element[] = [];
  const openBlocks: T.Element[] = [];
  let order = 0;
  let linkDepth = 0;
  let headingDepth = 0;
  let preDepth = 0;

  let buf: string[] = [];
  let bufEl: T.Element | null = null;
  let bufContainer: T.Element | null = null;
  let bufAllLink = true;
  let bufHeading = false;

  const flush = () => {
    if (bufEl && bufContainer && buf.join('').trim()) {
      const text = buf.join('');
      blocks.push({ kind: 'text', text, order: spans.get(bufEl)!.enter, el: bufEl, container: bufContainer, allLink: bufAllLink, heading: bufHeading });
    }
    buf = [];
    bufEl = null;
    bufContainer = null;
    bufAllLink = true;
    bufHeading = false;
  };
  const append = (s: string) => {
    const owner = open[open.length - 1];
    if (!owner) return;
    if (s.trim()) {
      if (!bufEl) {
        bufEl = owner;
        bufContainer = openBlocks[openBlocks.length - 1] ?? owner;
      }
      bufAllLink &&= linkDepth > 0;
      bufHeading ||= headingDepth > 0;
    }
    buf.push(s);
  };

  while (stack.length) {
    const f = stack.pop()!;
    if (f.exit) {
      const el = f.el;
      spans.get(el)!.exit = order - 1;
      open.pop();
      if (openBlocks[openBlocks.length - 1] === el) openBlocks.pop();
      if (el.tagName === 'a') linkDepth--;
      if (/^h[1-3]$/.test(el.tagName)) headingDepth--;
      if (el.tagName === 'pre') preDepth--;
      if (BLOCK.has(el.tagName)) flush();
      continue;
    }
    const n = f.node;
    if (n.nodeName === '#text') {
      const value = (n as T.TextNode).value;
      if (preDepth > 0 && value.includes('\n')) {
        value.split('\n').forEach((part, i) => {
          if (i > 0) flush();
          append(part);
        });
      } else append(value);
      continue;
    }
    if (!isElement(n)) continue; // comments, doctype
    const tag = n.tagName;
    if (SKIP.has(tag) || isHidden(n)) continue;
    const enter = order++;
    spans.set(n, { enter, exit: enter });
    if (isChromeElement(n)) chrome.push(n);
    if (tag === 'br' || tag === 'hr') {
      // A heading broken over two lines (agency <br> year + 年度报告) is still one title.
      if (tag === 'br' && headingDepth > 0) append(' ');
      else flush();
      continue;
    }
    if (tag === 'table' && !layoutTables.has(n)) {
      flush();
      blocks.push(readTable(n, enter));
      continue;
    }
    if (BLOCK.has(tag)) flush();
    if (tag === 'a') linkDepth++;
    if (/^h[1-3]$/.test(tag)) headingDepth++;
    if (tag === 'pre') preDepth++;
    open.push(n);
    if (BLOCK.has(tag)) openBlocks.push(n);
    stack.push({ el: n, exit: true });
    const kids = n.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, exit: false });
  }
  flush();
  return { blocks, spans, chrome };
}

/** A data table (no tables inside) as placed grid cells. */
function readTable(table: T.Element, order: number): TableBlock {
  const rows: SpannedCell[][] = [];
  for (const tr of tableRows(table)) {
    const cells: SpannedCell[] = [];
    for (const c of tr.childNodes) {
      if (!isElement(c) || (c.tagName !== 'td' && c.tagName !== 'th')) continue;
      cells.push({ text: cellText(c), rowSpan: spanAttr(attr(c, 'rowspan'), 1, true), colSpan: spanAttr(attr(c, 'colspan'), 1, false) });
    }
    rows.push(cells);
  }
  const cap = table.childNodes.find((c): c is T.Element => isElement(c) && c.tagName === 'caption');
  return { kind: 'table', cells: placeSpannedRows(rows), rows: rows.length, caption: cap ? cellText(cap) : '', order, el: table };
}

function tableRows(table: T.Element): T.Element[] {
  const rows: T.Element[] = [];
  for (const c of table.childNodes) {
    if (!isElement(c)) continue;
    if (c.tagName === 'tr') rows.push(c);
    else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot') {
      for (const r of c.childNodes) if (isElement(r) && r.tagName === 'tr') rows.push(r);
    }
  }
  return rows;
}

/** HTML's rules for span attributes: leading digits; rowspan 0 means "to the end", colspan 0 means 1. */
function spanAttr(v: string | undefined, dflt: number, zeroAllowed: boolean): number {
  const m = /^\s*(\d{1,6})/.exec(v ?? '');
  if (!m) return dflt;
  const n = Number(m[1]);
  if (n === 0) return zeroAllowed ? 0 : 1;
  return n;
}

/** A cell's text: `<br>` and block elements inside it become spaces (the caller collapses them). */
function cellText(cell: T.Element): string {
  const out: string[] = [];
  const stack: T.Node[] = [cell];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.nodeName === '#text') {
      out.push((n as T.TextNode).value);
      continue;
    }
    if (!isElement(n)) continue;
    if (n !== cell && (SKIP.has(n.tagName) || isHidden(n))) continue;
    if (n.tagName === 'br' || (n !== cell && BLOCK.has(n.tagName))) out.push(' ');
    const kids = n.childNodes;
    // Block elements close with a space too: push a marker after their children.
    if (n !== cell && BLOCK.has(n.tagName)) stack.push({ nodeName: '#text', value: ' ' } as T.TextNode);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out.join('');
}
