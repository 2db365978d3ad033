/**
 * Ingest throughput: the dev corpus copied into a temp folder, ingested into
 * a fresh store with 1 and then 2 extraction processes. Documents per
 * second count every document extracted (failures included: they cost time
 * too), over the whole batch: walk, hashing, process start-up, store writes.
 * Called by tests/bench/bench.ts; runs from dist/ (npm run bench builds).
 * BENCH_INGEST_ROUNDS=N repeats the pair N times, alternating which goes
 * first; BENCH_INGEST_DOCS=1 lists every document's time.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { type IngestProfile, ingest, type IngestSummary } from '../../src/app/batch/ingest.js';
import { PIPELINE_VERSION } from '../../src/stages/pipeline.js';
import { corpusDir } from '../helpers/corpus.js';

const CORPUS = process.env.NIANBAO_BENCH_CORPUS ?? path.join(corpusDir(), 'dev');
/** Pairs of runs (1 and 2 workers); the ratio is over all of them. About 5 minutes each on the dev corpus. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_INGEST_ROUNDS ?? 1));

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

async function runOnce(folder: string, jobs: number, work: string, round: number): Promise<Run> {
  const db = path.join(work, `bench-${round}-${jobs}.sqlite`);
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
    // Rounds alternate the order (1 2, 2 1, …) so that a machine slowing down or
    // speeding up over the minutes a round takes does not favour either side.
    const runs: Run[] = [];
    for (let r = 0; r < ROUNDS; r++) for (const jobs of r % 2 ? [2, 1] : [1, 2]) runs.push(await runOnce(folder, jobs, work, r));
    const line = (r: Run) => {
      const c = r.summary.counts;
      return (
        `  ${r.jobs} worker${r.jobs > 1 ? 's' : ' '}: ${(r.summary.elapsedMs / 1000).toFixed(1).padStart(6)} s, ` +
        `${r.docsPerSecond.toFixed(2)} documents/s, peak memory ${(r.summary.peakRssBytes / 1048576).toFixed(0)} MiB ` +
        `(ok ${c.ok}, warnings ${c.warnings}, errors ${c.errors}, failed ${c.failed})`
      );
    };
    const ones = runs.filter((r) => r.jobs === 1);
    const twos = runs.filter((r) => r.jobs === 2);
    const elapsed = (rs: Run[]) => rs.reduce((a, r) => a + r.summary.elapsedMs, 0);
    const [one, two] = [ones[0]!, twos[0]!];
    return [
      `ingest: ${n} dev-corpus documents, fresh store each run, ${availableParallelism()} cores, ${ROUNDS} round${ROUNDS > 1 ? 's' : ''}`,
      ...runs.map(line),
      `  2 vs 1 workers: ${(elapsed(ones) / elapsed(twos)).toFixed(2)}× (target ≥ 1.8× on 2 free cores)` +
        (ROUNDS > 1 ? `; by round ${ones.map((o, i) => (o.summary.elapsedMs / twos[i]!.summary.elapsedMs).toFixed(2)).join(', ')}` : ''),
      ...breakdown(one),
      ...breakdown(two),
      ...contention(one.summary.profile, two.summary.profile),
      ...(process.env.BENCH_INGEST_DOCS ? [...perDocument(one.summary.profile), ...perDocument(two.summary.profile)] : []),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Where the process-seconds of one run went (capacity = workers × elapsed). */
function breakdown(r: Run): string[] {
  const p = r.summary.profile;
  const q = p.pool;
  const capacity = r.jobs * r.summary.elapsedMs;
  // what is left: processes stopped at the end of the batch, their cores lent to the ones still working
  const retired = capacity - q.startupMs - q.busyMs - q.starvedMs - q.tailMs - q.closingMs;
  const pct = (ms: number) => `${((100 * ms) / capacity).toFixed(1)}%`;
  return [
    `  ${r.jobs} worker${r.jobs > 1 ? 's' : ' '} breakdown of ${sec(capacity)} process time: busy ${sec(q.busyMs)} (${pct(q.busyMs)}, CPU ${sec(q.taskCpuMs)} = ${(q.taskCpuMs / q.busyMs).toFixed(2)} cores), ` +
      `start-up ${sec(q.startupMs)} (${q.spawned} processes, CPU ${sec(q.startupCpuMs)}), starved ${sec(q.starvedMs)}, tail ${sec(q.tailMs)}, ` +
      `closing ${sec(q.closingMs)}, retired (core lent) ${sec(retired)}`,
    `           main process CPU ${sec(p.mainCpuMs)} (${((100 * p.mainCpuMs) / r.summary.elapsedMs).toFixed(1)}% of one core): ` +
      `walk ${sec(p.walkMs)}, hash ${sec(p.hashMs)}, validate ${sec(p.validateMs)}, store ${sec(p.storeMs)}`,
  ];
}

/** The same documents' time in their process with 1 and 2 workers: what running side by side costs each. */
function contention(one: IngestProfile, two: IngestProfile): string[] {
  const sum = (p: IngestProfile, f: (d: IngestProfile['documents'][number]) => number | null) => p.documents.reduce((a, d) => a + (f(d) ?? 0), 0);
  const wall = [sum(one, (d) => d.millis), sum(two, (d) => d.millis)] as const;
  const cpu = [sum(one, (d) => d.cpuMs), sum(two, (d) => d.cpuMs)] as const;
  // A lone process's V8 helper threads (GC, wasm compilation) run on the
  // otherwise idle core: with 2 processes they compete, so 2 / cores-used
  // bounds the ratio (meaningful on a quiet machine only).
  const cores = cpu[0] / wall[0];
  return [
    `  per-document totals, 1 → 2 workers: wall ${sec(wall[0])} → ${sec(wall[1])} (×${(wall[1] / wall[0]).toFixed(3)}), ` + `CPU ${sec(cpu[0])} → ${sec(cpu[1])} (×${(cpu[1] / cpu[0]).toFixed(3)})`,
    `  1 worker used ${cores.toFixed(2)} cores while extracting: 2 workers can reach at most ${(2 / Math.max(cores, 1)).toFixed(2)}× (quiet machine)`,
  ];
}

function perDocument(p: IngestProfile): string[] {
  return [
    `  documents with ${p.jobs} worker(s), in completion order (wall / CPU):`,
    ...p.documents.map((d) => `    ${path.basename(d.path).padEnd(12)} ${d.kind.padEnd(6)} ${sec(d.millis).padStart(7)} / ${d.cpuMs === null ? '?' : sec(d.cpuMs)}`),
  ];
}

// Run alone: node dist/tests/bench/ingest-bench.js
if (import.meta.url === `file://${process.argv[1]}`) {
  benchIngest().then((lines) => console.log(lines.join('\n')));
}
