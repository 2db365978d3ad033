/**
 * OCR benchmark: seconds per page for tesseract.js (warm worker) against the
 * native `tesseract` CLI on the same cleaned page images in the same run
 * (OMP_THREAD_LIMIT=1: OpenMP oversubscribes 2 cores and is 6× slower), with
 * the same chi_sim model and with Debian's; plus the worker's memory (RSS
 * growth, sampled), the second recognizer's, and the whole extraction of
 * scanned PDFs against pdftoppm + native tesseract (scan-bench.ts). Pages are the scans of the dev corpus when present,
 * else synthetic tables. Called by tests/bench/bench.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeImage } from '../../extractors/image.js';
import { DEFAULT_MODEL, modelDir, recognize, shutdownOcr } from '../../extractors/ocr/engine.js';
import { ocrPreparedPage, preparePage, type PreparedPage } from '../../extractors/ocr/page.js';
import { pageRaster } from '../../extractors/ocr/pdf-image.js';
import { crop, encodePgm, type ColorPixels } from '../../extractors/ocr/raster.js';
import { glyphInkBox, gridCells } from '../../extractors/ocr/cells.js';
import { benchScans } from './scan-bench.js';
import { openPdf } from '../../extractors/pdfjs.js';
import { drawTableScan } from '../ocr/synthetic.js';
import { corpusDir } from '../helpers/corpus.js';

const CORPUS = path.join(corpusDir(), 'dev');
const MAX_PAGES = Number(process.env.NIANBAO_BENCH_OCR_PAGES ?? 4);

async function benchPages(): Promise<{ name: string; pixels: ColorPixels; dpi?: number }[]> {
  const out: { name: string; pixels: ColorPixels; dpi?: number }[] = [];
  if (existsSync(CORPUS)) {
    for (const id of readdirSync(CORPUS)
      .filter((d) => /-ps-/.test(d))
      .sort()) {
      if (out.length >= MAX_PAGES) break;
      const file = path.join(CORPUS, id, 'source.pdf');
      if (!existsSync(file)) continue;
      const { doc, close } = await openPdf(new Uint8Array(readFileSync(file)), file);
      try {
        const { pixels, dpi } = await pageRaster(doc, Math.min(2, doc.numPages));
        out.push({ name: `${id} p2`, pixels, dpi });
      } finally {
        await close();
      }
    }
  }
  if (out.length === 0) {
    for (const rotate of [0, 1.5]) out.push({ name: `synthetic ${rotate}°`, pixels: await decodeImage(drawTableScan({ rotate }).png) });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

function nativeAvailable(): boolean {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function timeNative(images: string[], dpis: number[], tessdata?: string, invert = true): number[] {
  return images.map((img, i) => {
    // tsv: word boxes, as tesseract.js returns them (its blocks)
    const args = [img, 'stdout', '-l', 'chi_sim', '--psm', '4', '--dpi', String(dpis[i]), '-c', 'preserve_interword_spaces=1', '-c', `tessedit_do_invert=${invert ? 1 : 0}`, 'tsv'];
    if (tessdata) args.push('--tessdata-dir', tessdata);
    const t = performance.now();
    const r = spawnSync('tesseract', args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`native tesseract failed: ${r.stderr}`);
    return (performance.now() - t) / 1000;
  });
}

/**
 * The second recognizer's memory, in a fresh process (freed memory is not
 * given back to the system, so in this one its session would reuse what the
 * pages left): peak RSS growth from loading its session and reading crops of
 * a page's value cells; and its time per cell here.
 */
async function secondRecognizerMemory(prep: PreparedPage): Promise<{ mib: number; msPerCell: number; cells: number }> {
  const charHeight = 0.1 * prep.dpi;
  const crops = gridCells(prep.rules)
    .map((c) => glyphInkBox(prep.bin, c, charHeight))
    .filter((b): b is NonNullable<typeof b> => !!b && b.h <= 1.7 * charHeight)
    .map((b) => crop(prep.gray, b.x - 4, b.y - 4, b.w + 8, b.h + 8));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-second-'));
  const file = path.join(dir, 'crops.json');
  writeFileSync(file, JSON.stringify(crops.map((c) => ({ width: c.width, height: c.height, data: [...c.data] }))));
  const paddle = new URL('../../extractors/ocr/paddle.js', import.meta.url).href;
  const script = `
    import { readFileSync } from 'node:fs';
    const crops = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8')).map((c) => ({ ...c, data: Uint8Array.from(c.data) }));
    const { readLine, shutdownPaddle } = await import(${JSON.stringify(paddle)});
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    await readLine(crops[0]);
    const t = performance.now();
    for (const c of crops) await readLine(c);
    const ms = (performance.now() - t) / crops.length;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    await shutdownPaddle();
    console.log(JSON.stringify({ mib: (peak - rss0) / 1048576, msPerCell: ms }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0 || !crops.length) throw new Error(`second recognizer benchmark failed: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as { mib: number; msPerCell: number }), cells: crops.length };
}

