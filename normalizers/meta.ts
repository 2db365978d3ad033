/**
 * Title, agency and year from the text before 一、总体情况. The year is the
 * reporting year (the year the numbers cover): from the title, else the
 * statistics period (统计期限自2021年1月1日), never a publication date.
 */
import { squeeze } from './text.js';

export interface ReportMeta {
  title: string | null;
  agency: string | null;
  year: number | null;
  /** The title as read, when its lost last character was put back (年度报 → 年度报告). */
  titleAsRead?: string;
}

const TITLE_WORDS = /(政府信息公开|信息公开)(工作)?(年度)?(报告|年报)/;
const YEAR_IN_TITLE = /((?:19|20)\d{2})\s*年度?/;

/** `lines`: the text lines before the first section, in order. `body`: the rest, for the statistics period. */
export function readMeta(lines: readonly string[], body: string, declaredTitle?: string): ReportMeta {
  const clean = lines
    .map((l) =>
      squeeze(l)
        .replace(/^[#*>\-\s]+/, '')
        .replace(/[*]+$/, ''),
    )
    .filter(Boolean);
  const found = findTitle(clean);
  let title = found?.title ?? null;
  if (!title && declaredTitle && TITLE_WORDS.test(squeeze(declaredTitle))) title = squeeze(declaredTitle);
  if (title) title = title.slice(0, 120);

  let year: number | null = null;
  let agency: string | null = null;
  if (title) {
    const y = YEAR_IN_TITLE.exec(title);
    if (y) {
      year = Number(y[1]);
      agency = title.slice(0, y.index).replace(/(关于|的)$/, '') || null;
    } else {
      const t = TITLE_WORDS.exec(title)!;
      agency = title.slice(0, t.index).replace(/(关于|的|年度)$/, '') || null;
    }
  }
  if (year === null) {
    const period = /统计(?:期限|时限|区间|范围)?[^。]{0,8}?自?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(body);
    if (period) year = Number(period[1]);
  }
  if (year === null) {
    const first = /((?:19|20)\d{2})\s*年度?[，,]?\s*(?:本|我)/.exec(body);
    if (first) year = Number(first[1]);
  }
  return { title, agency, year, ...(found?.asRead ? { titleAsRead: found.asRead } : {}) };
}

const TITLE_END = /(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)/;
/** OCR loses a title's last character (告 unreadable or read as a stray mark): 工作年度报 can end nothing else. */
const TITLE_CUT = /信息公开工作年度报$/;
const HAS_AGENCY = /^.{2,}?(?:19|20)\d{2}年/;

/** A site's breadcrumb (当前位置：首页 > 政务公开 > 政府信息公开年报) names the page's channel, not the report. */
const NAVIGATION = /当前位置|首页|[>＞»]/;

interface FoundTitle {
  title: string;
  /** Set when the title was completed (TITLE_CUT): the text as read. */
  asRead?: string;
}

/** Where a title ends in `text`, completing one cut short at the end of a line that `next` does not finish. */
function titleIn(text: string, next: string | undefined): FoundTitle | null {
  const m = TITLE_END.exec(text);
  if (m) return { title: text.slice(0, m.index + m[0].length) };
  if (TITLE_CUT.test(text) && !next?.startsWith('告')) return { title: `${text}告`, asRead: text };
  return null;
}

/**
 * The title, which layouts break anywhere (川湾市人民政府办公室 2025 年政府信息公开 /
 * 工作年 度报告): the first place the joined lines end like a title, taken back
 * to where the agency's name begins. A title with its year wins over an
 * earlier one without (a printed web page's channel name comes first).
 */
function findTitle(lines: readonly string[]): FoundTitle | null {
  let fallback: FoundTitle | null = null;
  for (let end = 0; end < Math.min(lines.length, 12); end++) {
    let text = '';
    for (let start = end; start >= 0 && start > end - 4; start--) {
      const line = lines[start]!;
      if (start < end && /[。：:；;，,]$/.test(line)) break;
      if (NAVIGATION.test(line)) break;
      text = line + text;
      const found = titleIn(text, lines[end + 1]);
      if (!found) continue;
      // a sentence that names the report (现公布……年度报告) is prose, not the title
      if (/[，,。；;《》]/.test(found.title)) break;
      if (HAS_AGENCY.test(found.title)) return found;
      if (!/^(?:19|20)\d{2}年/.test(found.title) && (start === 0 || /[。：:；;，,]$/.test(lines[start - 1]!))) fallback ??= found;
    }
  }
  return fallback;
}
