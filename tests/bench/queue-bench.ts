/**
 * The queue's cost per document: the same text reports read by a local
 * ingest into SQLite and by enqueue + one worker into Postgres (a throwaway
 * cluster, or NIANBAO_BENCH_PG), one extraction process each, so the
 * extraction is the same work and the difference is what the queue adds:
 * hashing for the key, queueing, fetching, the store's round trips and the
 * job's completion. Target: at most 15 ms a document.
 * Called by tests/bench/bench.ts (`npm run bench -- queue`); runs from dist/.
 * BENCH_QUEUE_DOCS sets the number of reports (default 80), BENCH_QUEUE_ROUNDS the rounds (default 3, alternating which goes first).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ingest } from '../../src/app/batch/ingest.js';
import { ensureQueue, startBoss } from '../../src/app/queue/boss.js';
import { enqueue } from '../../src/app/queue/enqueue.js';
import { runWorker } from '../../src/app/queue/worker.js';
import { redactUrl } from '../../src/app/store/location.js';
import { PostgresStore } from '../../src/app/store/postgres.js';
import { PIPELINE_VERSION } from '../../src/stages/pipeline.js';
import { type Cluster, createDatabaseOn, findPgBin, startCluster } from '../helpers/pg-cluster.js';
import { makeReport, reportText } from '../helpers/report.js';

const DOCS = Math.max(1, Number(process.env.BENCH_QUEUE_DOCS ?? 80));
const ROUNDS = Math.max(1, Number(process.env.BENCH_QUEUE_ROUNDS ?? 3));
const LIMITS = { jobs: 1, timeoutMs: 120_000, memoryLimitMb: 2048, pipelineVersion: PIPELINE_VERSION };

async function local(folder: string, db: string): Promise<number> {
  const s = await ingest({ inputs: [folder], db, ...LIMITS });
  if (s.counts.ok + s.counts.warnings + s.counts.errors !== DOCS) throw new Error(`local ingest stored ${JSON.stringify(s.counts)}`);
  return s.elapsedMs;
}

async function queued(folder: string, url: string): Promise<{ ms: number; enqueueMs: number }> {
  const t0 = performance.now();
  const store = await PostgresStore.open({ url, name: redactUrl(url) });
  try {
    const boss = await startBoss(store);
    await ensureQueue(boss);
    const q = await enqueue(store, boss, { inputs: [folder], pipelineVersion: PIPELINE_VERSION });
    await boss.stop({ graceful: false, close: false });
    const w = await runWorker(store, { ...LIMITS, exitWhenIdle: true });
    const c = w.counts;
    if (c.ok + c.warnings + c.errors !== DOCS) throw new Error(`the worker stored ${JSON.stringify(c)}`);
    return { ms: performance.now() - t0, enqueueMs: q.elapsedMs };
  } finally {
    await store.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchQueue(): Promise<string[]> {
  let cluster: Cluster | undefined;
  const base = process.env.NIANBAO_BENCH_PG ?? (findPgBin() ? (cluster = await startCluster()).url : undefined);
  if (!base) return ['queue: skipped, no Postgres (install postgresql, or set NIANBAO_BENCH_PG to a superuser URL)'];
  const work = mkdtempSync(path.join(tmpdir(), 'nianbao-bench-queue-'));
  try {
    const folder = path.join(work, 'reports');
    mkdirSync(folder);
    for (let i = 0; i < DOCS; i++) writeFileSync(path.join(folder, `r${String(i).padStart(3, '0')}.txt`), reportText(makeReport(i + 1, `测试市第${i + 1}局`, 2020 + (i % 5))));
    const locals: number[] = [];
    const queues: number[] = [];
    const enqueues: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const which of r % 2 ? ['queue', 'local'] : ['local', 'queue']) {
        if (which === 'local') locals.push(await local(folder, path.join(work, `r${r}.sqlite`)));
        else {
          const db = await createDatabaseOn(base, `bench_${r}`);
          try {
            const q = await queued(folder, db.url);
            queues.push(q.ms);
            enqueues.push(q.enqueueMs);
          } finally {
            await db.drop();
          }
        }
      }
    }
    const perDoc = (ms: number) => `${(ms / DOCS).toFixed(1)} ms`;
    const overhead = (median(queues) - median(locals)) / DOCS;
    return [
      `queue: ${DOCS} text reports, 1 extraction process, median of ${ROUNDS} round${ROUNDS > 1 ? 's' : ''}`,
      `  local ingest into SQLite:          ${(median(locals) / 1000).toFixed(2)} s (${perDoc(median(locals))} a document; rounds ${locals.map((m) => (m / 1000).toFixed(2)).join(', ')} s)`,
      `  enqueue + worker into Postgres:    ${(median(queues) / 1000).toFixed(2)} s (${perDoc(median(queues))} a document; rounds ${queues.map((m) => (m / 1000).toFixed(2)).join(', ')} s; enqueue ${perDoc(median(enqueues))})`,
      `  queue overhead: ${overhead.toFixed(1)} ms a document (target <= 15 ms)`,
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
    cluster?.stop();
  }
}

// Run alone: node dist/tests/bench/queue-bench.js
if (import.meta.url === `file://${process.argv[1]}`) {
  benchQueue().then((lines) => console.log(lines.join('\n')));
}
