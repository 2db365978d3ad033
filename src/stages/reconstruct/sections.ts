/** The report's six sections, found by their headings in the label view, in order. */
import { allSections } from '../../core/templates/index.js';
import type { SectionId, SectionSpec, TableId } from '../../core/templates/types.js';
import { labelKey } from '../../../normalizers/label.js';
import { findFuzzy } from './match.js';

export interface SectionSpan {
  id: SectionId;
  /** Label-view index of the heading's start, and of the section body's start and end. */
  heading: number;
  from: number;
  to: number;
}

/**
 * How far past the previous heading a heading is looked for by its whole
 * label with OCR's edits: sections stand within a few thousand characters.
 */
const HEADING_WINDOW = 20_000;

export function findSections(norm: string, specs: readonly SectionSpec[]): Map<SectionId, SectionSpan> {
  const hits: { id: SectionId; start: number; end: number }[] = [];
  let pos = 0;
  for (const spec of specs) {
    let hit: { start: number; end: number } | undefined;
    for (const pattern of spec.patterns) {
      const re = new RegExp(pattern, 'g');
      re.lastIndex = pos;
      const m = re.exec(norm);
      if (m) {
        hit = { start: m.index, end: m.index + m[0].length };
        break;
      }
    }
    // No pattern: the whole heading within OCR's edits (由、政府信息公开行政复议、行政拆讼情况 has two, and
    // each pattern needs one of them right). The full heading with its numbering is long enough not to be prose.
    hit ??= findFuzzy(norm, labelKey(spec.label), pos, Math.min(norm.length, pos + HEADING_WINDOW));
    if (hit) {
      hits.push({ id: spec.id, start: hit.start, end: hit.end });
      pos = hit.end;
    }
  }
  const out = new Map<SectionId, SectionSpan>();
  hits.forEach((h, i) => out.set(h.id, { id: h.id, heading: h.start, from: h.end, to: hits[i + 1]?.start ?? norm.length }));
  return out;
}

/** Where a section heading was not found, the table may still be found by its own labels. */
export function tableByItsLabels(norm: string, sections: Map<SectionId, SectionSpan>, id: TableId): { from: number; to: number } | undefined {
  const probe: Record<TableId, RegExp> = {
    proactive: /第二十条第一项|规章/g,
    requests: /本年新收政府信息公开申请|申请人情况|法人或其他组织/g,
    reviewLitigation: /行政复议.{0,12}行政诉讼|结果维持/g,
  };
  // after the heading of the section before it, when that was found: the narrative before it may name the table's words
  const order = allSections().map((s) => s.id);
  const before = order.slice(0, order.indexOf(id)).map((s) => sections.get(s)?.from ?? -1);
  const re = probe[id];
  re.lastIndex = Math.max(0, ...before);
  const m = re.exec(norm);
  if (!m) return undefined;
  const later = [...sections.values()].map((s) => s.heading).filter((h) => h > m.index);
  return { from: m.index, to: later.length ? Math.min(...later) : norm.length };
}
