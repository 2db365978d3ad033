/**
 * A lone glyph read with context. tesseract's LSTM reads a single digit
 * alone in a cell crop badly: in line mode a clear `0` comes back empty,
 * as 和, U or UL, and a serif `1` as `]`; the digits whitelist does not
 * help (it returns nothing). The same crop repeated three times along one
 * line is read as a line of text, and each copy comes out right far more
 * often. Each copy's reading is found by position, and the copies must agree.
 */
import { recognize, type EngineOptions } from './engine.js';
import { encodePgm, type Gray } from './raster.js';

const COPIES = 3;

/** Shapes a digit takes when read as text (serif 1 as 工 or ], a small 0 as 。). */
export const LOOKALIKE: Record<string, string> = {
  工: '1',
  丨: '1',
  '|': '1',
  ']': '1',
  '[': '1',
  l: '1',
  I: '1',
  十: '1',
  '。': '0',
  O: '0',
  o: '0',
  〇: '0',
  口: '0',
  U: '0',
  D: '0',
  Q: '0',
};
/** Text as the digits it shows, lookalikes mapped (spaces dropped). */
export const asDigits = (s: string) => [...s.replace(/\s/g, '')].map((c) => (Object.hasOwn(LOOKALIKE, c) ? LOOKALIKE[c] : c)).join('');

const NUMBER = /^(?:[0-9]+(?:\.[0-9]+)?|\/)$/;

/** `img` repeated `copies` times side by side, `gap` white pixels apart. */
export function tile(img: Gray, copies: number, gap: number): Gray {
  const w = copies * img.width + (copies - 1) * gap;
  const data = new Uint8Array(w * img.height).fill(255);
  for (let k = 0; k < copies; k++) {
    const x = k * (img.width + gap);
    for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width, (y + 1) * img.width), y * w + x);
  }
  return { width: w, height: img.height, data };
}

export interface TiledReading {
  /** The number (or `/`) most copies read, lookalikes mapped. */
  text: string;
  /** How many of the copies read it. */
  agree: number;
  copies: number;
  /** The lowest word confidence among the agreeing copies, 0..1. */
  conf: number;
}

/**
 * Read a one-line cell image (white margin included) as three copies on one
 * line, `gap` pixels apart besides the margins (about a character: closer,
 * tesseract runs copies together and reads 35 as 395). Returns the reading at least two copies agree on, if it is a number
 * or the blank mark; undefined otherwise.
 */
export async function tiledReading(img: Gray, gap: number, dpi: number, opts: EngineOptions = {}): Promise<TiledReading | undefined> {
  const strip = tile(img, COPIES, gap);
  const r = await recognize(encodePgm(strip), { psm: '7', dpi, timeoutMs: 30_000 }, opts);
  const texts: string[] = new Array(COPIES).fill('');
  const confs: number[] = new Array(COPIES).fill(100);
  const pitch = img.width + gap;
  for (const w of r.lines.flat()) {
    const k = Math.min(COPIES - 1, Math.max(0, Math.floor((w.x0 + w.x1) / 2 / pitch)));
    texts[k] += w.text.normalize('NFKC');
    confs[k] = Math.min(confs[k]!, w.confidence);
  }
  const votes = new Map<string, number[]>();
  texts.forEach((t, k) => {
    const d = asDigits(t);
    if (!NUMBER.test(d)) return;
    votes.set(d, [...(votes.get(d) ?? []), k]);
  });
  let best: TiledReading | undefined;
  for (const [text, ks] of votes) {
    if (ks.length < 2 || (best && best.agree >= ks.length)) continue;
    best = { text, agree: ks.length, copies: COPIES, conf: Math.min(...ks.map((k) => confs[k]!)) / 100 };
  }
  return best;
}
