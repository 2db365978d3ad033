/**
 * A pool of extraction processes (child.ts) with a per-document time limit
 * and memory limit. A document that overruns either has its process killed
 * (SIGKILL stops even a hung native call), is reported as failed, and a
 * fresh process takes the next document; no other document is affected.
 *
 * At the end of a batch, once no document is left to start, a process with
 * nothing to do exits and its core is lent to those still working: they read
 * their remaining pages and cells on more OCR threads (protocol `lanes`).
 * The record does not depend on it; the batch's last minutes go faster.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BatchFailureCode, ChildMessage, ParentMessage } from './protocol.js';

export interface PoolOptions {
  /** Extraction processes run at once. */
  jobs: number;
  /** Per-document time limit. */
  timeoutMs: number;
  /** Per-process memory limit (resident set, and the V8 heap). */
  memoryLimitMb: number;
  /** The compiled child.js; defaults to the one beside this module (or in dist/ under ts-jest). */
  entry?: string;
  /** Environment of the child processes (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
}

/** `cpuMs`: the extraction process's CPU time on this document (null when it died before saying). */
export type TaskOutcome =
  | { ok: true; sha256: string; size: number; record: unknown; millis: number; cpuMs: number }
  | { ok: false; sha256: string | null; size: number | null; code: string; message: string; millis: number; cpuMs: number | null };

/**
 * Where the processes' time went, to see what keeps a batch from scaling
 * with the processes: every process-millisecond between its fork and the
 * pool's close is start-up, busy on a document, starved (ready, no document
 * given yet although more were to come) or tail (ready, nothing left).
 */
export interface PoolProfile {
  spawned: number;
  /** fork → ready, summed over processes. */
  startupMs: number;
  startupCpuMs: number;
  /** Documents' wall time in their process, summed. */
  busyMs: number;
  /** Documents' CPU time in their process (all its threads), summed. */
  taskCpuMs: number;
  starvedMs: number;
  tailMs: number;
  /** Process-milliseconds after the close began (OCR shutdown, exit). */
  closingMs: number;
}

/** The extraction processes cannot start at all (a broken build, a missing module). */
export class PoolStartError extends Error {
  override name = 'PoolStartError';
}

/** A document abandoned because the batch was stopped. */
export class TaskAbandoned extends Error {
  override name = 'TaskAbandoned';
}

interface Task {
  id: number;
  path: string;
  fileName: string;
  resolve: (o: TaskOutcome) => void;
  reject: (e: Error) => void;
  startedAt: number;
  timer?: NodeJS.Timeout;
  onStart?: () => void;
}

interface Slot {
  child: ChildProcess;
  spawnedAt: number;
  /** Since when this process has been ready without a document. */
  idleSince: number | null;
  ready: boolean;
  task: Task | null;
  stderrTail: string;
  killedFor?: 'timeout' | 'out-of-memory' | 'abort' | 'close';
  /** OCR threads this process may use (1 unless cores were lent to it). */
  lanes: number;
  /** Stopped because nothing was left for it (its core lent to the others). */
  retired: boolean;
}

const MAX_STARTUP_FAILURES = 3;
const MEMORY_POLL_MS = 250;
/** OCR threads one process may be lent at most: each is a worker of its own (its memory: `npm run bench -- ocr`), and a document rarely keeps more busy (a judgment). */
const MAX_LANES = 4;

export function defaultChildEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = path.join(path.dirname(here), 'child.js');
  if (here.endsWith('.js') || existsSync(beside)) return beside;
  // Under ts-jest this module is src/app/batch/pool.ts; the compiled child is in dist/.
  return path.resolve(path.dirname(here), '../../../dist/src/app/batch/child.js');
}

export class ExtractionPool {
  private readonly opts: Required<Omit<PoolOptions, 'env'>> & { env?: NodeJS.ProcessEnv };
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private startupFailures = 0;
  private closed = false;
  /** The batch will queue no more documents. */
  private inputDone = false;
  private readonly poll: NodeJS.Timeout;
  /** Highest resident memory seen: this process plus its extraction processes. */
  peakRssBytes = 0;
  readonly profile: PoolProfile = {
    spawned: 0,
    startupMs: 0,
    startupCpuMs: 0,
    busyMs: 0,
    taskCpuMs: 0,
    starvedMs: 0,
    tailMs: 0,
    closingMs: 0,
  };
  private closingSince: number | null = null;

  constructor(options: PoolOptions) {
    this.opts = { ...options, entry: options.entry ?? defaultChildEntry() };
    if (!existsSync(this.opts.entry)) {
      throw new PoolStartError(`the extraction process ${this.opts.entry} does not exist: run \`npm run build\``);
    }
    this.poll = setInterval(() => this.checkMemory(), MEMORY_POLL_MS);
    this.poll.unref();
  }

