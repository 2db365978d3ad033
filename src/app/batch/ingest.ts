/**
 * The batch: walk the inputs, skip what the store already holds for this
 * pipeline version, extract the rest in parallel processes, and store each
 * document in its own transaction as soon as it is done. Stopping (Ctrl-C)
 * or killing the batch at any point loses only documents not yet stored;
 * the next run picks them up.
 */
import { totalmem } from 'node:os';
import path from 'node:path';
import { ReportRecord } from '../../core/record.js';
import { NianbaoError } from '../../core/errors.js';
import { unchangedFile, upToDate } from '../store/known.js';
import { type DocumentInput, type KnownDocument, type PathSeen, Store, statusOf } from '../store/store.js';
import type { DocumentStatus } from '../store/schema.js';
import { hashFile } from './hash.js';
import { ExtractionPool, type PoolProfile, TaskAbandoned, type TaskOutcome } from './pool.js';
import { scheduleWork } from './schedule.js';
import { type Candidate, type Skipped, walk } from './walk.js';

export interface IngestOptions {
  inputs: readonly string[];
  /** The store file. */
  db: string;
  jobs: number;
  timeoutMs: number;
  memoryLimitMb: number;
  pipelineVersion: string;
  /** Extract again documents stored as failed by this pipeline version. */
  retryFailed?: boolean;
  /** Hash every file, even one whose path, size and mtime the store already knows. */
  rehash?: boolean;
  control?: BatchControl;
  onEvent?: (e: IngestEvent) => void;
  /** Child process entry and environment (tests, bench). */
  childEntry?: string;
  childEnv?: NodeJS.ProcessEnv;
}

/**
 * What happened to one file:
 * - a status: it was extracted and stored now;
 * - `unchanged`: the store already had it for this pipeline version;
 * - `duplicate`: the same content was found under another path in this batch;
 * - `unreadable`: the file vanished or cannot be read (nothing stored);
 * - `abandoned`: the batch stopped while it was being extracted (nothing stored).
 */
export type FileOutcome = DocumentStatus | 'unchanged' | 'duplicate' | 'unreadable' | 'abandoned';

/**
 * What the batch tells its caller, in this order: the walk's result; the
 * schedule (every file with its estimated work, in the order it is taken);
 * then for each file, when a process starts extracting it (not for files
 * already stored), and what happened to it.
 */
export type IngestEvent =
  | { type: 'walked'; total: number; skipped: Skipped[]; jobs: JobsUsed }
  | { type: 'scheduled'; files: { path: string; kind: string; work: number }[] }
  | { type: 'started'; path: string }
  | { type: 'file'; path: string; outcome: FileOutcome; millis?: number; message?: string };

export interface IngestSummary {
  /** Files taken for ingest. */
  total: number;
  skipped: Skipped[];
  counts: Record<FileOutcome, number>;
  /** Files not reached because the batch stopped early. */
  notReached: number;
  failures: { path: string; code: string; message: string }[];
  elapsedMs: number;
  peakRssBytes: number;
  stopped: false | 'finish' | 'abandon';
  profile: IngestProfile;
}

/**
 * Where a batch's time went (the bench prints it): the extraction
 * processes' time (see PoolProfile) and this process's own work, which
 * competes with them for the cores.
 */
export interface IngestProfile {
  jobs: number;
  pool: PoolProfile;
  /** This process's CPU time (user + system) over the whole batch. */
  mainCpuMs: number;
  /** Wall time of this process's serial steps, summed; the walk includes ordering the work (schedule.ts). */
  walkMs: number;
  hashMs: number;
  /** Checking each record against the schema. */
  validateMs: number;
  storeMs: number;
  /** The caller's event handler (progress). */
  eventsMs: number;
  /** Per document extracted: its wall and CPU time in its process. */
  documents: { path: string; kind: string; size: number; millis: number; cpuMs: number | null }[];
}

/** Stops a running batch: `finish` lets documents in flight complete, `abandon` kills them. */
export class BatchControl {
  mode: false | 'finish' | 'abandon' = false;
  private listeners: ((mode: 'finish' | 'abandon') => void)[] = [];
  stop(mode: 'finish' | 'abandon'): void {
    if (this.mode === 'abandon' || this.mode === mode) return;
    this.mode = mode;
    for (const l of this.listeners) l(mode);
  }
  onStop(l: (mode: 'finish' | 'abandon') => void): void {
    this.listeners.push(l);
  }
}

