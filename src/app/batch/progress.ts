/**
 * What the batch shows while it runs: on a terminal, one line on stderr
 * redrawn in place (done/total, rate, ETA, counts), with failures printed
 * above it; elsewhere (a log, CI), one plain line per document extracted.
 */
import path from 'node:path';
import type { FileOutcome, IngestEvent, IngestSummary } from './ingest.js';
import { printable } from '../../core/errors.js';

export interface ProgressOptions {
  tty: boolean;
  quiet?: boolean;
  /** Terminal width, to keep the redrawn line on one row. */
  columns?: number;
}

const REDRAW_MS = 100;
const RATE_WINDOW = 50;

export class Progress {
  private total = 0;
  private done = 0;
  private readonly counts: Partial<Record<FileOutcome, number>> = {};
  private readonly recent: number[] = [];
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: { write(s: string): unknown },
    private readonly opts: ProgressOptions,
  ) {}

  onEvent = (e: IngestEvent): void => {
    if (e.type === 'walked') {
      this.total = e.total;
      if (!this.opts.quiet) {
        this.line(`nianbao ingest: ${e.total} file${e.total === 1 ? '' : 's'} to read${e.skipped.length ? `, ${e.skipped.length} skipped (see the summary)` : ''}`);
        if (e.jobs.why) this.line(`nianbao ingest: ${e.jobs.jobs} process${e.jobs.jobs === 1 ? '' : 'es'}, not the ${e.jobs.requested} asked for: ${e.jobs.why}`);
      }
      return;
    }
    this.done++;
    this.counts[e.outcome] = (this.counts[e.outcome] ?? 0) + 1;
    if (e.outcome !== 'unchanged' && e.outcome !== 'duplicate' && e.outcome !== 'abandoned') {
      this.recent.push(performance.now());
      if (this.recent.length > RATE_WINDOW) this.recent.shift();
    }
    if (this.opts.quiet) return;
    if (this.opts.tty) {
      if (e.outcome === 'failed' || e.outcome === 'unreadable') this.line(`failed   ${printable(e.path)}: ${e.message ?? ''}`);
      this.draw(false);
    } else if (e.outcome !== 'unchanged' && e.outcome !== 'duplicate') {
      const secs = e.millis !== undefined ? ` (${(e.millis / 1000).toFixed(1)} s)` : '';
      const msg = e.message ? `: ${e.message}` : '';
      this.line(`[${String(this.done).padStart(String(this.total).length)}/${this.total}] ${e.outcome.padEnd(9)}${printable(e.path)}${secs}${msg}`);
    }
  };

  /** Docs per second over the last few completions. */
  rate(): number | null {
    if (this.recent.length < 2) return null;
    const span = (this.recent[this.recent.length - 1]! - this.recent[0]!) / 1000;
    return span > 0 ? (this.recent.length - 1) / span : null;
  }

  statusLine(): string {
    const r = this.rate();
    const left = this.total - this.done;
    const eta = r && left > 0 ? ` · ETA ${fmtDuration(left / r)}` : '';
    const c = this.counts;
    const parts = [
      `${this.done}/${this.total}`,
      r ? `${r.toFixed(1)} doc/s${eta}` : '',
      `ok ${c.ok ?? 0} · warnings ${c.warnings ?? 0} · errors ${c.errors ?? 0} · failed ${(c.failed ?? 0) + (c.unreadable ?? 0)}`,
      c.unchanged ? `unchanged ${c.unchanged}` : '',
    ].filter(Boolean);
    return parts.join('  ');
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < REDRAW_MS && this.done < this.total) return;
    this.lastDraw = now;
    const width = (this.opts.columns || 100) - 1; // 0 when the terminal size is unknown
    this.out.write(`\r\x1b[2K${this.statusLine().slice(0, width)}`);
    this.drawn = true;
  }

  /** Print a line, above the progress line on a terminal. */
  line(s: string): void {
    if (this.opts.tty && this.drawn) {
      this.out.write(`\r\x1b[2K${s}\n`);
      this.draw(true);
    } else {
      this.out.write(s + '\n');
    }
  }

  /** Clear the progress line before the summary. */
  end(): void {
    if (this.opts.tty && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The end-of-batch summary, as lines. */
export function summaryLines(s: Omit<IngestSummary, 'profile'>, opts: { db: string; resumeCommand: string; maxFailures?: number }): string[] {
  const c = s.counts;
  const extracted = c.ok + c.warnings + c.errors + c.failed;
  const secs = s.elapsedMs / 1000;
  const lines = [
    `nianbao ingest: ${s.total} file${s.total === 1 ? '' : 's'} in ${fmtDuration(secs)}` + (extracted ? ` (${(extracted / Math.max(secs, 0.001)).toFixed(2)} documents/s extracted)` : ''),
    `  stored now:      ok ${c.ok} · with warnings ${c.warnings} · with errors ${c.errors} · failed ${c.failed}`,
    `  already stored:  ${c.unchanged}` + (c.duplicate ? ` · duplicates of another path ${c.duplicate}` : '') + (c.unreadable ? ` · unreadable ${c.unreadable}` : ''),
  ];
  if (s.skipped.length) {
    const byReason = new Map<string, string[]>();
    for (const k of s.skipped) byReason.set(k.reason, [...(byReason.get(k.reason) ?? []), k.path]);
    lines.push(`  skipped ${s.skipped.length} file${s.skipped.length === 1 ? '' : 's'}:`);
    for (const [reason, paths] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`    ${paths.length} × ${reason} (e.g. ${printable(paths[0]!)})`);
    }
  }
  const max = opts.maxFailures ?? 20;
  if (s.failures.length) {
    lines.push(`  failed (${s.failures.length}):`);
    for (const f of s.failures.slice(0, max)) lines.push(`    ${printable(f.path)}: [${f.code}] ${f.message}`);
    if (s.failures.length > max) lines.push(`    … and ${s.failures.length - max} more (nianbao stats lists them by cause)`);
  }
  if (s.stopped) {
    lines.push(
      `  stopped: ${s.notReached} file${s.notReached === 1 ? '' : 's'} not reached` + (c.abandoned ? `, ${c.abandoned} in progress abandoned` : '') + '. Every stored document is complete.',
      `  to resume, run the same command again: ${opts.resumeCommand}`,
    );
  }
  lines.push(`  store: ${path.resolve(opts.db)}`);
  return lines;
}