  /**
   * Extract one file in a child process; resolves with the record or the
   * failure, never rejects for a bad document. `onStart` is called when a
   * process takes it (it may wait in the queue before).
   */
  run(filePath: string, fileName: string, onStart?: () => void): Promise<TaskOutcome> {
    if (this.closed) return Promise.reject(new TaskAbandoned('the pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, path: filePath, fileName, resolve, reject, startedAt: 0, onStart });
      this.pump();
    });
  }

  /**
   * No more documents will be queued: once the queue is empty, idle
   * processes stop and lend their cores to the ones still working.
   */
  noMoreTasks(): void {
    this.inputDone = true;
    this.pump();
  }

  /** Let the processes finish their current document, then stop them. */
  async close(): Promise<void> {
    this.closed = true;
    this.closingSince ??= performance.now();
    for (const s of this.slots) this.endIdle(s, 'tailMs');
    for (const t of this.queue.splice(0)) t.reject(new TaskAbandoned('the batch stopped'));
    const exits = [...this.slots].map((s) => this.stopSlot(s));
    await Promise.all(exits);
    clearInterval(this.poll);
  }

  /** Kill every process now; documents in flight are abandoned (not stored). */
  abort(): void {
    this.closed = true;
    this.closingSince ??= performance.now();
    for (const s of this.slots) this.endIdle(s, 'tailMs');
    for (const t of this.queue.splice(0)) t.reject(new TaskAbandoned('the batch stopped'));
    for (const s of this.slots) {
      s.killedFor = 'abort';
      s.child.kill('SIGKILL');
    }
    clearInterval(this.poll);
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (!this.queue.length) break;
      if (slot.ready && !slot.task) this.assign(slot, this.queue.shift()!);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.queue.length > starting && this.slots.size < this.opts.jobs) this.spawn();
    if (this.inputDone && !this.queue.length) this.lendIdleCores();
  }

  /**
   * Nothing is left to start: stop the idle processes (freeing their
   * memory) and share the batch's cores among the processes still working.
   */
  private lendIdleCores(): void {
    for (const slot of this.slots) {
      if (slot.ready && !slot.task && !slot.retired) {
        slot.retired = true;
        void this.stopSlot(slot);
      }
    }
    const working = [...this.slots].filter((s) => s.task && !s.killedFor);
    working.forEach((slot, i) => {
      const share = Math.floor(this.opts.jobs / working.length) + (i < this.opts.jobs % working.length ? 1 : 0);
      const lanes = Math.max(1, Math.min(MAX_LANES, share));
      if (lanes === slot.lanes || !slot.child.connected) return;
      slot.lanes = lanes;
      slot.child.send({ type: 'lanes', n: lanes } satisfies ParentMessage);
    });
  }

  private spawn(): void {
    const child = fork(this.opts.entry, [], {
      execArgv: childExecArgv(this.opts.jobs, availableParallelism(), this.opts.memoryLimitMb),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: this.opts.env ?? process.env,
    });
    const slot: Slot = { child, spawnedAt: performance.now(), idleSince: null, ready: false, task: null, stderrTail: '', lanes: 1, retired: false };
    this.slots.add(slot);
    this.profile.spawned++;
    // Extractors' warnings would garble the progress line: keep only a tail for crash reports.
    child.stdout?.resume();
    child.stderr?.on('data', (d: Buffer) => {
      slot.stderrTail = (slot.stderrTail + d.toString('utf8')).slice(-4000);
    });
    child.on('message', (msg: ChildMessage) => this.onMessage(slot, msg));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    child.on('error', () => {
      /* reported through 'exit' */
    });
  }

  private assign(slot: Slot, task: Task): void {
    this.endIdle(slot, 'starvedMs');
    slot.task = task;
    task.startedAt = performance.now();
    task.timer = setTimeout(() => {
      slot.killedFor = 'timeout';
      slot.child.kill('SIGKILL');
    }, this.opts.timeoutMs);
    const msg: ParentMessage = { type: 'task', id: task.id, path: task.path, fileName: task.fileName };
    slot.child.send(msg);
    task.onStart?.();
  }

  private onMessage(slot: Slot, msg: ChildMessage): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      slot.idleSince = performance.now();
      this.profile.startupMs += slot.idleSince - slot.spawnedAt;
      this.profile.startupCpuMs += msg.cpuMs;
      this.startupFailures = 0;
      this.pump();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== msg.id || slot.killedFor) return;
    clearTimeout(task.timer);
    slot.task = null;
    slot.idleSince = performance.now();
    const millis = slot.idleSince - task.startedAt;
    this.profile.busyMs += millis;
    this.profile.taskCpuMs += msg.cpuMs;
    task.resolve(msg.ok ? { ok: true, sha256: msg.sha256, size: msg.size, record: msg.record, millis, cpuMs: msg.cpuMs } : { ...stripType(msg), millis });
    this.pump();
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    this.slots.delete(slot);
    const now = performance.now();
    this.endIdle(slot, this.closed || slot.retired ? 'tailMs' : 'starvedMs');
    if (this.closingSince !== null) this.profile.closingMs += now - Math.max(this.closingSince, slot.spawnedAt);
    const task = slot.task;
    if (task) {
      clearTimeout(task.timer);
      const millis = now - task.startedAt;
      this.profile.busyMs += millis;
      const fail = (c: BatchFailureCode, message: string) => task.resolve({ ok: false, sha256: null, size: null, code: c, message, millis, cpuMs: null });
      if (slot.killedFor === 'abort' || slot.killedFor === 'close') task.reject(new TaskAbandoned('the batch stopped'));
      else if (slot.killedFor === 'timeout') fail('timeout', `extraction exceeded the time limit (${fmtSeconds(this.opts.timeoutMs)}) and was stopped`);
      else if (slot.killedFor === 'out-of-memory' || /heap out of memory|Allocation failed/i.test(slot.stderrTail)) {
        fail('out-of-memory', `extraction exceeded the memory limit (${this.opts.memoryLimitMb} MiB) and was stopped`);
      } else {
        fail('crashed', `the extraction process died (${signal ? `signal ${signal}` : `exit code ${code}`})${lastLine(slot.stderrTail)}`);
      }
    } else if (!slot.ready && !slot.killedFor && !this.closed) {
      this.startupFailures++;
      if (this.startupFailures >= MAX_STARTUP_FAILURES) {
        const err = new PoolStartError(`the extraction process cannot start (${signal ?? `exit code ${code}`})${lastLine(slot.stderrTail, 2000)}`);
        for (const t of this.queue.splice(0)) t.reject(err);
        return;
      }
    }
    this.pump();
  }

  private endIdle(slot: Slot, as: 'starvedMs' | 'tailMs'): void {
    if (slot.idleSince === null) return;
    this.profile[as] += performance.now() - slot.idleSince;
    slot.idleSince = null;
  }

  private stopSlot(slot: Slot): Promise<void> {
    return new Promise((resolve) => {
      if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
      slot.child.once('exit', () => resolve());
      const kill = setTimeout(
        () => {
          slot.killedFor ??= 'close';
          slot.child.kill('SIGKILL');
        },
        5000 + (slot.task ? this.opts.timeoutMs : 0),
      );
      kill.unref();
      slot.child.once('exit', () => clearTimeout(kill));
      if (slot.child.connected) slot.child.send({ type: 'shutdown' } satisfies ParentMessage);
      else slot.child.kill('SIGKILL');
    });
  }

  private checkMemory(): void {
    let total = process.memoryUsage.rss();
    for (const slot of this.slots) {
      const rss = residentBytes(slot.child.pid);
      if (rss === null) continue;
      total += rss;
      if (slot.task && !slot.killedFor && rss > this.opts.memoryLimitMb * 1048576) {
        slot.killedFor = 'out-of-memory';
        slot.child.kill('SIGKILL');
      }
    }
    this.peakRssBytes = Math.max(this.peakRssBytes, total);
  }
}

/**
 * Node options of the extraction processes. When the pool takes every core,
 * V8's garbage collector runs on the process's own thread: its parallel and
 * concurrent helper threads would only compete with the other processes for
 * cores they already fill. With a core to spare they are a gain, and stay.
 */
export function childExecArgv(jobs: number, cores: number, memoryLimitMb: number): string[] {
  const args = [`--max-old-space-size=${memoryLimitMb}`];
  if (jobs >= cores) args.push('--single-threaded-gc');
  return args;
}

function stripType<T extends { type: string }>(msg: T): Omit<T, 'type' | 'id'> {
  const { type: _t, id: _i, ...rest } = msg as T & { id?: number };
  return rest as Omit<T, 'type' | 'id'>;
}

/** Resident memory of a process from /proc (Linux); null elsewhere or when it is gone. */
function residentBytes(pid: number | undefined): number | null {
  if (!pid || process.platform !== 'linux') return null;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function lastLine(tail: string, max = 300): string {
  const lines = tail.trim().split('\n').filter(Boolean);
  const last = lines.slice(-3).join(' | ').slice(-max);
  return last ? `: ${last}` : '';
}

function fmtSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}
