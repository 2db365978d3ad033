/**
 * PDFs: the text layer through pdf.js where a page has one (`pdf-text`),
 * OCR of the page image where it has none (`pdf-scan`). Coordinates become
 * top-left based points in the page's upright reading frame (its /Rotate
 * applied, and turned further when most of its text is drawn turned:
 * pdf-frame.ts); items are split on spaces (some producers put a whole table
 * row in one item) and grouped into lines by vertical overlap.
 */
import { NianbaoError } from '../src/core/errors.js';
import type { Layout, Page, Token } from '../src/core/layout.js';
import { makeLine } from '../src/core/layout.js';
import { cleanText, displayWidth } from '../normalizers/text.js';
import { compose, readingTurn, stretchBox } from './pdf-frame.js';
import { openPdf, pdfjs, type PDFDocumentProxy } from './pdfjs.js';
import { MAX_SCANNED_PAGES, type ExtractorOptions } from './types.js';

/** A page with fewer visible characters than this in its text layer is treated as a scan. */
const MIN_TEXT_CHARS = 12;

export async function extractPdf(bytes: Uint8Array, options: ExtractorOptions): Promise<Layout> {
  const { doc, close } = await openPdf(bytes, options.file);
  try {
    if (doc.numPages === 0) throw new NianbaoError('unreadable', 'the PDF has no pages', { file: options.file });
    const pages: (Page | undefined)[] = [];
    const scanned: number[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await readTextPage(doc, n);
      const chars = page.lines.reduce((s, l) => s + l.tokens.reduce((t, k) => t + k.text.length, 0), 0);
      // a page with little text is a scan only if it shows an image (else it is a sparse last page)
      const scan = chars < MIN_TEXT_CHARS && (await hasImage(doc, n));
      if (scan) scanned.push(n);
      pages.push(scan ? undefined : page);
    }
    if (scanned.length === 0) return { kind: 'pdf-text', pages: pages as Page[], findings: [] };
    const { ocrPdfPages, makeInkAt, makeReread, ocrOptions } = await import('./pdf-scan.js');
    const findings: Layout['findings'] = [];
    // a scanned archive bundle of thousands of pages is not one report: read the first pages, say so
    const limit = options.ocr?.maxPages ?? MAX_SCANNED_PAGES;
    if (scanned.length > limit) {
      findings.push({
        code: 'pages-not-read',
        severity: 'warning',
        message: `the PDF has ${scanned.length} scanned pages; the first ${limit} were read and pages ${scanned[limit]}–${scanned[scanned.length - 1]} were not (a report is rarely longer; raise the limit with --max-pages)`,
        stage: 'extract',
      });
      for (const n of scanned.splice(limit)) pages[n - 1] = undefined;
    }
    const ocred = await ocrPdfPages(doc, scanned, options, findings);
    for (const p of ocred) pages[p.number - 1] = p;
    return {
      kind: 'pdf-scan',
      pages: pages.filter((p): p is Page => p !== undefined),
      findings,
      reread: makeReread(ocred, ocrOptions(options)),
      inkAt: makeInkAt(ocred),
    };
  } catch (err) {
    if (err instanceof NianbaoError) throw err;
    throw new NianbaoError('unreadable', `the PDF could not be read (${(err as Error)?.message ?? err})`, { file: options.file, cause: err });
  } finally {
    await close();
  }
}

const IMAGE_OPS = new Set([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintInlineImageXObject, pdfjs.OPS.paintImageMaskXObject, pdfjs.OPS.paintImageXObjectRepeat]);

async function hasImage(doc: PDFDocumentProxy, n: number): Promise<boolean> {
  const ops = await (await doc.getPage(n)).getOperatorList();
  return ops.fnArray.some((f) => IMAGE_OPS.has(f));
}

interface RawItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

async function readTextPage(doc: PDFDocumentProxy, n: number): Promise<Page> {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  const items = (content.items as RawItem[]).filter((item) => typeof item.str === 'string' && item.str.trim());
  // the page as displayed (its /Rotate applied), then turned further if most of its text is drawn turned
  const turn = readingTurn(items, page.getViewport({ scale: 1 }).transform);
  const viewport = page.getViewport({ scale: 1, rotation: (page.rotate + turn) % 360 });
  const tokens = items.flatMap((item) => itemTokens(item, viewport.transform));
  page.cleanup();
  const out: Page = { number: n, width: viewport.width, height: viewport.height, unit: 'pt', lines: groupLines(tokens) };
  return turn ? { ...out, turn } : out;
}

/** One pdf.js item into tokens in the reading frame `view`, split on runs of spaces, x estimated by display width. */
function itemTokens(item: RawItem, view: readonly number[]): Token[] {
  const [a = 1, b = 0, , d = 1] = item.transform;
  const h = item.height || Math.hypot(a, b) || Math.abs(d) || 10;
  const m = compose(view, item.transform);
  const text = cleanText(item.str);
  const totalW = displayWidth(text) || 1;
  const out: Token[] = [];
  let offset = 0;
  for (const part of text.split(/(\s+)/)) {
    const w = displayWidth(part);
    if (part.trim()) out.push({ text: part, box: stretchBox(m, item.width, h, offset / totalW, (offset + w) / totalW) });
    offset += w;
  }
  return out;
}

/** Tokens whose vertical centres lie within half a line height of each other form a line. */
export function groupLines(tokens: Token[]) {
  const sorted = [...tokens].sort((p, q) => p.box.y + p.box.h / 2 - (q.box.y + q.box.h / 2));
  const lines: Token[][] = [];
  let current: Token[] = [];
  let centre = -Infinity;
  let height = 0;
  for (const t of sorted) {
    const c = t.box.y + t.box.h / 2;
    if (current.length && Math.abs(c - centre) <= Math.max(2, Math.min(height, t.box.h) * 0.5)) {
      current.push(t);
      centre = (centre * (current.length - 1) + c) / current.length;
      height = Math.max(height, t.box.h);
    } else {
      if (current.length) lines.push(current);
      current = [t];
      centre = c;
      height = t.box.h;
    }
  }
  if (current.length) lines.push(current);
  return lines.map((l) => makeLine(mergeTouching(l)));
}

/**
 * Pieces of one word that a producer wrote as separate items (a number split
 * by kerning: `20` `44` for 2044) touch each other: join them. Cells of a
 * table are always further apart than a fifth of the font size.
 */
function mergeTouching(tokens: Token[]): Token[] {
  const sorted = [...tokens].sort((a, b) => a.box.x - b.box.x);
  const out: Token[] = [];
  for (const t of sorted) {
    const prev = out[out.length - 1];
    const gap = prev ? t.box.x - (prev.box.x + prev.box.w) : Infinity;
    if (prev && gap < Math.min(prev.box.h, t.box.h) * 0.2 && gap > -Math.min(prev.box.w, t.box.w) * 0.5) {
      const x = Math.min(prev.box.x, t.box.x);
      const y = Math.min(prev.box.y, t.box.y);
      out[out.length - 1] = {
        ...prev,
        text: prev.text + t.text,
        box: { x, y, w: Math.max(prev.box.x + prev.box.w, t.box.x + t.box.w) - x, h: Math.max(prev.box.y + prev.box.h, t.box.y + t.box.h) - y },
      };
    } else out.push(t);
  }
  return out;
}
