/** `nianbao ingest <paths...> --store postgres://…`: enqueue, then a local worker with the batch's progress until the queue is drained. */
import { failure } from './args.js';
import { storeFailure } from './queue-store.js';
import { stopOnSignals } from './signals.js';
import { printable } from '../../core/errors.js';
import { PIPELINE_VERSION } from '../../stages/pipeline.js';
import { BatchControl } from '../batch/ingest.js';
import { PoolStartError } from '../batch/pool.js';
import { fmtDuration, Progress } from '../batch/progress.js';
import { queuedIngest } from '../queue/ingest.js';
import { PostgresStore } from '../store/postgres.js';

export interface QueuedRunOptions {
  inputs: string[];
  jobs: number;
  timeoutS: number;
  memoryMb: number;
  retryFailed: boolean;
  rehash: boolean;
  quiet: boolean;
  json: boolean;
}

const COMMAND = { name: 'ingest', help: '' };

export async function runQueued(location: { url: string; name: string }, o: QueuedRunOptions): Promise<number> {
  let store: PostgresStore;
  try {
    store = await PostgresStore.open(location, { maxConnections: 2, applicationName: 'nianbao ingest' });
  } catch (err) {
    return failure(COMMAND, err);
  }
  const stderr = process.stderr;
  const progress = new Progress(stderr, { tty: !!stderr.isTTY, quiet: o.quiet, columns: stderr.columns });
  const control = new BatchControl();
  const removeSignals = stopOnSignals(control, (mode) =>
    progress.line(
      mode === 'finish' ? 'stopping: finishing the documents in progress (Ctrl-C again to give them back to the queue)…' : 'stopping now: giving the documents in progress back to the queue…',
    ),
  );
  try {
    const s = await queuedIngest(store, {
      inputs: o.inputs,
      jobs: o.jobs,
      timeoutMs: Math.round(o.timeoutS * 1000),
      memoryLimitMb: o.memoryMb,
      pipelineVersion: PIPELINE_VERSION,
      retryFailed: o.retryFailed,
      rehash: o.rehash,
      control,
      onEvent: progress.onEvent,
      onNotice: (line) => progress.line(`nianbao ingest: ${line}`),
    });
    progress.end();
    const q = s.enqueue.counts;
    const c = s.worker.counts;
    const lines = [
      `nianbao ingest: ${s.enqueue.total} file${s.enqueue.total === 1 ? '' : 's'}: queued ${q.queued} · already queued ${q['already-queued']} · already stored ${q.stored}` +
        (q.unreadable ? ` · unreadable ${q.unreadable}` : '') +
        (s.enqueue.skipped.length ? ` · skipped ${s.enqueue.skipped.length}` : ''),
      `  read here in ${fmtDuration(s.worker.elapsedMs / 1000)}: ok ${c.ok} · with warnings ${c.warnings} · with errors ${c.errors} · failed ${c.failed}` +
        (c.changed ? ` · changed since queued ${c.changed}` : '') +
        (c.unchanged ? ` · stored by another worker ${c.unchanged}` : ''),
      ...s.enqueue.unreadable.map((u) => `  unreadable ${printable(u.path)}: ${u.message}`),
      ...s.enqueue.skipped.slice(0, 20).map((k) => `  skipped ${printable(k.path)}: ${k.reason}`),
      ...(s.worker.stopped ? [`  stopped: documents in progress ${s.worker.stopped === 'finish' ? 'finished' : 'given back to the queue'}; run the same command again, or a worker, to go on`] : []),
      `  store: ${store.name} (nianbao status --store … for the queue, nianbao stats for the records)`,
    ];
    stderr.write(lines.join('\n') + '\n');
    if (o.json)
      process.stdout.write(
        JSON.stringify({ store: store.name, enqueue: { ...s.enqueue, elapsedMs: Math.round(s.enqueue.elapsedMs) }, worker: { ...s.worker, elapsedMs: Math.round(s.worker.elapsedMs) } }, null, 1) +
          '\n',
      );
    return s.worker.stopped ? 130 : 0;
  } catch (err) {
    progress.end();
    if (err instanceof PoolStartError) {
      stderr.write(`nianbao ingest: ${err.message}\n`);
      return 1;
    }
    return storeFailure(COMMAND, err, store.name);
  } finally {
    removeSignals();
    await store.close();
  }
}
