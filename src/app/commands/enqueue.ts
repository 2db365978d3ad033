/** `nianbao enqueue <paths...> --store postgres://…`: queue every readable file the shared store lacks. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isProblem, numberOption, parseCommandArgs, usage as usageOf } from './args.js';
import { openQueueStore, STORE_HELP, storeFailure } from './queue-store.js';
import { printable } from '../../core/errors.js';
import { PIPELINE_VERSION } from '../../stages/pipeline.js';
import { ensureQueue, startBoss } from '../queue/boss.js';
import { type EnqueueEvent, type EnqueueSummary, enqueue } from '../queue/enqueue.js';
import { DEFAULT_QUEUE_SETTINGS, type QueueSettings } from '../queue/settings.js';

export const HELP = `Usage: nianbao enqueue <file or folder>... --store postgres://… [options]

Walks folders recursively, as ingest does, and queues every readable report
whose content the store does not hold for this nianbao version: one job per
content (its sha256), so a report found under several paths, or queued by
several runs, is read once and stored with every path. Workers on any
machine that sees the same paths (\`nianbao worker\`) read the queue.

Prints one line per file on stdout (queued, already queued, already stored,
unreadable, skipped with the reason), and a summary on stderr.

Options:
${STORE_HELP}
  --lease SECONDS    how long a worker holds a job before it is taken back and
                     given to another (default ${DEFAULT_QUEUE_SETTINGS.leaseSeconds}; keep it above twice the
                     workers' --timeout)
  --retries N        further attempts for a document whose reading failed in a way
                     another attempt may cure: a timeout, out of memory, a crash
                     (default ${DEFAULT_QUEUE_SETTINGS.retries})
  --retry-delay SECONDS  the first retry's delay, doubled for each next one (default ${DEFAULT_QUEUE_SETTINGS.retryDelaySeconds})
                     (these three apply to the jobs queued from now on, and are kept
                     for later runs)
  --retry-failed     queue again documents stored as failed by this version
  --rehash           hash every file, even those whose path, size and time are known
  --quiet            print only the summary
  --json             print the summary as JSON on stdout instead of the lines
  -h, --help         show this help`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        store: { type: 'string' },
        lease: { type: 'string' },
        retries: { type: 'string' },
        'retry-delay': { type: 'string' },
        'retry-failed': { type: 'boolean' },
        rehash: { type: 'boolean' },
        quiet: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values: v, positionals } = parsed;
  if (!positionals.length) return usage('expected at least one file or folder');
  const settings: Partial<QueueSettings> = {};
  const wholeSeconds = { whole: true, unit: 'seconds' };
  const lease = numberOption('lease', v.lease, wholeSeconds, undefined);
  if (isProblem(lease)) return usage(lease.problem);
  const retries = numberOption('retries', v.retries, { whole: true, least: 0 }, undefined);
  if (isProblem(retries)) return usage(retries.problem);
  const retryDelay = numberOption('retry-delay', v['retry-delay'], wholeSeconds, undefined);
  if (isProblem(retryDelay)) return usage(retryDelay.problem);
  if (lease !== undefined) settings.leaseSeconds = lease;
  if (retries !== undefined) settings.retries = retries;
  if (retryDelay !== undefined) settings.retryDelaySeconds = retryDelay;
  const absent = positionals.filter((p) => !existsSync(p));
  if (absent.length) {
    for (const p of absent) process.stderr.write(`nianbao enqueue: ${p}: no such file or folder\n`);
    return 1;
  }
  const store = await openQueueStore(COMMAND, v.store, { maxConnections: 4 });
  if (typeof store === 'number') return store;
  const lines = !v.quiet && !v.json;
  const out = (s: string) => process.stdout.write(s + '\n');
  try {
    const boss = await startBoss(store);
    try {
      const queue = await ensureQueue(boss, settings);
      const summary = await enqueue(store, boss, {
        inputs: positionals,
        pipelineVersion: PIPELINE_VERSION,
        retryFailed: !!v['retry-failed'],
        rehash: !!v.rehash,
        onWalked: (_, skipped) => {
          if (lines) for (const s of skipped) out(`skipped         ${printable(s.path)}: ${s.reason}`);
        },
        onFile: (e) => {
          if (lines) out(fileLine(e));
        },
      });
      process.stderr.write(summaryLines(summary, store.name, queue).join('\n') + '\n');
      if (v.json) process.stdout.write(JSON.stringify({ store: store.name, ...summary, elapsedMs: Math.round(summary.elapsedMs), settings: queue }, null, 1) + '\n');
      return 0;
    } finally {
      await boss.stop({ graceful: false, close: false }).catch(() => {});
    }
  } catch (err) {
    return storeFailure(COMMAND, err, store.name);
  } finally {
    await store.close();
  }
}

const LABEL: Record<EnqueueEvent['outcome'], string> = { queued: 'queued', 'already-queued': 'already queued', stored: 'already stored', unreadable: 'unreadable' };

function fileLine(e: EnqueueEvent): string {
  return `${LABEL[e.outcome].padEnd(15)} ${printable(e.path)}${e.message ? `: ${e.message}` : ''}`;
}

export function summaryLines(s: EnqueueSummary, store: string, settings: QueueSettings): string[] {
  const c = s.counts;
  return [
    `nianbao enqueue: ${s.total} file${s.total === 1 ? '' : 's'} in ${(s.elapsedMs / 1000).toFixed(1)} s: queued ${c.queued} · already queued ${c['already-queued']} · already stored ${c.stored}` +
      (c.unreadable ? ` · unreadable ${c.unreadable}` : '') +
      (s.skipped.length ? ` · skipped ${s.skipped.length}` : ''),
    `  store: ${store} (lease ${settings.leaseSeconds} s, ${settings.retries} retries from ${settings.retryDelaySeconds} s)`,
  ];
}

const COMMAND = { name: 'enqueue', help: HELP };
const usage = (message: string) => usageOf(COMMAND, message);
