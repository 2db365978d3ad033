/**
 * `worker`: read queued documents until stopped. Jobs are fetched as the
 * extraction pool (batch/pool.ts: one process per --jobs, time and memory
 * limits) has room, one more than it runs so none waits idle. Each document
 * is stored, its queued paths recorded and its job completed in one
 * transaction: a worker killed at any moment leaves the document either
 * stored and done, or still leased, to be taken back when the lease runs out.
 *
 * Failures: a failure that reading again may cure (a timeout, running out of
 * memory, a crash, a file the share did not give) is retried with backoff up
 * to the queue's limit, then stored as failed; one the bytes decide (not a
 * report, encrypted, truncated) is stored as failed at once, as a local
 * ingest stores it; a file whose bytes no longer match its queued sha256 is
 * failed with that reason and nothing is stored under the old hash.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import type pg from 'pg';
import { BatchControl, toDocument } from '../batch/ingest.js';
import { ExtractionPool, TaskAbandoned, type TaskOutcome } from '../batch/pool.js';
import type { BatchFailureCode } from '../batch/protocol.js';
import { adoptQueuedPaths, markDuplicateGroups, type PostgresStore, upsertPaths, writeDocument } from '../store/postgres.js';
import { PG_SCHEMA } from '../store/postgres-schema.js';
import { upToDate } from '../store/known.js';
import type { DocumentStatus } from '../store/schema.js';
import type { DocumentInput } from '../store/store.js';
import { bossDb, failJobFinally, readQueueSettings, releaseJob, startBoss, unfinishedJobs } from './boss.js';
import { isConnectionError, persist } from './connection.js';
import { type JobData, QUEUE } from './settings.js';

export interface WorkerOptions {
  jobs: number;
  timeoutMs: number;
  memoryLimitMb: number;
  pipelineVersion: string;
  /** Stop once nothing is queued, retrying or being read anywhere. */
  exitWhenIdle?: boolean;
  control?: BatchControl;
  onEvent?: (e: WorkerEvent) => void;
  /** How long to wait before asking again when the queue had nothing. */
  pollMs?: number;
  /** Child process entry and environment (tests, bench). */
  childEntry?: string;
  childEnv?: NodeJS.ProcessEnv;
}

/**
 * What happened to one job here:
 * - a status: extracted and stored now (`failed` with its reason);
 * - `unchanged`: the store already held it (another worker, an earlier attempt);
 * - `retrying`: it failed in a way reading again may cure; the queue will hand it out again;
 * - `changed`: the file's bytes no longer match its queued sha256; failed, nothing stored;
 * - `returned`: the worker stopped before reading it; back in the queue as it was.
 */
export type JobOutcome = DocumentStatus | 'unchanged' | 'retrying' | 'changed' | 'returned';

export type WorkerEvent =
  | { type: 'started'; id: string; jobs: number }
  | { type: 'job'; path: string; sha256: string; outcome: JobOutcome; attempt: number; millis?: number; message?: string }
  | { type: 'database'; state: 'lost' | 'back'; message?: string }
  | { type: 'warning'; message: string };

export interface WorkerSummary {
  id: string;
  counts: Record<JobOutcome, number>;
  elapsedMs: number;
  stopped: false | 'finish' | 'abandon';
}

const DEFAULT_POLL_MS = 1000;
const HEARTBEAT_MS = 10_000;
/** Failures the batch detects about the run, not the bytes: worth another attempt. */
const RUN_FAILURES: ReadonlySet<string> = new Set<BatchFailureCode>(['timeout', 'out-of-memory', 'crashed', 'internal']);

type Job = PgBoss.JobWithMetadata<JobData>;

/** The maintenance round (which takes back expired jobs): a quarter of the lease, between 1 s and a minute. */
export function maintenanceSecondsFor(leaseSeconds: number): number {
  return Math.max(1, Math.min(60, Math.floor(leaseSeconds / 4)));
}

