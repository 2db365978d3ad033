/**
 * Which blocks of a web page are the report: the content root is the lowest
 * element holding the report's section headings and data tables (the CMS
 * article body); the banner, breadcrumb, view counters, footer and side
 * columns around it are site chrome. The report's title is kept even when
 * the page prints it above the article body.
 */
import type { DefaultTreeAdapterTypes as T } from 'parse5';
import { cleanInline, looksLikeReportTitle, looksLikeSectionHeading } from './builder.js';
import type { Block, HtmlBlocks, TextBlock } from './html-blocks.js';

/** Labels that make a table one of the report's (not a calendar or a layout remnant). */
const REPORT_TABLE_LABEL = /(自然人|予以公开|行政复议|信息内容|申请人情况|规章|行政许可|结果维持|本年制发|本年新制作)/;

/** Tags that cannot be a content root: a root is a container of blocks. */
// prettier-ignore
const NOT_CONTAINER = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'caption', 'pre', 'span', 'font',
  'strong', 'b', 'em', 'i', 'u', 'a', 'li', 'ul', 'ol', 'label', 'small', 'big', 'sup', 'sub',
]);

/**
 * Short lines that are page furniture wherever they sit: view counters, font
 * size switches, print/close links, "you are here", site footers.
 */
const CHROME_LINE = [
  /^(当前位置|您当前的位置|您现在的位置|当前所在位置|所在位置)\s*[:：]/,
  /(浏览次数|浏览量|访问次数|访问量|阅读次数|阅读量|点击次数|点击数|点击量)\s*[:：]/,
  /[【\[]?\s*字号\s*[:：]?\s*[大中小]/,
  /^[【\[]?\s*(打印本页|打印|关闭窗口|关闭|返回顶部|收藏|分享到)\s*[】\]]?\s*([【\[]|$)/,
  // With their colon: 技术支持 or 主办 can occur in narrative, "技术支持：某某公司" cannot.
  /(主办单位|承办单位|网站标识码|技术支持)\s*[:：]|ICP备\s*\d|公网安备\s*\d|版权所有\s*[:：©(（]/,
  /^(发布时间|发布日期|信息来源|来源|作者|责任编辑|编辑)\s*[:：]/,
];
const CHROME_LINE_MAX = 160;

export function isChromeLine(text: string): boolean {
  const t = cleanInline(text);
  return t.length <= CHROME_LINE_MAX && CHROME_LINE.some((re) => re.test(t));
}

export function isReportTable(b: Block): boolean {
  return b.kind === 'table' && b.cells.some((c) => REPORT_TABLE_LABEL.test(c.text.replace(/\s+/g, '')));
}

export interface ReportContent {
  /** The blocks to lay out, in document order. */
  blocks: Block[];
  /** The title line, when the page prints one (kept even outside the content root). */
  title?: TextBlock;
  /** Text lines left out as chrome. */
  dropped: number;
  /** False when no headings or report tables were found and the whole page was kept (less chrome). */
  rootFound: boolean;
}

export function selectReportContent(page: HtmlBlocks, body: T.Element): ReportContent {
  const { blocks, spans } = page;
  const anchors = blocks.filter((b) => (b.kind === 'text' && !b.allLink && looksLikeSectionHeading(cleanInline(b.text))) || isReportTable(b));
  const titleCandidates = blocks.filter((b): b is TextBlock => b.kind === 'text' && !b.allLink && !isChromeLine(b.text) && looksLikeReportTitle(cleanInline(b.text)));
  const title = titleCandidates.find((b) => b.heading) ?? titleCandidates[0];

  let root = body;
  let rootFound = false;
  if (anchors.length >= 2) {
    // The title widens the root to the whole article (heading, body, signature), not just the editor box.
    root = lowestCommonAncestor(
      [...anchors, ...(title ? [title] : [])].map((a) => a.el),
      body,
    );
    while (root !== body && NOT_CONTAINER.has(root.tagName) && root.parentNode && 'tagName' in root.parentNode) {
      root = root.parentNode as T.Element;
    }
    rootFound = true;
  }
  const rootSpan = spans.get(root)!;
  const inside = (order: number, s: { enter: number; exit: number }) => s.enter <= order && order <= s.exit;

  // Chrome by tag/class/id, unless it holds part of the report (a CMS may call its article box "head-content").
  const anchorOrders = anchors.map((a) => a.order);
  const chromeSpans = page.chrome.map((el) => spans.get(el)!).filter((s) => s !== rootSpan && !anchorOrders.some((o) => inside(o, s)) && !inside(rootSpan.enter, s));

  // A title printed as two paragraphs (agency, then 2024年…年度报告) above the article body: keep both.
  const keepOutside = new Set<Block>(title ? [title] : []);
  const before = title ? blocks[blocks.indexOf(title) - 1] : undefined;
  if (
    title &&
    before?.kind === 'text' &&
    (before.container === title.container || before.container.parentNode === title.container.parentNode) &&
    !before.allLink &&
    cleanInline(before.text).length <= 40 &&
    !isChromeLine(before.text)
  ) {
    keepOutside.add(before);
  }

  const kept: Block[] = [];
  let dropped = 0;
  for (const b of blocks) {
    const keep = (inside(b.order, rootSpan) || keepOutside.has(b)) && !chromeSpans.some((s) => inside(b.order, s)) && !(b.kind === 'text' && !keepOutside.has(b) && isChromeLine(b.text));
    if (keep) kept.push(b);
    else if (b.kind === 'text') dropped++;
  }
  return { blocks: kept, title, dropped, rootFound };
}

/** The deepest element that contains all of `els` (`fallback` if they share none below it). */
function lowestCommonAncestor(els: T.Element[], fallback: T.Element): T.Element {
  const chain = (el: T.Element): T.Element[] => {
    const out: T.Element[] = [];
    for (let p: T.ParentNode | null = el; p && 'tagName' in p; p = (p as T.Element).parentNode) out.push(p as T.Element);
    return out.reverse(); // root first
  };
  let common = chain(els[0]!);
  for (const el of els.slice(1)) {
    const c = chain(el);
    let i = 0;
    while (i < common.length && i < c.length && common[i] === c[i]) i++;
    common = common.slice(0, i);
  }
  return common[common.length - 1] ?? fallback;
}
