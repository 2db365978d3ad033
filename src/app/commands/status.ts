/** `nianbao status --store postgres://…`: the queue's counts, its workers and its pace. */
import { parseArgs } from 'node:util';
import { parseCommandArgs } from './args.js';
import { openQueueStore, STORE_HELP, storeFailure } from './queue-store.js';
import { printable } from '../../core/errors.js';
import { fmtDuration } from '../batch/progress.js';
import { type QueueStatus, queueStatus } from '../queue/status.js';

export const HELP = `Usage: nianbao status --store postgres://… [--json]

What the shared queue holds: documents queued, being read (active), done,
waiting to be retried and failed for good (with the latest reasons); the
workers seen in the last minute; and the pace, in documents a second over
the last minute and the last ten, with the time left at that pace.

Options:
${STORE_HELP}
  --json             print the numbers as JSON
  -h, --help         show this help`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () => parseArgs({ args, options: { store: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  if (typeof parsed === 'number') return parsed;
  const store = await openQueueStore(COMMAND, parsed.values.store, { readOnly: true, maxConnections: 1 });
  if (typeof store === 'number') return store;
  try {
    const s = await queueStatus(store.pool);
    process.stdout.write(parsed.values.json ? JSON.stringify({ store: store.name, ...s }, null, 1) + '\n' : formatStatus(s, store.name));
    return 0;
  } catch (err) {
    return storeFailure(COMMAND, err, store.name);
  } finally {
    await store.close();
  }
}

export function formatStatus(s: QueueStatus, name: string): string {
  const rate = (r: number) => `${r.toFixed(2)}/s`;
  const lines = [
    `${name}`,
    `  queued ${s.queued} · active ${s.active} · retrying ${s.retrying} · done ${s.done} · failed ${s.failed}`,
    `  pace: ${rate(s.throughput.lastMinute)} over the last minute, ${rate(s.throughput.last10Minutes)} over ten` + (s.etaSeconds ? ` · about ${fmtDuration(s.etaSeconds)} left` : ''),
  ];
  if (s.settings) lines.push(`  lease ${s.settings.leaseSeconds} s · ${s.settings.retries} retries from ${s.settings.retryDelaySeconds} s, doubling`);
  lines.push('', `workers seen in the last minute: ${s.workers.length}`);
  for (const w of s.workers) lines.push(`  ${w.id.padEnd(36)} ${String(w.jobs).padStart(2)} processes · ${String(w.documents).padStart(6)} stored · seen ${w.secondsSinceSeen} s ago`);
  if (s.failures.length) {
    lines.push('', `failed (latest ${s.failures.length}):`);
    for (const f of s.failures) lines.push(`  ${printable(f.path ?? '?')}: [${f.code ?? 'failed'}] ${f.message}`);
  }
  return lines.join('\n') + '\n';
}

const COMMAND = { name: 'status', help: HELP };
