/**
 * Builds the `cell`-unit Layout both structured extractors (HTML, DOCX)
 * produce: paragraphs as one-token lines and tables as grids, in document
 * order, on one running y.
 */
import type { Finding } from '../../src/core/findings.js';
import { gridToLines, type GridCell, type Layout, type Line } from '../../src/core/layout.js';
import { gridWidth } from './grid.js';

/** Zero-width and direction marks, BOMs, soft hyphens: invisible, but they break label matching. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]/g;

/**
 * NFKC (full-width digits, Kangxi radicals), invisible characters out, every
 * run of whitespace (NBSP and U+3000 included) one space, trimmed.
 */
export function cleanInline(s: string): string {
  return s
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim();
}

export class StructuredLayoutBuilder {
  private readonly lines: Line[] = [];
  private y = 0;
  private tables = 0;
  private width = 1;

  /** One paragraph, heading or other block of text: a one-token line at x = 0. */
  paragraph(raw: string): void {
    const text = cleanInline(raw);
    if (!text) return;
    const box = { x: 0, y: this.y, w: 1, h: 1 };
    this.lines.push({ tokens: [{ text, box }], box });
    this.y++;
  }

  /**
   * One table: cells already at their grid columns, `rowCount` rows (empty
   * rows included, so the y of every row is its grid row).
   */
  table(cells: readonly GridCell[], rowCount: number): void {
    const cleaned = cells.map((c) => ({ ...c, text: cleanInline(c.text) }));
    this.lines.push(...gridToLines(cleaned, this.tables, this.y));
    this.tables++;
    this.y += rowCount;
    this.width = Math.max(this.width, gridWidth(cleaned));
  }

  get tableCount(): number {
    return this.tables;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  build(kind: 'html' | 'docx', findings: Finding[], declaredTitle?: string): Layout {
    const title = declaredTitle === undefined ? undefined : cleanInline(declaredTitle);
    return {
      kind,
      pages: [{ number: 1, width: this.width, height: Math.max(this.y, 1), unit: 'cell', lines: this.lines }],
      findings,
      ...(title ? { declaredTitle: title } : {}),
    };
  }
}

/**
 * The report's title as a paragraph states it: 政府信息公开(工作)年度报告, or
 * its common short forms, with a year. Used for picking the declared title
 * and the content root; a long line is narrative that merely mentions the report.
 */
export function looksLikeReportTitle(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  // A year too: a category name (政府信息公开年报) in a breadcrumb or menu has none.
  return t.length <= 100 && /(政府信息公开|政务公开|信息公开).{0,8}(年度报告|年报)/.test(t) && /\d{4}|[〇零一二三四五六七八九]{4}/.test(t);
}

/** The six section headings of the national format (一、总体情况 … 六、其他需要报告的事项). */
export function looksLikeSectionHeading(text: string): boolean {
  return /^[一二三四五六七八][、.,，．]\s*(总体情况|概述|主动公开|收到和处理|政府信息公开行政复议|行政复议|因政府信息公开|存在的主要问题|其他需要报告)/.test(text.trim());
}
