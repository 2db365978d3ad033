/**
 * Page furniture: page numbers (`—3—`, `- 3 -`, `第 3 页 共 4 页`, `3/4`) and
 * running headers or footers (the same line at the top or bottom of several
 * pages). They are removed before anything else reads the pages, so that a
 * page number is never taken for a cell and a table crossing pages reads as
 * one.
 */
import type { Layout, Line, Page } from '../../core/layout.js';

const DECORATED_PAGE_NUMBER = /^(?:[-—–－_~·•]+\s*\d{1,3}\s*[-—–－_~·•]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页|page\s*\d+(\s*of\s*\d+)?)$/i;

/** `3/4` is a page number only at the page's edge, alone, and not past its total (`2 1 0 / 0 0 3` is a row with a blank). */
const SLASH_PAGE_NUMBER = /^(\d{1,3})\s*\/\s*(\d{1,3})$/;
function slashPageNumber(l: Line): boolean {
  const m = SLASH_PAGE_NUMBER.exec(
    l.tokens
      .map((t) => t.text)
      .join(' ')
      .trim(),
  );
  return !!m && Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]);
}

const lineText = (l: Line) =>
  l.tokens
    .map((t) => t.text)
    .join('')
    .replace(/\s+/g, '');
/** Digits vary between pages of a running header (a page number in it); compare without them. */
const shape = (s: string) => s.replace(/\d+/g, '#');

/** How many lines at each end of a page count as its top or bottom. */
const EDGE = 2;

export function removeFurniture(layout: Layout): { layout: Layout; removed: number } {
  const pages = layout.pages;
  const edgeCount = new Map<string, number>();
  for (const p of pages) {
    const seen = new Set<string>();
    for (const l of edgeLines(p)) {
      const s = shape(lineText(l));
      // a running header has words: a row of numbers repeated at two page tops is data
      if (s.length >= 4 && /\p{Script=Han}.*\p{Script=Han}/u.test(s) && !seen.has(s)) {
        seen.add(s);
        edgeCount.set(s, (edgeCount.get(s) ?? 0) + 1);
      }
    }
  }
  const running = new Set([...edgeCount].filter(([, n]) => n >= 2 && pages.length >= 2).map(([s]) => s));
  // a running header that a text dump moved into the page (pdftotext's raw order): the same
  // line of words on several pages; its first appearance on page 1 may be the title itself.
  // Only in a text dump: where lines keep their places, a line of words repeated inside two
  // pages is a table's header printed again over its continuation, which places its columns.
  const anywhere = new Map<string, number>();
  for (const p of layout.kind === 'text' ? pages : []) {
    for (const s of new Set(p.lines.map((l) => shape(lineText(l))))) {
      if (s.length >= 6 && /\p{Script=Han}.*\p{Script=Han}/u.test(s)) anywhere.set(s, (anywhere.get(s) ?? 0) + 1);
    }
  }
  const repeated = new Set([...anywhere].filter(([, n]) => n >= 2).map(([s]) => s));
  let keptTitle = false;
  let removed = 0;
  const titleStart = titleAgencyLine(pages[0]);
  const cleaned = pages.map((p, pi) => {
    const edges = new Set(edgeLines(p));
    const lines = p.lines.filter((l, li) => {
      if (pi === 0 && li === titleStart) return true;
      const t = lineText(l);
      const isEdge = edges.has(l);
      let furniture =
        DECORATED_PAGE_NUMBER.test(t) ||
        (isEdge && slashPageNumber(l)) ||
        (isEdge && running.has(shape(t)) && !/年度报告/.test(t)) ||
        (isEdge && pages.length > 1 && /^\d{1,3}$/.test(t) && Number(t) === pi + 1 && (li === 0 || li === p.lines.length - 1));
      if (!furniture && repeated.has(shape(t))) {
        furniture = !(pi === 0 && !keptTitle && /年度报告|年报/.test(t));
        if (!furniture) keptTitle = true;
      }
      if (furniture) removed++;
      return !furniture;
    });
    return { ...p, lines };
  });
  return { layout: { ...layout, pages: cleaned }, removed };
}

/**
 * The agency's line of a title broken before its year (凤坝县人民政府 /
 * 2022 年政府信息公开工作年度报告): it is the title's, even where the same
 * name runs at the top of every page or signs the report.
 */
function titleAgencyLine(page: Page | undefined): number | undefined {
  if (!page) return undefined;
  const at = page.lines.slice(0, 12).findIndex((l) => /^(?:19|20)\d{2}年度?.*(?:报告|年报)$/.test(lineText(l)));
  return at > 0 && /\p{Script=Han}{2,}$/u.test(lineText(page.lines[at - 1]!)) ? at - 1 : undefined;
}

function edgeLines(p: Page): Line[] {
  if (p.lines.length <= EDGE * 2) return p.lines;
  return [...p.lines.slice(0, EDGE), ...p.lines.slice(-EDGE)];
}
