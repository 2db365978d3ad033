/**
 * One extraction process of the batch (forked by pool.ts, run from dist/).
 * A process rather than a worker thread, so that a document stuck in native
 * code, a segfault in a native addon or a runaway allocation can be killed
 * (SIGKILL) without touching the batch or the other documents.
 *
 * It reads the file, hashes it, extracts, and sends back the record or the
 * error. The pdf.js and OCR state it builds stays warm across documents.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { shutdownOcr } from '../../../extractors/ocr/engine.js';
import { OcrLanes } from '../../../extractors/ocr/lanes.js';
import { NianbaoError, oneLine } from '../../core/errors.js';
import { type ChildMessage, EXTRACT_MODULE_ENV, type ParentMessage } from './protocol.js';

type ExtractFn = (input: Uint8Array, options: { fileName: string; ocr: { lanes: OcrLanes } }) => Promise<unknown>;

/** This process's OCR lanes, for every document it reads: one, more while the batch lends it idle cores (protocol `lanes`). */
const lanes = new OcrLanes();

async function loadExtract(): Promise<ExtractFn> {
  const override = process.env[EXTRACT_MODULE_ENV];
  const mod = (await import(override ? pathToFileURL(override).href : '../../stages/pipeline.js')) as { extract: ExtractFn };
  return mod.extract;
}

function send(msg: ChildMessage): void {
  process.send?.(msg);
}

async function handle(extract: ExtractFn, task: Extract<ParentMessage, { type: 'task' }>): Promise<void> {
  let sha256: string | null = null;
  let size: number | null = null;
  const cpu0 = process.cpuUsage();
  try {
    const bytes = new Uint8Array(await readFile(task.path));
    size = bytes.length;
    sha256 = createHash('sha256').update(bytes).digest('hex');
    const record = await extract(bytes, { fileName: task.fileName, ocr: { lanes } });
    send({ type: 'result', id: task.id, cpuMs: cpuMsSince(cpu0), ok: true, sha256, size, record });
  } catch (err) {
    send({ type: 'result', id: task.id, cpuMs: cpuMsSince(cpu0), ok: false, sha256, size, ...describeError(err) });
  }
}

/** CPU time of this whole process (all threads, e.g. the OCR worker's) since `from`. */
function cpuMsSince(from?: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** One line for the store and the summary, whatever was thrown. */
function describeError(err: unknown): { code: string; message: string } {
  const e = NianbaoError.from(err);
  return { code: e.code, message: oneLine(e.message) };
}

/**
 * 'disconnect' needs this thread's event loop, which a document stuck in a
 * native call never gives back: a small thread of its own checks that the
 * batch is still our parent, and kills this process when it is gone, so a
 * batch killed with -9 leaves no orphan spinning.
 */
function watchParent(): void {
  const code = `
    const { workerData } = require('node:worker_threads');
    setInterval(() => { if (process.ppid !== workerData.ppid) process.kill(workerData.pid, 'SIGKILL'); }, 500);`;
  new Worker(code, { eval: true, workerData: { ppid: process.ppid, pid: process.pid } }).unref();
}

async function main(): Promise<void> {
  // Ctrl-C reaches the whole process group: the batch decides what stops.
  process.on('SIGINT', () => {});
  // The batch died (even kill -9): nobody will read our results.
  process.on('disconnect', () => process.exit(0));
  watchParent();

  const extract = await loadExtract();
  let queue = Promise.resolve();
  process.on('message', (msg: ParentMessage) => {
    if (msg.type === 'task') {
      queue = queue.then(() => handle(extract, msg));
    } else if (msg.type === 'lanes') {
      // at once, not after the document: the document in progress is what uses them
      lanes.set(msg.n);
    } else if (msg.type === 'shutdown') {
      queue = queue.then(async () => {
        await shutdownOcr();
        process.disconnect?.();
        process.exit(0);
      });
    }
  });
  send({ type: 'ready', cpuMs: cpuMsSince() });
}

main().catch((err: unknown) => {
  process.stderr.write(`${oneLine((err as Error)?.message ?? String(err))}\n`);
  process.exit(70);
});