export async function benchOcr(): Promise<string[]> {
  const lines: string[] = [];
  const pages = await benchPages();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ocr-bench-'));
  const images: string[] = [];
  const prepTimes: number[] = [];
  const dpis: number[] = [];
  const preps: PreparedPage[] = [];
  for (const [i, p] of pages.entries()) {
    const t = performance.now();
    const prep = preparePage(p.pixels, p.dpi);
    prepTimes.push((performance.now() - t) / 1000);
    dpis.push(prep.dpi);
    preps.push(prep);
    const file = path.join(dir, `page-${i}.pgm`);
    writeFileSync(file, encodePgm(prep.bin));
    images.push(file);
  }
  // before anything else loads it: freed memory is not given back, so a second load would measure nothing
  const second = await secondRecognizerMemory(preps[0]!);
  await shutdownOcr();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t0 = performance.now();
  await recognize(new Uint8Array(readFileSync(images[0]!)), { psm: '4', dpi: dpis[0], invert: false }); // start + warm up
  const startAndFirst = (performance.now() - t0) / 1000;
  const js: number[] = [];
  for (const [i, img] of images.entries()) {
    const t = performance.now();
    await recognize(new Uint8Array(readFileSync(img)), { psm: '4', dpi: dpis[i], invert: false });
    js.push((performance.now() - t) / 1000);
  }
  // The whole OCR of a page as extraction does it: the page read, then its doubtful cells read alone.
  const full: number[] = [];
  let cells = 0;
  for (const prep of preps) {
    const t = performance.now();
    const { page } = await ocrPreparedPage(prep, 1);
    full.push((performance.now() - t) / 1000);
    cells += page.lines.reduce((n, l) => n + l.tokens.length, 0);
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await shutdownOcr();
  const jsMed = median(js);
  lines.push(`OCR pages: ${pages.map((p) => p.name).join(', ')} (cleaned, binarized PGM; model ${DEFAULT_MODEL})`);
  lines.push(`OCR clean-up (seal, deskew, Sauvola, rules): median ${median(prepTimes).toFixed(2)} s/page`);
  lines.push(`OCR tesseract.js psm 4 (no inverted-text pass, as the page read), warm worker: median ${jsMed.toFixed(2)} s/page (start + first page ${startAndFirst.toFixed(2)} s)`);
  lines.push(`OCR page + cell pass (what extraction runs after clean-up): median ${median(full).toFixed(2)} s/page (${cells} tokens in all)`);
  lines.push(`OCR worker memory: peak RSS +${((peak - rss0) / 1048576).toFixed(0)} MiB over the process before the worker`);
  lines.push(
    `OCR second recognizer (PP-OCRv4 rec, onnxruntime-node): peak RSS +${second.mib.toFixed(0)} MiB over the process before its session; ${second.msPerCell.toFixed(1)} ms per value cell (${second.cells} cells)`,
  );
  lines.push(...(await benchScans()));
  if (!nativeAvailable()) {
    lines.push('OCR native tesseract: not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim), no ratio');
    return lines;
  }
  // The same model as tesseract.js, unpacked for the CLI.
  const same = path.join(dir, 'tessdata');
  execFileSync('mkdir', ['-p', same]);
  writeFileSync(path.join(same, 'chi_sim.traineddata'), gunzipSync(readFileSync(path.join(modelDir(), 'chi_sim.traineddata.gz'))));
  // the same settings as the page read (no inverted-text pass), then the CLI's defaults
  const nativeSame = median(timeNative(images, dpis, same, false));
  const nativeDefault = median(timeNative(images, dpis, same));
  const nativeDebian = median(timeNative(images, dpis));
  lines.push(`OCR native tesseract (OMP_THREAD_LIMIT=1) same model and settings: median ${nativeSame.toFixed(2)} s/page → tesseract.js ratio ${(jsMed / nativeSame).toFixed(2)}× (target ≤ 1.2×)`);
  lines.push(`OCR native tesseract, same model, CLI defaults (inverted-text pass on): median ${nativeDefault.toFixed(2)} s/page → ratio ${(jsMed / nativeDefault).toFixed(2)}×`);
  lines.push(`OCR native tesseract, Debian chi_sim data: median ${nativeDebian.toFixed(2)} s/page → ratio ${(jsMed / nativeDebian).toFixed(2)}×`);
  return lines;
}