export async function runWorker(store: PostgresStore, options: WorkerOptions): Promise<WorkerSummary> {
  const started = performance.now();
  const control = options.control ?? new BatchControl();
  const emit = (e: WorkerEvent) => options.onEvent?.(e);
  const id = `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
  const counts: Record<JobOutcome, number> = { ok: 0, warnings: 0, errors: 0, failed: 0, unchanged: 0, retrying: 0, changed: 0, returned: 0 };
  let databaseLost = false;
  const connection = {
    onLost: (err: Error) => {
      if (databaseLost) return;
      databaseLost = true;
      emit({ type: 'database', state: 'lost', message: err.message });
    },
    onBack: () => {
      if (!databaseLost) return;
      databaseLost = false;
      emit({ type: 'database', state: 'back' });
    },
    giveUp: () => control.mode === 'abandon',
  };
  const db = <T>(fn: () => Promise<T>) => persist(fn, connection);

  const settings = await db(() => readQueueSettings(store.pool));
  const boss = await db(() => startBoss(store, { maintenanceSeconds: maintenanceSecondsFor(settings?.leaseSeconds ?? 900) }));
  let pool: ExtractionPool | undefined;
  const heartbeat = async (stopping = false) => {
    await store.pool
      .query(
        `INSERT INTO ${PG_SCHEMA}.workers (id, host, pid, jobs, started_at, last_seen, documents) VALUES ($1, $2, $3, $4, now(), now(), $5)
         ON CONFLICT (id) DO UPDATE SET last_seen = now(), documents = excluded.documents, stopped_at = ${stopping ? 'now()' : 'NULL'}`,
        [id, hostname(), process.pid, options.jobs, counts.ok + counts.warnings + counts.errors + counts.failed],
      )
      .catch(() => {}); // a missed beat is harmless; status counts workers seen in the last minute
  };
  const beat = setInterval(() => void heartbeat(), HEARTBEAT_MS);
  beat.unref();
  const warnedLease = { done: false };

  try {
    pool = new ExtractionPool({ jobs: options.jobs, timeoutMs: options.timeoutMs, memoryLimitMb: options.memoryLimitMb, entry: options.childEntry, env: options.childEnv });
    const extraction = pool;
    control.onStop((mode) => {
      if (mode === 'abandon') extraction.abort();
      else void extraction.close();
    });
    await heartbeat();
    emit({ type: 'started', id, jobs: options.jobs });

    const report = (job: Job, outcome: JobOutcome, extra: { millis?: number; message?: string } = {}) => {
      counts[outcome]++;
      emit({ type: 'job', path: job.data.path, sha256: job.data.sha256, outcome, attempt: job.retryCount + 1, ...extra });
    };

    const handle = async (job: Job): Promise<void> => {
      const data = job.data;
      if (!warnedLease.done && job.expireInSeconds * 1000 < 2 * options.timeoutMs) {
        warnedLease.done = true;
        emit({
          type: 'warning',
          message: `the jobs' lease (${job.expireInSeconds} s) is shorter than twice --timeout: a slow document may be handed to another worker while this one reads it (it is stored once all the same)`,
        });
      }
      const known = await db(() => store.known(data.sha256));
      // a failure stored by this version is queued again only on purpose (enqueue --retry-failed): read it again
      if (upToDate(known, options.pipelineVersion, true)) {
        // stored by another worker, or by an attempt whose completion was lost: record this job's paths, done
        await db(() => store.transaction((c) => finish(c, boss, job, null)));
        return report(job, 'unchanged');
      }
      let outcome: TaskOutcome;
      try {
        outcome = await extraction.run(data.path, path.basename(data.path));
      } catch (err) {
        if (!(err instanceof TaskAbandoned)) throw err;
        await db(() => releaseJob(store.pool, job.id)).catch(() => {}); // the lease returns it otherwise
        return report(job, 'returned');
      }
      const finalAttempt = job.retryCount >= job.retryLimit;
      if (outcome.sha256 !== null && outcome.sha256 !== data.sha256) {
        const message = `its bytes no longer match the sha256 it was queued with (${data.sha256.slice(0, 12)}…, now ${outcome.sha256.slice(0, 12)}…): it changed after it was queued; enqueue it again`;
        await db(() =>
          store.transaction(async (c) => {
            await c.query(`DELETE FROM ${PG_SCHEMA}.queued_paths WHERE path = $1 AND sha256 = $2`, [data.path, data.sha256]);
            await failJobFinally(boss, c, job.id, { code: 'changed', message, path: data.path });
          }),
        );
        return report(job, 'changed', { millis: outcome.millis, message });
      }
      const curable = !outcome.ok && (outcome.sha256 === null || RUN_FAILURES.has(outcome.code));
      if (curable && !finalAttempt) {
        await db(() => boss.fail(QUEUE, job.id, { code: outcome.ok ? '' : outcome.code, message: outcome.ok ? '' : outcome.message, path: data.path }));
        return report(job, 'retrying', { millis: outcome.millis, message: outcome.ok ? undefined : outcome.message });
      }
      const candidate = { path: data.path, kind: data.kind, size: data.size, mtimeMs: data.mtimeMs };
      const doc = toDocument(outcome, candidate, data.sha256, options.pipelineVersion);
      await db(() => store.transaction((c) => finish(c, boss, job, doc)));
      return report(job, doc.status, { millis: outcome.millis, message: doc.error ?? undefined });
    };

    const running = new Map<string, Promise<void>>();
    const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    let failure: Error | undefined;
    const stopped = new Promise<void>((resolve) => control.onStop(() => resolve()));
    while (!control.mode && !failure) {
      const room = options.jobs + 1 - running.size;
      const jobs = room > 0 ? await db(() => boss.fetch<JobData>(QUEUE, { batchSize: room, includeMetadata: true })) : [];
      if (control.mode) {
        for (const job of jobs) await db(() => releaseJob(store.pool, job.id)).catch(() => {});
        break;
      }
      for (const job of jobs) {
        if (running.has(job.id)) continue; // never two readings of one job in one worker
        const p = handle(job)
          .catch((err: unknown) => {
            // a bug or a database that did not come back: stop taking jobs; the lease returns this one
            if (!(isConnectionError(err) && control.mode)) failure ??= err as Error;
          })
          .finally(() => running.delete(job.id));
        running.set(job.id, p);
      }
      if (jobs.length && running.size > options.jobs) {
        await Promise.race([...running.values(), stopped]);
        continue;
      }
      if (room > 0 && !jobs.length) {
        // pg-boss's fetch answers "nothing" when the database is away too: a query of ours tells, and waits for it to come back
        if (options.exitWhenIdle && running.size === 0) {
          if ((await db(() => unfinishedJobs(store.pool))) === 0) break;
        } else await db(() => store.pool.query('SELECT 1'));
      }
      if (!jobs.length) await Promise.race([new Promise((r) => setTimeout(r, pollMs)), ...running.values(), stopped]);
    }
    await Promise.allSettled(running.values());
    if (failure) throw failure;
  } finally {
    clearInterval(beat);
    if (control.mode === 'abandon') pool?.abort();
    else await pool?.close();
    await heartbeat(true);
    await boss.stop({ graceful: false, close: false }).catch(() => {});
  }
  return { id, counts, elapsedMs: performance.now() - started, stopped: control.mode };
}

/**
 * In the caller's transaction: the document (when read now), every path
 * queued for its content, and the job's end: completed, or failed for good
 * when the document failed.
 */
async function finish(c: pg.PoolClient, boss: PgBoss, job: Job, doc: DocumentInput | null): Promise<void> {
  const data = job.data;
  const own = [{ path: data.path, size: data.size, mtimeMs: data.mtimeMs }];
  const before = doc ? await writeDocument(c, doc, own) : null;
  if (!doc) await upsertPaths(c, data.sha256, own);
  await adoptQueuedPaths(c, data.sha256);
  // once its paths are all written: the duplicate-report message names the first
  if (doc) await markDuplicateGroups(c, doc.sha256, before);
  if (doc?.status === 'failed') await failJobFinally(boss, c, job.id, { code: doc.errorCode, message: doc.error, path: data.path });
  else await boss.complete(QUEUE, job.id, { status: doc?.status ?? 'unchanged' }, { db: bossDb(c) });
}
