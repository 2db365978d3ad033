/**
 * Scans, end to end: nianbao's whole extraction of scanned PDFs per page
 * against the plain OCR a user would otherwise run on the same files in
 * the same run, `pdftoppm -r 300` and native `tesseract --psm 4` on every
 * page (OMP_THREAD_LIMIT=1: OpenMP oversubscribes 2 cores; Debian's chi_sim
 * data, as installed). Both on one core: one OCR lane, one page at a time.
 * Target: nianbao ≤ 1.0× the plain OCR. Called by tests/bench/ocr-bench.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recognizeCalls, recognizeMs } from '../../extractors/ocr/engine.js';
import { OcrLanes } from '../../extractors/ocr/lanes.js';
import { extract } from '../../src/stages/pipeline.js';
import { corpusDir } from '../helpers/corpus.js';

/** Scanned PDFs per split at most (NIANBAO_BENCH_SCANS); each costs seconds a page twice. */
const MAX_FILES = Number(process.env.NIANBAO_BENCH_SCANS ?? 3);

interface Scan {
  name: string;
  file: string;
}

function scans(): Scan[] {
  const out: Scan[] = [];
  for (const split of ['dev', 'dev-hard']) {
    const dir = path.join(corpusDir(), split);
    if (!existsSync(dir)) continue;
    const ids = readdirSync(dir)
      .filter((d) => /-ps-/.test(d) && existsSync(path.join(dir, d, 'source.pdf')))
      .sort()
      .slice(0, MAX_FILES);
    for (const id of ids) out.push({ name: id, file: path.join(dir, id, 'source.pdf') });
  }
  return out;
}

function available(cmd: string, arg: string): boolean {
  return spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
}

/** Seconds for pdftoppm -r 300 and tesseract --psm 4 on every page; the page count. */
function plainOcr(file: string): { seconds: number; pages: number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-plain-ocr-'));
  try {
    const t = performance.now();
    const render = spawnSync('pdftoppm', ['-r', '300', '-gray', file, path.join(dir, 'p')], { encoding: 'utf8' });
    if (render.status !== 0) throw new Error(`pdftoppm failed: ${render.stderr}`);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm'));
    for (const p of pages) {
      const r = spawnSync('tesseract', [path.join(dir, p), 'stdout', '-l', 'chi_sim', '--psm', '4'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`tesseract failed: ${r.stderr}`);
    }
    return { seconds: (performance.now() - t) / 1000, pages: pages.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchScans(): Promise<string[]> {
  const files = scans();
  if (!files.length) return ['scans: no scanned PDFs in the corpus (NIANBAO_CORPUS), skipped'];
  if (!available('pdftoppm', '-v') || !available('tesseract', '--version')) {
    return ['scans: pdftoppm or native tesseract not installed (apt-get install poppler-utils tesseract-ocr tesseract-ocr-chi-sim), no ratio'];
  }
  // warm both: module loading, the OCR worker and the second recognizer's session, the CLI's model files
  await extract(new Uint8Array(readFileSync(files[0]!.file)), { fileName: files[0]!.name, ocr: { lanes: new OcrLanes(1) } });
  plainOcr(files[0]!.file);
  const lines: string[] = [];
  let ours = 0,
    plain = 0,
    pages = 0;
  // tesseract calls of our extractions: the page reads (psm 4) and the cells' (psm 7, 6)
  const calls = () => Object.values(recognizeCalls).reduce<number>((a, n) => a + (n ?? 0), 0);
  const pageReads = () => recognizeCalls['4'] ?? 0;
  // and the time they took: where (a) goes, page reads, cell reads, and the rest (clean-up, rules, second recognizer, reconstruction)
  const pageMs = () => recognizeMs['4'] ?? 0;
  const ocrMs = () => Object.values(recognizeMs).reduce<number>((a, n) => a + (n ?? 0), 0);
  let callsBefore = calls(),
    pageReadsBefore = pageReads(),
    pageMsBefore = pageMs(),
    ocrMsBefore = ocrMs(),
    ourCalls = 0,
    ourPageReads = 0,
    ourPageMs = 0,
    ourOcrMs = 0;
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f.file));
    // alternated per file, so that load on the machine falls on both alike
    const t = performance.now();
    const record = await extract(bytes, { fileName: f.name, ocr: { lanes: new OcrLanes(1) } });
    const mine = (performance.now() - t) / 1000;
    ourCalls += calls() - callsBefore;
    ourPageReads += pageReads() - pageReadsBefore;
    ourPageMs += pageMs() - pageMsBefore;
    ourOcrMs += ocrMs() - ocrMsBefore;
    const theirs = plainOcr(f.file);
    callsBefore = calls();
    pageReadsBefore = pageReads();
    pageMsBefore = pageMs();
    ocrMsBefore = ocrMs();
    ours += mine;
    plain += theirs.seconds;
    pages += theirs.pages;
    lines.push(
      `  ${f.name}: ${theirs.pages} pages (${record.source.pages} in the record): nianbao ${(mine / theirs.pages).toFixed(2)} s/page, plain OCR ${(theirs.seconds / theirs.pages).toFixed(2)} s/page`,
    );
  }
  return [
    `scans: ${files.length} scanned PDFs, ${pages} pages, one core each`,
    ...lines,
    `  (a) nianbao extract, whole pipeline:                        ${(ours / pages).toFixed(2)} s/page`,
    `  (b) pdftoppm -r 300 + tesseract --psm 4 (OMP_THREAD_LIMIT=1): ${(plain / pages).toFixed(2)} s/page`,
    `  ratio (a) / (b): ${(ours / plain).toFixed(2)}x (target <= 1.0x)`,
    `  tesseract calls in (a): ${(ourCalls / pages).toFixed(1)} a page, of which ${(ourPageReads / pages).toFixed(1)} page reads`,
    `  (a) per page: tesseract page reads ${(ourPageMs / 1000 / pages).toFixed(2)} s, cell and label reads ${((ourOcrMs - ourPageMs) / 1000 / pages).toFixed(2)} s, the rest ${((ours * 1000 - ourOcrMs) / 1000 / pages).toFixed(2)} s`,
  ];
}
