/**
 * Whether a text dump came through OCR. The tables of the form print a fixed
 * vocabulary: every Chinese character in them belongs to a section heading, a
 * row or column label, or the table's note. A text layer or a crawled page
 * reproduces that vocabulary exactly; OCR turns 予以公开 into 子以公开 and
 * a seal into 站, 靶, 工. Characters foreign to the form inside the tables
 * are the mark of OCR, whatever the segmentation mode that made the dump.
 *
 * A dump that is OCR output gives no confidence for its numbers, so they
 * are read as OCR of unknown confidence: an identity must confirm them.
 */
import { derived, templates } from '../../core/templates/index.js';
import type { SectionId } from '../../core/templates/types.js';
import { labelKey } from '../../../normalizers/label.js';
import type { SectionSpan } from './sections.js';

/** What a number read from OCR text with no confidence of its own is worth: below the bar for an unconfirmed number. */
export const OCR_TEXT_CONFIDENCE = 0.85;

/** Foreign characters, at least this many and this share of the tables' characters, make a text OCR output. */
const MIN_FOREIGN = 3;
const MIN_SHARE = 0.005;

const TABLE_SECTIONS: SectionId[] = ['proactive', 'requests', 'reviewLitigation'];

/** Words printed in the tables besides the template's labels: the note of table 三, units, numerals. */
const TABLE_EXTRAS = '本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和申请人情况法人或其他组织本年度办理结果单位万元件一二三四五六七八九十';

const vocabulary = derived((): ReadonlySet<string> => {
  const chars = new Set<string>();
  const add = (s: string) => {
    for (const ch of labelKey(s)) chars.add(ch);
  };
  add(TABLE_EXTRAS);
  for (const t of templates()) {
    t.sections.forEach((s) => add(s.label));
    t.markers.forEach(add);
    for (const table of Object.values(t.tables)) {
      table.headerWords.forEach(add);
      for (const c of table.columns) [c.label, ...c.match].forEach(add);
      for (const r of table.rows) {
        [r.label, ...r.match].forEach(add);
        for (const c of r.columns ?? []) [c.label, ...c.match].forEach(add);
      }
    }
  }
  return chars;
});

export interface Garble {
  /** Chinese characters in the tables that the form does not print. */
  foreign: number;
  /** All Chinese characters in the tables. */
  total: number;
  /** A few of the foreign characters, for the finding. */
  sample: string;
}

export function tableGarble(norm: string, sections: ReadonlyMap<SectionId, SectionSpan>): Garble {
  const vocab = vocabulary();
  let foreign = 0;
  let total = 0;
  let sample = '';
  for (const id of TABLE_SECTIONS) {
    const span = sections.get(id);
    if (!span) continue;
    for (const ch of norm.slice(span.from, span.to)) {
      if (!/\p{Script=Han}/u.test(ch)) continue;
      total++;
      if (vocab.has(ch)) continue;
      foreign++;
      if (sample.length < 12) sample += ch;
    }
  }
  return { foreign, total, sample };
}

export const looksLikeOcr = (g: Garble) => g.foreign >= MIN_FOREIGN && g.foreign >= g.total * MIN_SHARE;
