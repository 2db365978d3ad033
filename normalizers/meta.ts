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
}

const TITLE_WORDS = /(政府信息公开|信息公开)(工作)?(年度)?(报告|年报)/;
const YEAR_IN_TITLE = /((?:19|20)\d{2})\s*年度?/;

/** `lines`: the text lines before the first section, in order. `body`: the rest, for the statistics period. */
export function readMeta(lines: readonly string[], body: string, declaredTitle?: string): ReportMeta {
  const clean = lines.map((l) => squeeze(l).replace(/^[#*>\-\s]+/, '').replace(/[*]+$/, '')).filter(Boolean);
  let title: string | null = null;
  const at = clean.findIndex((l) => TITLE_WORDS.test(l));
  if (at >= 0) {
    title = clean[at]!;
    // a title broken over lines: 华港区北川街道办事处 / 2025年政府信息公开工作年度报告
    if (at > 0 && /^((19|20)\d{2}年|政府信息|关于)/.test(title) && !TITLE_WORDS.test(clean[at - 1]!) && clean[at - 1]!.length <= 30) {
      title = clean[at - 1]! + title;
    }
  } else if (declaredTitle && TITLE_WORDS.test(squeeze(declaredTitle))) {
    title = squeeze(declaredTitle);
  }
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
  return { title, agency, year };
}
