/**
 * Ingest throughput: the dev corpus copied into a temp folder, ingested into
 * a fresh store with 1 and then 2 extraction processes. Documents per
 * second count every document extracted (failures included: they cost time
 * too), over the whole batch: walk, hashing, process start-up, store writes.
 * Called by tests/bench/bench.ts; runs from dist/ (npm run bench builds).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { ingest, type IngestSummary } from '../../src/batch/ingest.js';
import { PIPELINE_VERSION } from '../../src/pipeline.js';
import { corpusDir } from '../helpers/corpus.js';

const CORPUS = process.env.NIANBAO_BENCH_CORPUS ?? path.join(corpusDir(), 'dev');

function copyCorpus(into: string): number {
  let n = 0;
  for (const id of readdirSync(CORPUS).sort()) {
    const dir = path.join(CORPUS, id);
    const source = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith('source.')) : undefined;
    if (!source) continue;
    copyFileSync(path.join(dir, source), path.join(into, `${id}${path.extname(source)}`));
    n++;
  }
  return n;
}

interface Run {
  jobs: number;
  summary: IngestSummary;
  docsPerSecond: number;
}

async function runOnce(folder: string, jobs: number, work: string): Promise<Run> {
  const db = path.join(work, `bench-${jobs}.sqlite`);
  const summary = await ingest({ inputs: [folder], db, jobs, timeoutMs: 300_000, memoryLimitMb: 2048, pipelineVersion: PIPELINE_VERSION });
  const c = summary.counts;
  const extracted = c.ok + c.warnings + c.errors + c.failed;
  return { jobs, summary, docsPerSecond: extracted / (summary.elapsedMs / 1000) };
}

export async function benchIngest(): Promise<string[]> {
  if (!existsSync(CORPUS)) return [`ingest: skipped, no corpus at ${CORPUS} (set NIANBAO_BENCH_CORPUS)`];
  const work = mkdtempSync(path.join(tmpdir(), 'nianbao-bench-ingest-'));
  try {
    const folder = path.join(work, 'archive');
    mkdirSync(folder);
    const n = copyCorpus(folder);
    const runs: Run[] = [];
    for (const jobs of [1, 2]) runs.push(await runOnce(folder, jobs, work));
    const [one, two] = runs as [Run, Run];
    const line = (r: Run) => {
      const c = r.summary.counts;
      return (
        `  ${r.jobs} worker${r.jobs > 1 ? 's' : ' '}: ${(r.summary.elapsedMs / 1000).toFixed(1).padStart(6)} s, ` +
        `${r.docsPerSecond.toFixed(2)} documents/s, peak memory ${(r.summary.peakRssBytes / 1048576).toFixed(0)} MiB ` +
        `(ok ${c.ok}, warnings ${c.warnings}, errors ${c.errors}, failed ${c.failed})`
      );
    };
    return [
      `ingest: ${n} dev-corpus documents, fresh store each run, ${availableParallelism()} cores`,
      line(one),
      line(two),
      `  2 vs 1 workers: ${(two.docsPerSecond / one.docsPerSecond).toFixed(2)}× (target ≥ 1.8× on 2 free cores)`,
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Run alone: node dist/tests/bench/ingest-bench.js
if (import.meta.url === `file://${process.argv[1]}`) {
  benchIngest().then((lines) => console.log(lines.join('\n')));
}
