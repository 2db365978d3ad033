/** Test helpers: a Layout as plain rows of `x:text`, which is what assertions read best. */
import type { Layout } from '../../src/core/layout.js';

/** Every line as `x:text | x:text …` (spans as `x+w` and `vh`), in order. */
export function layoutRows(layout: Layout): string[] {
  return layout.pages.flatMap((p) => p.lines.map((l) => l.tokens.map((t) => `${t.box.x}${t.box.w > 1 ? '+' + t.box.w : ''}${t.box.h > 1 ? 'v' + t.box.h : ''}:${t.text}`).join(' | ')));
}

/** All token texts of a layout, joined by newlines: for "does this text appear at all" checks. */
export function layoutText(layout: Layout): string {
  return layout.pages.flatMap((p) => p.lines.flatMap((l) => l.tokens.map((t) => t.text))).join('\n');
}
