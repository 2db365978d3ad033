/**
 * HTML reports (pages saved from government sites): decoded by BOM, declared
 * charset or sniffing, parsed by parse5 (the browsers' algorithm, which gets
 * unclosed cells and stray tags right), reduced to the report's own content
 * and laid out in `cell` units: paragraphs as lines, tables as grids.
 */
import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import { NianbaoError } from '../src/core/errors.js';
import type { Finding } from '../src/core/findings.js';
import type { Layout } from '../src/core/layout.js';
import { cleanInline, looksLikeReportTitle, StructuredLayoutBuilder } from './structured/builder.js';
import { htmlBlocks } from './structured/html-blocks.js';
import { selectReportContent } from './structured/html-content.js';
import { decodeHtml } from './structured/html-decode.js';
import type { ExtractorOptions } from './types.js';

/** Report pages are well under a few MB; beyond this parse5's tree would cost gigabytes. */
export const MAX_HTML_BYTES = 32 * 1024 * 1024;

export async function extractHtml(bytes: Uint8Array, options: ExtractorOptions): Promise<Layout> {
  const { file } = options;
  if (bytes.length > MAX_HTML_BYTES) {
    throw new NianbaoError('too-large', `the HTML page is ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_HTML_BYTES / 1048576} MiB limit for web pages`, { file });
  }
  const decoded = decodeHtml(bytes);
  const findings: Finding[] = [...decoded.findings];
  const doc = parse(decoded.text, { scriptingEnabled: true });
  const html = childElement(doc, 'html');
  const body = (html && (childElement(html, 'body') ?? childElement(html, 'frameset'))) ?? html;
  if (!body) throw new NianbaoError('unreadable', 'the HTML page has no document element', { file });

  const page = htmlBlocks(body);
  const content = selectReportContent(page, body);
  if (!content.rootFound) {
    findings.push({
      code: 'html-no-report-structure',
      severity: 'info',
      message: 'no section headings (一、总体情况 …) or report tables were recognised in the page; the whole page was kept apart from obvious site chrome',
      stage: 'extract',
    });
  }
  if (content.dropped > 0) {
    findings.push({
      code: 'html-chrome-dropped',
      severity: 'info',
      message: `${content.dropped} line(s) of site chrome (banner, navigation, counters, footer) outside the report's content were left out`,
      stage: 'extract',
    });
  }

  const builder = new StructuredLayoutBuilder();
  for (const b of content.blocks) {
    if (b.kind === 'text') builder.paragraph(b.text);
    else {
      if (b.caption) builder.paragraph(b.caption);
      builder.table(b.cells, b.rows);
    }
  }
  const declaredTitle = content.title ? content.title.text : documentTitle(doc);
  return builder.build('html', findings, declaredTitle);
}

function childElement(parent: T.ParentNode, tag: string): T.Element | undefined {
  return parent.childNodes.find((c): c is T.Element => 'tagName' in c && c.tagName === tag);
}

/**
 * `<title>`, without the site name CMSs append (`…年度报告_某某市人民政府网`):
 * the part that names the report when one does, else the whole.
 */
function documentTitle(doc: T.Document): string | undefined {
  const head = childElement(doc, 'html');
  const title = head && childElement(childElement(head, 'head') ?? head, 'title');
  if (!title) return undefined;
  const text = cleanInline(title.childNodes.map((c) => (c.nodeName === '#text' ? (c as T.TextNode).value : '')).join(''));
  if (!text) return undefined;
  const parts = text.split(/\s*(?:_|\||｜|—|--| - )\s*/).filter(Boolean);
  return parts.find(looksLikeReportTitle) ?? text;
}
