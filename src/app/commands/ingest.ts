/** `nianbao ingest <paths...>`: extract every report under folders into the store. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { COUNT, isProblem, numberOption, parseCommandArgs, SECONDS, usage as usageOf } from './args.js';
import { BatchControl, ingest } from '../batch/ingest.js';
import { PoolStartError } from '../batch/pool.js';
import { Progress, summaryLines } from '../batch/progress.js';
import { NianbaoError } from '../../core/errors.js';
import { PIPELINE_VERSION } from '../../stages/pipeline.js';
import { DEFAULT_STORE } from '../store/store.js';
import { storeLocation } from '../store/location.js';
import { runQueued } from './ingest-queued.js';
import { stopOnSignals } from './signals.js';

export const DEFAULT_TIMEOUT_S = 300;
export const DEFAULT_MEMORY_MB = 2048;

export const HELP = `Usage: nianbao ingest <file or folder>... [options]

Walks folders recursively and extracts every report nianbao reads (.pdf .txt
.html .htm .docx .png .jpg .jpeg) into a SQLite store, in parallel. TIFF
scans (.tif .tiff) are not read yet: each is stored as failed, saying how to
convert it, so that none goes unnoticed. Other files are listed as skipped,
with the reason. Each document is stored
in its own transaction as soon as it is done, keyed by its sha256: the same
report under two paths is stored once, with both paths.

Resumable: run the same command again after Ctrl-C, a crash or kill -9, and
documents already stored by this pipeline version are skipped; a newer
nianbao re-extracts them. Ctrl-C once finishes the documents in progress,
twice abandons them.

Progress: on a terminal, a status line (documents done, the share of the
estimated work done, the time left) and under it the files being read now,
with how long each has run and how long its kind's pace gives it; elsewhere,
one line per document extracted. The time left is counted in the work the
batch estimated (an image's pixels, other files' bytes at a scan's pixels
per byte), at the pace of the documents most like each one (same kind,
nearest in size), not in documents: while the scans are read, every PDF
left counts as a scan, so until the first small PDFs are done the time left
is too long by what the text PDFs would take as scans.

A document that cannot be read, or that exceeds the time or memory limit,
is stored as failed with the reason and the batch goes on. The exit code is
0 when the batch completed (failed documents included: see the summary or
\`nianbao stats\`), 130 when stopped, 1 when the batch itself could not run.

Options:
  --db FILE          the store (default ./${DEFAULT_STORE}; created if missing)
  --store S          the store: a SQLite file as --db, or postgres://… for a shared
                     one: the files are queued there and read by a local worker
                     until the queue is drained (see nianbao enqueue, worker, status)
  --jobs N           extraction processes in parallel (default: one per core, here ${availableParallelism()};
                     never more than the files to read, nor than memory holds at --max-memory);
                     at the end of the batch the cores of finished processes
                     go to those still reading scans
  --timeout SECONDS  per-document time limit (default ${DEFAULT_TIMEOUT_S})
  --max-memory MB    per-document memory limit (default ${DEFAULT_MEMORY_MB})
  --retry-failed     extract again documents stored as failed by this version
  --rehash           hash every file, even those whose path, size and time are known
  --quiet            print only the summary
  --json             print the summary as JSON on stdout (counts, skipped, failures)
  -h, --help         show this help`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        store: { type: 'string' },
        jobs: { type: 'string' },
        timeout: { type: 'string' },
        'max-memory': { type: 'string' },
        'retry-failed': { type: 'boolean' },
        rehash: { type: 'boolean' },
        quiet: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!positionals.length) return usage('expected at least one file or folder');
  const limits = extractionLimits(values);
  if ('problem' in limits) return usage(limits.problem);
  const { jobs, timeoutS, memoryMb } = limits;
  // a typo, or a glob the shell did not expand ('*.pdf' quoted), must not pass as an empty batch
  const absent = positionals.filter((p) => !existsSync(p));
  if (absent.length) {
    for (const p of absent) process.stderr.write(`nianbao ingest: ${p}: no such file or folder${/[*?[]/.test(p) ? ' (a pattern the shell did not expand?)' : ''}\n`);
    return 1;
  }
  const location = storeLocation(values);
  if ('problem' in location) return usage(location.problem);
  if (location.kind === 'postgres')
    return runQueued(location, { inputs: positionals, jobs, timeoutS, memoryMb, retryFailed: !!values['retry-failed'], rehash: !!values.rehash, quiet: !!values.quiet, json: !!values.json });
  const db = location.file;

  const stderr = process.stderr;
  const progress = new Progress(stderr, { tty: !!stderr.isTTY, quiet: !!values.quiet, columns: stderr.columns });
  const control = new BatchControl();
  const removeSignals = stopOnSignals(control, (mode) =>
    progress.line(mode === 'finish' ? 'stopping: finishing the documents in progress (Ctrl-C again to abandon them)…' : 'stopping now: abandoning the documents in progress…'),
  );
  try {
    const summary = await ingest({
      inputs: positionals,
      db,
      jobs,
      timeoutMs: Math.round(timeoutS * 1000),
      memoryLimitMb: memoryMb,
      pipelineVersion: PIPELINE_VERSION,
      retryFailed: !!values['retry-failed'],
      rehash: !!values.rehash,
      control,
      onEvent: progress.onEvent,
    });
    progress.end();
    const resume = ['nianbao', 'ingest', ...args].map(shellQuote).join(' ');
    stderr.write(summaryLines(summary, { db, resumeCommand: resume }).join('\n') + '\n');
    if (values.json) {
      const { total, counts, skipped, failures, notReached, elapsedMs, stopped } = summary;
      process.stdout.write(JSON.stringify({ db, total, counts, notReached, skipped, failures, elapsedMs: Math.round(elapsedMs), stopped }, null, 1) + '\n');
    }
    return summary.stopped ? 130 : 0;
  } catch (err) {
    progress.end();
    if (err instanceof NianbaoError || err instanceof PoolStartError) {
      stderr.write(`nianbao ingest: ${err instanceof NianbaoError ? err.describe() : err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    removeSignals();
  }
}

/** The per-document limits ingest and worker both take (--jobs, --timeout, --max-memory), or the usage problem with the first that is off. */
export function extractionLimits(v: { jobs?: string; timeout?: string; 'max-memory'?: string }): { jobs: number; timeoutS: number; memoryMb: number } | { problem: string } {
  const jobs = numberOption('jobs', v.jobs, COUNT, availableParallelism());
  const timeoutS = numberOption('timeout', v.timeout, SECONDS, DEFAULT_TIMEOUT_S);
  const memoryMb = numberOption('max-memory', v['max-memory'], { whole: true, least: 64, unit: 'MB' }, DEFAULT_MEMORY_MB);
  if (isProblem(jobs)) return jobs;
  if (isProblem(timeoutS)) return timeoutS;
  if (isProblem(memoryMb)) return memoryMb;
  return { jobs, timeoutS, memoryMb };
}

const COMMAND = { name: 'ingest', help: HELP };
const usage = (message: string) => usageOf(COMMAND, message);

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
