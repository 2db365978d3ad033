/**
 * The OCR engine: one tesseract.js worker per process, created on first use
 * and reused across pages and documents, fully offline.
 *
 * Offline means: the Chinese model is read from the installed
 * @tesseract.js-data/chi_sim folder (`langPath` a plain directory), nothing is
 * cached into the working directory (`cacheMethod: 'none'`), and worker
 * start is bounded by a timeout, since tesseract.js waits forever for a model
 * it cannot fetch (tests/ocr/offline.test.ts).
 *
 * The worker thread is unref'd while idle so a process that forgets
 * `shutdownOcr()` still exits; call it anyway to free its memory
 * (`npm run bench -- ocr` prints a worker's).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { NianbaoError } from '../../src/core/errors.js';
import { onShutdown } from '../../src/core/shutdown.js';
import { OcrLanes } from './lanes.js';

const { createWorker, OEM } = Tesseract;

const require = createRequire(import.meta.url);

/**
 * Which chi_sim model: `4.0.0` (legacy + LSTM) or `4.0.0_best_int` (LSTM
 * integer, a fraction of its size, the one the tests and the benchmark run).
 */
export type OcrModel = '4.0.0' | '4.0.0_best_int';
export const DEFAULT_MODEL: OcrModel = '4.0.0_best_int';

export const DEFAULT_START_TIMEOUT_MS = 60_000;
/** A page that takes longer than this is abandoned (and the worker restarted). */
export const DEFAULT_RECOGNIZE_TIMEOUT_MS = 180_000;

export function modelDir(model: OcrModel = DEFAULT_MODEL): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), model);
}

/** One word as tesseract reports it, in the pixels of the image it was given. */
export interface OcrWord {
  text: string;
  /** 0..100 */
  confidence: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The characters, with their boxes (to split a "word" tesseract glued across a wide gap). */
  symbols?: { text: string; x0: number; y0: number; x1: number; y1: number }[];
}

/** Words grouped by tesseract's text lines, in its reading order. */
export interface OcrResult {
  lines: OcrWord[][];
  text: string;
}

export interface RecognizeParams {
  /** tesseract page segmentation mode, e.g. '4' (page, one column) or '7' (a single line). */
  psm: string;
  /** Characters allowed, for this call only ('' = all). */
  whitelist?: string;
  /**
   * Resolution of the image in dots per inch (default 300). Without it
   * tesseract estimates one from the text and prints "Estimating resolution
   * as …" on stderr for every image.
   */
  dpi?: number;
  timeoutMs?: number;
  /**
   * Try words of low confidence inverted (white on black) too (tesseract's
   * default, true). A cleaned page is black on white, and skipping it saves
   * about a fifth of a page's time; but on a lone character in a cell crop
   * the second try is what reads it (a lone `B` comes back empty without).
   */
  invert?: boolean;
}

export interface EngineOptions {
  model?: OcrModel;
  startTimeoutMs?: number;
  /** How many calls of this extraction may run at once (one unless given). */
  lanes?: OcrLanes;
}

interface Engine {
  worker: Tesseract.Worker;
  thread: ThreadWorker | undefined;
  busy: boolean;
  lastError: unknown;
}

interface Waiter {
  resolve: (e: Engine) => void;
  reject: (err: unknown) => void;
}

/** Workers started, busy or free. */
const engines: Engine[] = [];
/** Calls waiting for a free worker, first come first served. */
const waiters: Waiter[] = [];
let starting = 0;
/** How workers are started: set by the first call after a shutdown, kept until the next. */
let settings: { model: OcrModel; startTimeoutMs: number } | undefined;
/**
 * The lanes of the extraction now using the engine: how many workers may run
 * at once. Workers are a process's resource (`npm run bench -- ocr`), the limit
 * is the extraction's: each call brings its lanes (EngineOptions), and when
 * they change, workers beyond a lowered count stop once their call is done,
 * and waiting calls start new ones under a raised count.
 */
