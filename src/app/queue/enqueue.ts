/**
 * `enqueue`: walk the inputs and queue every readable file whose content the
 * store does not hold for this pipeline version. Each file is hashed (the
 * job's key); a path whose size and time the store already knows is not.
 * Every path of a queued content is noted, so the worker that stores the
 * document records all of them.
 */
import type PgBoss from 'pg-boss';
import type { PostgresStore } from '../store/postgres.js';
import { PG_SCHEMA } from '../store/postgres-schema.js';
import { unchangedFile, upToDate } from '../store/known.js';
import type { KnownDocument } from '../store/store.js';
import { hashFile } from '../batch/hash.js';
import { mostWorkFirst } from '../batch/schedule.js';
import { type Candidate, type Skipped, walk } from '../batch/walk.js';
import { type JobData, QUEUE, jobIdOf } from './settings.js';

/**
 * - `queued`: a job was made for it now;
 * - `already-queued`: its content has a job waiting or being read;
 * - `stored`: the store holds its content for this pipeline version;
 * - `unreadable`: it could not be read to be hashed.
 */
export type EnqueueOutcome = 'queued' | 'already-queued' | 'stored' | 'unreadable';

export interface EnqueueEvent {
  path: string;
  outcome: EnqueueOutcome;
  sha256?: string;
  message?: string;
}

export interface EnqueueSummary {
  /** Files the walk took. */
  total: number;
  skipped: Skipped[];
  counts: Record<EnqueueOutcome, number>;
  unreadable: { path: string; message: string }[];
  elapsedMs: number;
}

export interface EnqueueOptions {
  inputs: readonly string[];
  pipelineVersion: string;
  /** Queue again content stored as failed by this pipeline version. */
  retryFailed?: boolean;
  /** Hash every file, even one whose path, size and time the store knows. */
  rehash?: boolean;
  onWalked?: (total: number, skipped: Skipped[]) => void;
  onFile?: (e: EnqueueEvent) => void;
}

/** Files hashed at once: a network share answers reads in parallel faster than in turn. */
const HASHES_AT_ONCE = 8;

export async function enqueue(store: PostgresStore, boss: PgBoss, options: EnqueueOptions): Promise<EnqueueSummary> {
  const started = performance.now();
  const { candidates, skipped } = await walk(options.inputs);
  options.onWalked?.(candidates.length, skipped);
  const counts: Record<EnqueueOutcome, number> = { queued: 0, 'already-queued': 0, stored: 0, unreadable: 0 };
  const unreadable: EnqueueSummary['unreadable'] = [];
  const current = (k: KnownDocument | undefined): k is KnownDocument => upToDate(k, options.pipelineVersion, options.retryFailed);

  /** The file's content, unless the store holds it already (an event then). */
  const look = async (c: Candidate): Promise<EnqueueEvent | { sha256: string }> => {
    if (!options.rehash) {
      const kp = await store.knownPath(c.path);
      if (kp && unchangedFile(kp, c) && current(kp)) return { path: c.path, outcome: 'stored', sha256: kp.sha256 };
    }
    try {
      return { sha256: (await hashFile(c.path)).sha256 };
    } catch (err) {
      return { path: c.path, outcome: 'unreadable', message: `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
  };

  const queue = async (c: Candidate, sha256: string): Promise<EnqueueEvent> => {
    const seen = { path: c.path, size: c.size, mtimeMs: c.mtimeMs };
    if (current(await store.known(sha256))) {
      await store.addPaths(sha256, [seen]);
      return { path: c.path, outcome: 'stored', sha256 };
    }
    await store.pool.query(
      `INSERT INTO ${PG_SCHEMA}.queued_paths (path, sha256, size, mtime_ms, queued_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms, queued_at = excluded.queued_at`,
      [c.path, sha256, c.size, Math.round(c.mtimeMs)],
    );
    const data: JobData = { sha256, path: c.path, size: c.size, mtimeMs: Math.round(c.mtimeMs), kind: c.kind };
    const id = jobIdOf(sha256);
    if (await boss.send(QUEUE, data, { id })) return { path: c.path, outcome: 'queued', sha256 };
    // A job for this content exists. Waiting or being read: this path joins it. Finished, yet the
    // store lacks the content (a newer pipeline, --retry-failed, bytes that changed back): queue it anew.
    const job = await boss.getJobById(QUEUE, id);
    if (job && ['created', 'retry', 'active'].includes(job.state)) return { path: c.path, outcome: 'already-queued', sha256 };
    await boss.deleteJob(QUEUE, id);
    return { path: c.path, outcome: (await boss.send(QUEUE, data, { id })) ? 'queued' : 'already-queued', sha256 };
  };

  // the most estimated work first: pg-boss hands jobs out in the order they were queued, so
  // files are hashed several at a time but queued one after the other, in this order
  const order = await mostWorkFirst(candidates);
  for (let i = 0; i < order.length; i += HASHES_AT_ONCE) {
    const chunk = order.slice(i, i + HASHES_AT_ONCE);
    const looked = await Promise.all(chunk.map(look));
    for (const [k, c] of chunk.entries()) {
      const l = looked[k]!;
      const e = 'outcome' in l ? l : await queue(c, l.sha256);
      counts[e.outcome]++;
      if (e.outcome === 'unreadable') unreadable.push({ path: e.path, message: e.message ?? '' });
      options.onFile?.(e);
    }
  }
  return { total: candidates.length, skipped, counts, unreadable, elapsedMs: performance.now() - started };
}
