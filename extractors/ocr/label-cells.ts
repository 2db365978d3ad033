/**
 * Label cells of a ruled table: read again when the page read them badly,
 * and their lines taken together as one label.
 */
import { boxUnion, type Box, type Token } from '../../src/core/layout.js';
import { CLEAN_NUMBER, HAS_CJK, center, inside } from './cell-text.js';
import { recognize, type EngineOptions } from './engine.js';
import { crop, encodePgm, type Gray } from './raster.js';
import { labelOf, readLine } from './paddle.js';

/** A label the page read below this mean confidence (0 for noise; a clean label often reads 0.5–0.9) is read again from its cell alone. */
const LABEL_DOUBT = 0.4;

/**
 * Label cells of several lines that the page read badly are read again from
 * the cell alone (block mode): on a page, a two-line label beside its row's
 * numbers can come back as noise (2.其他法律行政法规禁止公开 as 2其他二行政汉人,
 * confidence 0), and then its row is lost. The new reading replaces the
 * page's only when tesseract is surer of it.
 */
export async function rereadLabelCells(
  images: { bin: Gray; gray?: Gray; dpi?: number },
  cells: Box[],
  tokens: Token[],
  charHeight: number,
  opts: EngineOptions,
): Promise<{ tokens: Token[]; reread: number }> {
  let out = tokens;
  let reread = 0;
  for (const cell of cells) {
    if (cell.h < 1.7 * charHeight || cell.h > 10 * charHeight || cell.w > 0.6 * images.bin.width) continue;
    const members = out.filter((t) => inside(cell, center(t.box)));
    if (!members.some((t) => HAS_CJK.test(t.text)) || members.some((t) => CLEAN_NUMBER.test(t.text))) continue;
    const mean = (cs: number[]) => cs.reduce((a, b) => a + b, 0) / cs.length;
    const before = mean(members.map((t) => t.conf ?? 1));
    if (before >= LABEL_DOUBT) continue;
    const second = images.gray ? await secondLabel(images.bin, images.gray, cell, charHeight) : undefined;
    if (second && (second.conf ?? 0) > before) {
      out = out.filter((t) => !members.includes(t)).concat(second);
      reread++;
      continue;
    }
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

/**
 * A label cell of several lines read by the second recognizer, one line at a
 * time (it reads single lines): the lines are the bands of rows holding the
 * cell's ink, each cropped from the grey page. Undefined unless every line
 * reads as surely as a label must (labelOf).
 */
async function secondLabel(bin: Gray, gray: Gray, cell: Box, charHeight: number): Promise<Token | undefined> {
  const x0 = Math.floor(cell.x),
    y0 = Math.floor(cell.y);
  const area = crop(bin, x0, y0, cell.w, cell.h);
  const inked: boolean[] = [];
  for (let y = 0; y < area.height; y++) {
    let n = 0;
    for (let x = 0; x < area.width; x++) if (area.data[y * area.width + x] === 0) n++;
    inked.push(n >= 2);
  }
  const bands: [number, number][] = [];
  for (let y = 0; y < inked.length; y++) {
    if (!inked[y]) continue;
    const last = bands[bands.length - 1];
    // gaps inside a character (a stroke's breaks) are far less than a third of its height
    if (last && y - last[1] <= Math.max(2, charHeight / 3)) last[1] = y;
    else bands.push([y, y]);
  }
  const lines = bands.filter(([a, b]) => b - a + 1 >= 0.5 * charHeight);
  if (!lines.length || lines.length > 4) return undefined;
  const texts: string[] = [];
  const confs: number[] = [];
  for (const [a, b] of lines) {
    const m = Math.round(0.3 * charHeight);
    const label = labelOf(await readLine(crop(gray, x0, y0 + a - m, cell.w, b - a + 1 + 2 * m)));
    if (!label) return undefined;
    texts.push(label.text);
    confs.push(label.conf);
  }
  const top = y0 + lines[0]![0],
    bottom = y0 + lines[lines.length - 1]![1];
  return { text: texts.join(''), box: { x: cell.x, y: top, w: cell.w, h: bottom - top + 1 }, conf: Math.min(...confs) };
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