/** The lanes of calls that bring none. */
const ONE_LANE = new OcrLanes(1);
let lanes = ONE_LANE;
let unwatch = lanes.onChange(fitLanes);

function useLanes(next: OcrLanes): void {
  if (next === lanes) return;
  unwatch();
  lanes = next;
  unwatch = lanes.onChange(fitLanes);
  fitLanes();
}

function fitLanes(): void {
  for (const e of engines.filter((x) => !x.busy).slice(0, Math.max(0, engines.length - lanes.count))) retire(e);
  startIfWanted();
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function startEngine(model: OcrModel, startTimeoutMs: number): Promise<Engine> {
  const holder: { engine?: Engine; error?: unknown } = {};
  const created = createWorker('chi_sim', OEM.LSTM_ONLY, {
    langPath: modelDir(model),
    gzip: true,
    cacheMethod: 'none',
    // A rejected job otherwise throws inside tesseract.js's message handler: an uncaught exception.
    errorHandler: (e: unknown) => {
      if (holder.engine) holder.engine.lastError = e;
      else holder.error = e;
    },
  });
  let worker: Tesseract.Worker;
  try {
    worker = await withTimeout(created, startTimeoutMs, () => new NianbaoError('timeout', `the OCR engine did not start within ${startTimeoutMs} ms (is the chi_sim model at ${modelDir(model)}?)`));
  } catch (err) {
    // If it ever starts after all, do not leave a thread running.
    created.then((w) => w.terminate()).catch(() => undefined);
    if (err instanceof NianbaoError) throw err;
    throw new NianbaoError('ocr-failed', `the OCR engine failed to start (${String((err as Error)?.message ?? err ?? holder.error)})`, { cause: err });
  }
  // debug_file: tesseract's own notes ("Detected 12 diacritics" on a fax page) would otherwise go to stderr.
  await worker.setParameters({ preserve_interword_spaces: '1', debug_file: '/dev/null' });
  const thread = (worker as unknown as { worker?: ThreadWorker }).worker;
  thread?.unref();
  const engine: Engine = { worker, thread, busy: false, lastError: undefined };
  holder.engine = engine;
  return engine;
}

/** Start one more worker when calls wait and the limit allows. */
function startIfWanted(): void {
  if (!settings || waiters.length <= starting || engines.length + starting >= lanes.count) return;
  starting++;
  startEngine(settings.model, settings.startTimeoutMs).then(
    (engine) => {
      starting--;
      engines.push(engine);
      release(engine);
    },
    (err: unknown) => {
      starting--;
      // With no worker at all, the waiting calls fail (the next call tries again, with any model);
      // else they wait for the running ones.
      if (engines.length > 0 || starting > 0) return;
      settings = undefined;
      for (const w of waiters.splice(0)) w.reject(err);
    },
  );
}

/** A free worker for one call: a running one, a new one, or the next to finish. */
function acquire(opts: EngineOptions): Promise<Engine> {
  useLanes(opts.lanes ?? ONE_LANE);
  const model = opts.model ?? DEFAULT_MODEL;
  if (settings && settings.model !== model) {
    throw new NianbaoError('ocr-failed', `the OCR engine is running with model ${settings.model}; shut it down before switching to ${model}`);
  }
  if (!settings) {
    settings = { model, startTimeoutMs: opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS };
    onShutdown(shutdownOcr);
  }
  const free = engines.find((e) => !e.busy);
  if (free) {
    hold(free);
    return Promise.resolve(free);
  }
  return new Promise((resolve, reject) => {
    waiters.push({ resolve, reject });
    startIfWanted();
  });
}

function hold(e: Engine): void {
  e.busy = true;
  e.thread?.ref();
}

/** A call is done with its worker: the next waiting call takes it, or it rests (or stops, over the limit). */
function release(e: Engine): void {
  if (!engines.includes(e)) return;
  if (engines.length > lanes.count) return retire(e);
  const next = waiters.shift();
  if (next) {
    hold(e);
    next.resolve(e);
    return;
  }
  e.busy = false;
  e.thread?.unref();
}

function retire(e: Engine): void {
  engines.splice(engines.indexOf(e), 1);
  e.worker.terminate().catch(() => undefined);
}

/** Calls of `recognize` in this process so far, by page segmentation mode: what the benchmark and the tests count. */
export const recognizeCalls: Partial<Record<RecognizeParams['psm'], number>> = {};
/** Milliseconds spent in `recognize` so far, by page segmentation mode (waiting for a worker included): where the benchmark says the time went. */
export const recognizeMs: Partial<Record<RecognizeParams['psm'], number>> = {};

/**
 * OCR one image (PNG, JPEG or binary PGM bytes). Parameters apply to this
 * call only (tesseract.js saves and restores them around the job), so a
 * digits whitelist for a cell never leaks into the next page, and a call
 * reads the same whichever worker runs it.
 */
export async function recognize(image: Uint8Array, params: RecognizeParams, opts: EngineOptions = {}): Promise<OcrResult> {
  recognizeCalls[params.psm] = (recognizeCalls[params.psm] ?? 0) + 1;
  const started = performance.now();
  try {
    return await recognizeOnce(image, params, opts);
  } finally {
    recognizeMs[params.psm] = (recognizeMs[params.psm] ?? 0) + performance.now() - started;
  }
}

async function recognizeOnce(image: Uint8Array, params: RecognizeParams, opts: EngineOptions): Promise<OcrResult> {
  const engine = await acquire(opts);
  const perCall: Record<string, string> = {
    tessedit_pageseg_mode: params.psm,
    tessedit_char_whitelist: params.whitelist ?? '',
    user_defined_dpi: String(Math.round(Math.max(70, Math.min(2400, params.dpi ?? 300)))),
    tessedit_do_invert: params.invert === false ? '0' : '1',
  };
  const timeoutMs = params.timeoutMs ?? DEFAULT_RECOGNIZE_TIMEOUT_MS;
  try {
    const job = engine.worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), perCall as Partial<Tesseract.RecognizeOptions>, {
      text: true,
      blocks: true,
    });
    const { data } = await withTimeout(job, timeoutMs, () => new NianbaoError('timeout', `OCR of one image took over ${timeoutMs} ms`));
    release(engine);
    return toResult(data);
  } catch (err) {
    if (err instanceof NianbaoError && err.code === 'timeout') {
      // The worker is stuck on that image: drop it; the next call starts a fresh one.
      retire(engine);
      startIfWanted();
      throw err;
    }
    release(engine);
    if (err instanceof NianbaoError) throw err;
    throw new NianbaoError('ocr-failed', `OCR failed (${describe(err ?? engine.lastError)})`, { cause: err });
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e);
}

function toResult(page: Tesseract.Page): OcrResult {
  const lines: OcrWord[][] = [];
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const words = line.words
          .filter((w) => w.text.trim() !== '')
          .map((w) => ({
            text: w.text,
            confidence: w.confidence,
            x0: w.bbox.x0,
            y0: w.bbox.y0,
            x1: w.bbox.x1,
            y1: w.bbox.y1,
            symbols: (w.symbols ?? []).map((s) => ({ text: s.text, x0: s.bbox.x0, y0: s.bbox.y0, x1: s.bbox.x1, y1: s.bbox.y1 })),
          }));
        if (words.length) lines.push(words);
      }
    }
  }
  return { lines, text: page.text };
}

/**
 * Terminate the workers, if any were started. The CLI calls it once all
 * documents are done; the next OCR call would start a new worker.
 */
export async function shutdownOcr(): Promise<void> {
  settings = undefined;
  const all = engines.splice(0);
  await Promise.allSettled(all.map((e) => e.worker.terminate()));
}

/** How many workers are running (for tests and the benchmark). */
export function ocrWorkers(): number {
  return engines.length;
}
