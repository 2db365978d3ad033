/** The report's six sections, found by their headings in the label view, in order. */
import type { SectionId, SectionSpec } from '../../core/templates/types.js';
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
