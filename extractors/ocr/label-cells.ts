/**
 * Label cells of a ruled table: read again when the page read them badly,
 * and their lines taken together as one label.
 */
import { boxUnion, type Box, type Token } from '../../src/core/layout.js';
import { CLEAN_NUMBER, HAS_CJK, center, inside } from './cell-text.js';
import { recognize, type EngineOptions } from './engine.js';
import { crop, encodePgm, type Gray } from './raster.js';

/** A label the page read below this mean confidence (0 for noise; a clean label often reads 0.5–0.9) is read again from its cell alone. */
const LABEL_DOUBT = 0.4;

/**
 * Label cells of several lines that the page read badly are read again from
 * the cell alone (block mode): on a page, a two-line label beside its row's
 * numbers can come back as noise (2.其他法律行政法规禁止公开 as 2其他二行政汉人,
 * confidence 0), and then its row is lost. The new reading replaces the
 * page's only when tesseract is surer of it.
 */
export async function rereadLabelCells(images: { bin: Gray; dpi?: number }, cells: Box[], tokens: Token[], charHeight: number, opts: EngineOptions): Promise<{ tokens: Token[]; reread: number }> {
  let out = tokens;
  let reread = 0;
  for (const cell of cells) {
    if (cell.h < 1.7 * charHeight || cell.h > 10 * charHeight || cell.w > 0.6 * images.bin.width) continue;
    const members = out.filter((t) => inside(cell, center(t.box)));
    if (!members.some((t) => HAS_CJK.test(t.text)) || members.some((t) => CLEAN_NUMBER.test(t.text))) continue;
    const mean = (cs: number[]) => cs.reduce((a, b) => a + b, 0) / cs.length;
    const before = mean(members.map((t) => t.conf ?? 1));
    if (before >= LABEL_DOUBT) continue;
    const r = await recognize(encodePgm(crop(images.bin, cell.x, cell.y, cell.w, cell.h, 12)), { psm: '6', dpi: images.dpi ?? 300, timeoutMs: 30_000 }, opts);
    const words = r.lines.flat().filter((w) => w.text.trim());
    if (!words.length || !words.some((w) => HAS_CJK.test(w.text))) continue;
    const after = mean(words.map((w) => w.confidence / 100));
    if (after <= before) continue;
    const text = r.lines.map((l) => l.map((w) => w.text.normalize('NFKC').trim()).join('')).join('');
    const box = boxUnion(words.map((w) => ({ x: cell.x - 12 + w.x0, y: cell.y - 12 + w.y0, w: w.x1 - w.x0, h: w.y1 - w.y0 })));
    out = out.filter((t) => !members.includes(t)).concat({ text, box, conf: Math.max(0, Math.min(1, after)) });
    reread++;
  }
  return { tokens: out, reread };
}

/** Lines of text within one cell are told apart by their centres, this share of a character apart. */
const SAME_LINE = 0.5;

/**
 * Label text broken over lines inside one ruled cell becomes one token, its
 * lines in reading order, boxed by their union. Read line by line, a
 * two-line label sits above and below its row's numbers (2.其他法律行政 /
 * 0 0 0 / 法规禁止公开) and a misread character in either half leaves no
 * part long enough to match; whole, the label is one string with at most
 * that one character wrong. Cells holding a number, and big boxes (a framed
 * paragraph), are left alone.
 */
export function mergeCellText(tokens: Token[], cells: Box[], charHeight: number, pageWidth: number): Token[] {
  let out = tokens;
  for (const cell of cells) {
    if (cell.h > 10 * charHeight || cell.w > 0.6 * pageWidth) continue;
    const members = out.filter((t) => inside(cell, center(t.box)));
    if (members.length < 2 || members.some((t) => CLEAN_NUMBER.test(t.text))) continue;
    const lines: Token[][] = [];
    for (const t of [...members].sort((a, b) => center(a.box).y - center(b.box).y)) {
      const last = lines[lines.length - 1];
      if (last && Math.abs(center(t.box).y - center(last[0]!.box).y) <= SAME_LINE * Math.min(t.box.h, last[0]!.box.h)) last.push(t);
      else lines.push([t]);
    }
    if (lines.length < 2) continue;
    const text = lines
      .flatMap((l) => l.sort((a, b) => a.box.x - b.box.x))
      .map((t) => t.text)
      .reduce((a, b) => (HAS_CJK.test(a.slice(-1)) || HAS_CJK.test(b.charAt(0)) ? a + b : `${a} ${b}`));
    const merged: Token = { text, box: boxUnion(members.map((t) => t.box)), conf: Math.min(...members.map((t) => t.conf ?? 1)) };
    out = out.filter((t) => !members.includes(t)).concat(merged);
  }
  return out;
}
