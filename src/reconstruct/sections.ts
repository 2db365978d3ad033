/** The report's six sections, found by their headings in the label view, in order. */
import type { SectionId, SectionSpec } from '../templates/types.js';

export interface SectionSpan {
  id: SectionId;
  /** Label-view index of the heading's start, and of the section body's start and end. */
  heading: number;
  from: number;
  to: number;
}

export function findSections(norm: string, specs: readonly SectionSpec[]): Map<SectionId, SectionSpan> {
  const hits: { id: SectionId; start: number; end: number }[] = [];
  let pos = 0;
  for (const spec of specs) {
    for (const pattern of spec.patterns) {
      const re = new RegExp(pattern, 'g');
      re.lastIndex = pos;
      const m = re.exec(norm);
      if (m) {
        hits.push({ id: spec.id, start: m.index, end: m.index + m[0].length });
        pos = m.index + m[0].length;
        break;
      }
    }
  }
  const out = new Map<SectionId, SectionSpan>();
  hits.forEach((h, i) => out.set(h.id, { id: h.id, heading: h.start, from: h.end, to: hits[i + 1]?.start ?? norm.length }));
  return out;
}
