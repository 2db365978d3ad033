/**
 * A time limit for a command that reads one document (extract, audit,
 * diff): the second line of defence, after the algorithms' own bounds, for a
 * library call that runs for minutes on a hostile file. When the limit
 * passes, one line names the file and the process ends (exit 1). The timer
 * runs on the main thread; a watchdog thread stands behind it for a main
 * thread stuck in synchronous work, which no timer there can interrupt.
 */
import { Worker } from 'node:worker_threads';
import { printable } from '../../core/errors.js';

/** How long after the limit the watchdog ends a stuck process. */
const GRACE_MS = 5_000;

// (getBuiltinModule: the same code whether the thread's code is taken for a script or a module)
const WATCHDOG = `
const { workerData } = process.getBuiltinModule('node:worker_threads');
const { writeSync } = process.getBuiltinModule('node:fs');
// wakes early only when the command is done (the main thread writes 1)
if (Atomics.wait(new Int32Array(workerData.done), 0, 0, workerData.ms) === 'timed-out') {
  writeSync(2, workerData.message + ' (stuck; killed)\\n');
  process.kill(process.pid, 'SIGKILL');
}`;

/** Start the limit; the returned function stops it when the command is done. */
export function startDeadline(command: string, file: string, seconds: number): () => void {
  const message = `nianbao ${command}: ${printable(file)}: no result within ${seconds} s (--timeout); stopped`;
  const timer = setTimeout(() => {
    process.stderr.write(message + '\n');
    process.exit(1);
  }, seconds * 1000);
  const done = new SharedArrayBuffer(4);
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { done, ms: seconds * 1000 + GRACE_MS, message } });
  watchdog.unref();
  return () => {
    clearTimeout(timer);
    Atomics.store(new Int32Array(done), 0, 1);
    Atomics.notify(new Int32Array(done), 0);
  };
}
