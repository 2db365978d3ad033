/**
 * `ingest --store postgres://…`: the one-machine path on the shared store.
 * Queue what the folders hold, then read the queue here until it is drained
 * (other machines' workers may help), showing the batch's progress.
 */
import type { BatchControl, FileOutcome, IngestEvent, IngestOptions } from '../batch/ingest.js';
import type { PostgresStore } from '../store/postgres.js';
import { ensureQueue, startBoss, unfinishedJobs } from './boss.js';
import { type EnqueueSummary, enqueue } from './enqueue.js';
import { type JobOutcome, type WorkerEvent, type WorkerSummary, runWorker } from './worker.js';

/** A local ingest's options, with the shared store in place of the SQLite file, and the batch's control required. */
export interface QueuedIngestOptions extends Omit<IngestOptions, 'db' | 'control'> {
  control: BatchControl;
  /** Told what the batch's events cannot say: retries, the database lost and back. */
  onNotice?: (line: string) => void;
}

export interface QueuedIngestSummary {
  enqueue: EnqueueSummary;
  worker: WorkerSummary;
}

const AS_FILE_OUTCOME: Partial<Record<JobOutcome, FileOutcome>> = {
  ok: 'ok',
  warnings: 'warnings',
  errors: 'errors',
  failed: 'failed',
  unchanged: 'unchanged',
  changed: 'unreadable',
  returned: 'abandoned',
};

export async function queuedIngest(store: PostgresStore, options: QueuedIngestOptions): Promise<QueuedIngestSummary> {
  const boss = await startBoss(store);
  let queued: EnqueueSummary;
  try {
    await ensureQueue(boss);
    queued = await enqueue(store, boss, { inputs: options.inputs, pipelineVersion: options.pipelineVersion, retryFailed: options.retryFailed, rehash: options.rehash });
  } finally {
    await boss.stop({ graceful: false, close: false }).catch(() => {});
  }
  const toRead = await unfinishedJobs(store.pool);
  options.onEvent?.({ type: 'walked', total: toRead, skipped: queued.skipped, jobs: { jobs: options.jobs, requested: options.jobs } });
  const onWorkerEvent = (e: WorkerEvent) => {
    if (e.type === 'job') {
      const outcome = AS_FILE_OUTCOME[e.outcome];
      if (outcome) options.onEvent?.({ type: 'file', path: e.path, outcome, millis: e.millis, message: e.message });
      else options.onNotice?.(`retrying ${e.path} (attempt ${e.attempt} failed): ${e.message ?? ''}`);
    } else if (e.type === 'database') {
      options.onNotice?.(e.state === 'lost' ? `the database is unreachable (${e.message}); waiting for it…` : 'the database is back');
    } else if (e.type === 'warning') {
      options.onNotice?.(e.message);
    }
  };
  if (options.control.mode || toRead === 0) {
    return {
      enqueue: queued,
      worker: { id: '', counts: { ok: 0, warnings: 0, errors: 0, failed: 0, unchanged: 0, retrying: 0, changed: 0, returned: 0 }, elapsedMs: 0, stopped: options.control.mode },
    };
  }
  const worker = await runWorker(store, {
    jobs: options.jobs,
    timeoutMs: options.timeoutMs,
    memoryLimitMb: options.memoryLimitMb,
    pipelineVersion: options.pipelineVersion,
    exitWhenIdle: true,
    control: options.control,
    onEvent: onWorkerEvent,
    childEntry: options.childEntry,
    childEnv: options.childEnv,
  });
  return { enqueue: queued, worker };
}