export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const control = options.control ?? new BatchControl();
  const prof = { walkMs: 0, hashMs: 0, validateMs: 0, storeMs: 0, eventsMs: 0, documents: [] as IngestProfile['documents'] };
  const timed = <T>(key: 'walkMs' | 'hashMs' | 'validateMs' | 'storeMs' | 'eventsMs', t0: number, value: T): T => {
    prof[key] += performance.now() - t0;
    return value;
  };
  const emit = (e: IngestEvent) => {
    if (options.onEvent) timed('eventsMs', performance.now(), options.onEvent(e));
  };
  const { candidates, skipped } = timed('walkMs', performance.now(), await walk(options.inputs));
  const jobsUsed = processesFor(options.jobs, candidates.length, options.memoryLimitMb);
  const jobs = jobsUsed.jobs;
  emit({ type: 'walked', total: candidates.length, skipped, jobs: jobsUsed });

  const counts: Record<FileOutcome, number> = {
    ok: 0,
    warnings: 0,
    errors: 0,
    failed: 0,
    unchanged: 0,
    duplicate: 0,
    unreadable: 0,
    abandoned: 0,
  };
  const failures: IngestSummary['failures'] = [];
  const report = (p: string, outcome: FileOutcome, extra: { millis?: number; message?: string; code?: string } = {}) => {
    counts[outcome]++;
    if (outcome === 'failed' || outcome === 'unreadable') failures.push({ path: p, code: extra.code ?? outcome, message: extra.message ?? '' });
    emit({ type: 'file', path: p, outcome, millis: extra.millis, message: extra.message });
  };

  const store = Store.open(options.db);
  let pool: ExtractionPool;
  try {
    pool = new ExtractionPool({
      jobs,
      timeoutMs: options.timeoutMs,
      memoryLimitMb: options.memoryLimitMb,
      entry: options.childEntry,
      env: options.childEnv,
    });
  } catch (err) {
    store.close();
    throw err;
  }
  control.onStop((mode) => {
    if (mode === 'abandon') pool.abort();
  });

  const current = (k: KnownDocument | undefined): k is KnownDocument => upToDate(k, options.pipelineVersion, options.retryFailed);

  /** Content being extracted now → the other paths it was found under meanwhile. */
  const inflight = new Map<string, PathSeen[]>();
  /** Content stored by this run (a later copy of it is a duplicate, not "unchanged"). */
  const storedNow = new Set<string>();
  const running = new Set<Promise<void>>();
  let fatal: Error | undefined;
  let reached = 0;

  const extractOne = async (c: Candidate, sha256: string, seen: PathSeen): Promise<void> => {
    let outcome: TaskOutcome;
    try {
      outcome = await pool.run(c.path, path.basename(c.path), () => emit({ type: 'started', path: c.path }));
    } catch (err) {
      inflight.delete(sha256);
      if (err instanceof TaskAbandoned) return report(c.path, 'abandoned');
      fatal ??= err as Error;
      control.stop('abandon');
      return;
    }
    const waiting = inflight.get(sha256) ?? [];
    inflight.delete(sha256);
    // The record is of the bytes the process read. If the file changed after it was hashed, the
    // copies found meanwhile hold the old bytes, not these: they are left for the next run.
    const changed = outcome.sha256 !== null && outcome.sha256 !== sha256;
    const paths = changed ? [seen] : [seen, ...waiting];
    if (changed)
      for (const w of waiting)
        report(w.path, 'unreadable', { code: 'changed-while-read', message: `its content was that of ${c.path}, which changed while it was being read; run the batch again to read it` });
    prof.documents.push({ path: c.path, kind: c.kind, size: c.size, millis: outcome.millis, cpuMs: outcome.cpuMs });
    const doc = timed('validateMs', performance.now(), toDocument(outcome, c, sha256, options.pipelineVersion));
    const t0 = performance.now();
    store.saveDocument(doc, paths);
    timed('storeMs', t0, undefined);
    storedNow.add(doc.sha256);
    report(c.path, doc.status, { millis: outcome.millis, message: doc.error ?? undefined, code: doc.errorCode ?? undefined });
  };

  try {
    const scheduled = timed('walkMs', performance.now(), await scheduleWork(candidates));
    emit({ type: 'scheduled', files: scheduled.map((s) => ({ path: s.candidate.path, kind: s.candidate.kind, work: s.work })) });
    for (const { candidate: c } of scheduled) {
      if (control.mode) break;
      reached++;
      const seen: PathSeen = { path: c.path, size: c.size, mtimeMs: c.mtimeMs };
      if (!options.rehash) {
        const kp = store.knownPath(c.path);
        if (kp && unchangedFile(kp, c) && current(kp)) {
          report(c.path, 'unchanged');
          continue;
        }
      }
      let sha256: string;
      const t0 = performance.now();
      try {
        ({ sha256 } = timed('hashMs', t0, await hashFile(c.path)));
      } catch (err) {
        report(c.path, 'unreadable', { message: `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
        continue;
      }
      const known = store.known(sha256);
      if (current(known)) {
        store.addPaths(sha256, [seen]);
        report(c.path, storedNow.has(sha256) ? 'duplicate' : 'unchanged');
        continue;
      }
      const others = inflight.get(sha256);
      if (others) {
        others.push(seen);
        report(c.path, 'duplicate');
        continue;
      }
      // Keep the pool's queue one document deep per process, so none waits idle.
      while (running.size >= jobs * 2) await Promise.race(running);
      if (control.mode) {
        reached--;
        break;
      }
      inflight.set(sha256, []);
      const p: Promise<void> = extractOne(c, sha256, seen).finally(() => running.delete(p));
      running.add(p);
    }
    pool.noMoreTasks();
    if (control.mode === 'finish') await pool.close();
    await Promise.allSettled(running);
  } finally {
    if (control.mode === 'abandon') pool.abort();
    else await pool.close();
    store.close();
  }
  if (fatal) throw fatal;
  return {
    total: candidates.length,
    skipped,
    counts,
    notReached: candidates.length - reached,
    failures,
    elapsedMs: performance.now() - started,
    peakRssBytes: pool.peakRssBytes,
    stopped: control.mode,
    profile: { jobs, pool: pool.profile, mainCpuMs: cpuMs(process.cpuUsage(cpu0)), ...prof },
  };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** The extraction processes a batch starts, and why fewer than asked for. */
export interface JobsUsed {
  jobs: number;
  requested: number;
  /** Set when `jobs` < `requested`. */
  why?: string;
}

/**
 * No more processes than files to read, nor than the machine's memory holds
 * if each used its whole per-document limit: `--jobs 1000` must not start a
 * thousand processes.
 */
export function processesFor(requested: number, files: number, memoryLimitMb: number, totalBytes = totalmem()): JobsUsed {
  const byMemory = Math.max(1, Math.floor(totalBytes / (memoryLimitMb * 1024 * 1024)));
  const byFiles = Math.max(1, files);
  const jobs = Math.min(requested, byFiles, byMemory);
  if (jobs === requested) return { jobs, requested };
  const why =
    jobs === byFiles ? `only ${files} file${files === 1 ? '' : 's'} to read` : `${Math.round(totalBytes / 2 ** 30)} GiB of memory holds ${byMemory} processes at --max-memory ${memoryLimitMb} MB`;
  return { jobs, requested, why };
}

/** The row to store for one extraction outcome. */
export function toDocument(outcome: TaskOutcome, c: Candidate, hashed: string, pipelineVersion: string): DocumentInput {
  const base = { sha256: outcome.sha256 ?? hashed, size: outcome.size ?? c.size, pipelineVersion, millis: outcome.millis };
  if (outcome.ok) {
    const parsed = ReportRecord.safeParse(outcome.record);
    if (parsed.success) {
      const record = parsed.data;
      return { ...base, kind: record.source.kind, status: statusOf(record.findings), errorCode: null, error: null, record };
    }
    const e = NianbaoError.from(parsed.error);
    return { ...base, kind: c.kind, status: 'failed', errorCode: e.code, error: e.message, record: null };
  }
  return { ...base, kind: c.kind, status: 'failed', errorCode: outcome.code, error: outcome.message, record: null };
}
