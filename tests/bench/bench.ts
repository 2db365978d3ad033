/**
 * `npm run bench`: speed and memory, as ratios against the raw libraries on
 * the same files in the same run (these machines are noisy; absolute times
 * are printed for context only).
 *
 * - text PDFs: nianbao's whole extraction per page against pdf.js
 *   getDocument + getTextContent alone (target ≤ 1.3×);
 * - OCR (tests/bench/ocr-bench.ts): tesseract.js against the native CLI;
 * - ingest (tests/bench/ingest-bench.ts): throughput with 1 and 2 workers;
 * - queue (tests/bench/queue-bench.ts): what the shared queue adds a document against a local ingest.
 *
 * Corpus: ../shared/corpus (or NIANBAO_CORPUS); without it, generated reports.
 * `npm run bench -- pdf` runs one part (pdf, ocr, ingest, queue).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extract } from '../../src/stages/pipeline.js';
import { openPdf } from '../../extractors/pdfjs.js';
import { corpusDir, hasCorpus } from '../helpers/corpus.js';
import { makePdf } from '../helpers/make-pdf.js';
import { makeReport, reportPdfItems } from '../helpers/report.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function textPdfs(): { name: string; bytes: Uint8Array }[] {
  const root = hasCorpus() ? corpusDir() : undefined;
  const out: { name: string; bytes: Uint8Array }[] = [];
  if (root) {
    for (const split of ['dev', 'dev-hard']) {
      const dir = path.join(root, split);
      if (!existsSync(dir)) continue;
      for (const id of readdirSync(dir).sort()) {
        const meta = path.join(dir, id, 'meta.json');
        const src = path.join(dir, id, 'source.pdf');
        if (existsSync(meta) && existsSync(src) && JSON.parse(readFileSync(meta, 'utf8')).kind === 'pdf-text') {
          out.push({ name: id, bytes: new Uint8Array(readFileSync(src)) });
        }
      }
    }
  }
  if (out.length === 0) for (let i = 1; i <= 6; i++) out.push({ name: `generated-${i}`, bytes: makePdf(reportPdfItems(makeReport(i))) });
  return out;
}

async function rawPdfjs(bytes: Uint8Array): Promise<number> {
  const { doc, close } = await openPdf(bytes, 'bench.pdf');
  let items = 0;
  for (let n = 1; n <= doc.numPages; n++) items += (await (await doc.getPage(n)).getTextContent()).items.length;
  const pages = doc.numPages;
  await close();
  return items >= 0 ? pages : 0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export async function benchPdf(): Promise<string[]> {
  const files = textPdfs();
  let pages = 0;
  for (const f of files) pages += await rawPdfjs(f.bytes);
  // warm both paths once (module loading, font caches)
  await rawPdfjs(files[0]!.bytes);
  await extract(files[0]!.bytes, { fileName: files[0]!.name });
  const raw: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // interleaved, so that load on the machine falls on both alike
    raw.push(
      await time(async () => {
        for (const f of files) await rawPdfjs(f.bytes);
      }),
    );
    ours.push(
      await time(async () => {
        for (const f of files) await extract(f.bytes, { fileName: f.name });
      }),
    );
  }
  const rawPerPage = median(raw) / pages;
  const oursPerPage = median(ours) / pages;
  return [
    `text PDFs: ${files.length} files, ${pages} pages, median of ${ROUNDS} rounds`,
    `  pdf.js getDocument + getTextContent: ${rawPerPage.toFixed(1)} ms/page`,
    `  nianbao extract (whole pipeline):    ${oursPerPage.toFixed(1)} ms/page`,
    `  ratio nianbao / pdf.js: ${(oursPerPage / rawPerPage).toFixed(2)}x (target <= 1.3x)`,
  ];
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const parts: [string, () => Promise<string[]>][] = [
    ['pdf', benchPdf],
    ['ocr', async () => (await import('./ocr-bench.js')).benchOcr()],
    ['ingest', async () => (await import('./ingest-bench.js')).benchIngest()],
    ['queue', async () => (await import('./queue-bench.js')).benchQueue()],
  ];
  for (const [name, run] of parts) {
    if (only && only !== name) continue;
    process.stdout.write(`== ${name}\n`);
    try {
      for (const line of await run()) process.stdout.write(line + '\n');
    } catch (err) {
      process.stdout.write(`  failed: ${(err as Error).message}\n`);
    }
  }
  const { shutdown } = await import('../../src/core/shutdown.js');
  await shutdown();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
