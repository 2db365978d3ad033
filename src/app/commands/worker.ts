/** `nianbao worker --store postgres://…`: read queued documents into the shared store until stopped. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { parseCommandArgs, usage as usageOf } from './args.js';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, extractionLimits } from './ingest.js';
import { openQueueStore, STORE_HELP, storeFailure } from './queue-store.js';
import { stopOnSignals } from './signals.js';
import { printable } from '../../core/errors.js';
import { PIPELINE_VERSION } from '../../stages/pipeline.js';
import { BatchControl } from '../batch/ingest.js';
import { PoolStartError } from '../batch/pool.js';
import { fmtDuration } from '../batch/progress.js';
import { type WorkerEvent, runWorker } from '../queue/worker.js';

export const HELP = `Usage: nianbao worker --store postgres://… [--jobs N] [--exit-when-idle] [options]

Reads the documents \`nianbao enqueue\` queued, on this machine, until
stopped: the files by their paths (the same storage, NFS or a mounted
bucket, must be mounted at the same place on every machine), each record
stored with its job's completion in one transaction. Start as many workers,
on as many machines, as the database serves.

A worker that dies (even kill -9) loses nothing: its documents' leases run
out and other workers take them. A document whose reading failed in a way
another attempt may cure (a timeout, out of memory, a crash) is retried with
backoff, up to the queue's limit, then stored as failed with the reason; one
that is not a report, encrypted or truncated is stored as failed at once. A
file whose bytes no longer match the sha256 it was queued with is failed
with that reason. When the database goes away, the worker waits for it.

Ctrl-C (SIGINT) finishes the documents in progress and exits; a second
Ctrl-C, or SIGTERM, gives them back to the queue at once and exits.

Options:
${STORE_HELP}
  --jobs N           extraction processes (default: one per core, here ${availableParallelism()})
  --exit-when-idle   exit once nothing is queued, retrying or being read anywhere
  --timeout SECONDS  per-document time limit (default ${DEFAULT_TIMEOUT_S})
  --max-memory MB    per-document memory limit (default ${DEFAULT_MEMORY_MB})
  --quiet            print only the summary
  -h, --help         show this help

It holds at most 2 connections to the database.`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      options: {
        store: { type: 'string' },
        jobs: { type: 'string' },
        'exit-when-idle': { type: 'boolean' },
        timeout: { type: 'string' },
        'max-memory': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const limits = extractionLimits(v);
  if ('problem' in limits) return usage(limits.problem);
  const { jobs, timeoutS, memoryMb } = limits;
  const store = await openQueueStore(COMMAND, v.store, { maxConnections: 2 });
  if (typeof store === 'number') return store;

  const err = process.stderr;
  const say = (s: string) => err.write(`nianbao worker: ${s}\n`);
  const control = new BatchControl();
  const removeSignals = stopOnSignals(control, (mode) =>
    say(mode === 'finish' ? 'stopping: finishing the documents in progress (Ctrl-C again to give them back to the queue)…' : 'stopping now: giving the documents in progress back to the queue…'),
  );
  const onEvent = (e: WorkerEvent) => {
    if (e.type === 'started') say(`${e.id} reading ${store.name} with ${e.jobs} process${e.jobs === 1 ? '' : 'es'}`);
    else if (e.type === 'database') say(e.state === 'lost' ? `the database is unreachable (${e.message}); waiting for it…` : 'the database is back');
    else if (e.type === 'warning') say(e.message);
    else if (!v.quiet) {
      const secs = e.millis !== undefined ? ` (${(e.millis / 1000).toFixed(1)} s)` : '';
      const attempt = e.attempt > 1 ? ` [attempt ${e.attempt}]` : '';
      err.write(`${e.outcome.padEnd(9)} ${printable(e.path)}${secs}${attempt}${e.message ? `: ${e.message}` : ''}\n`);
    }
  };
  try {
    const s = await runWorker(store, {
      jobs,
      timeoutMs: Math.round(timeoutS * 1000),
      memoryLimitMb: memoryMb,
      pipelineVersion: PIPELINE_VERSION,
      exitWhenIdle: !!v['exit-when-idle'],
      control,
      onEvent,
    });
    const c = s.counts;
    say(
      `${c.ok + c.warnings + c.errors + c.failed} documents stored in ${fmtDuration(s.elapsedMs / 1000)}: ok ${c.ok} · warnings ${c.warnings} · errors ${c.errors} · failed ${c.failed}` +
        (c.unchanged ? ` · already stored ${c.unchanged}` : '') +
        (c.retrying ? ` · to retry ${c.retrying}` : '') +
        (c.changed ? ` · changed since queued ${c.changed}` : '') +
        (c.returned ? ` · given back ${c.returned}` : ''),
    );
    return s.stopped ? 130 : 0;
  } catch (e) {
    if (e instanceof PoolStartError) {
      say(e.message);
      return 1;
    }
    return storeFailure(COMMAND, e, store.name);
  } finally {
    removeSignals();
    await store.close();
  }
}

const COMMAND = { name: 'worker', help: HELP };
const usage = (message: string) => usageOf(COMMAND, message);
