/**
 * What the batch shows while it runs: on a terminal, a status line on stderr
 * redrawn in place (done/total, the share of the estimated work done, the
 * time left, counts) and under it the files being extracted now, with
 * failures printed above; elsewhere (a log, CI), one plain line per
 * document extracted. The time left comes from the estimated work (eta.ts),
 * not from a count of documents.
 */
import path from 'node:path';
import type { FileOutcome, IngestEvent, IngestSummary } from './ingest.js';
import { printable } from '../../core/errors.js';
import { WorkEta } from './eta.js';
import { displayWidth } from '../../../normalizers/text.js';

export interface ProgressOptions {
  tty: boolean;
  quiet?: boolean;
  /** Terminal width, to keep each redrawn line on one row. */
  columns?: number;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

const REDRAW_MS = 100;
/** Outcomes of a document extracted and stored now: their times teach the pace. */
const EXTRACTED: ReadonlySet<FileOutcome> = new Set(['ok', 'warnings', 'errors']);

export class Progress {
  private total = 0;
  private done = 0;
  private readonly counts: Partial<Record<FileOutcome, number>> = {};
  private eta = new WorkEta(1);
  private lastDraw = 0;
  /** Rows of the block drawn last (the status line and the files in progress). */
  private drawnRows = 0;
  private readonly now: () => number;
  /** Redraws the block every second on a terminal, so the times count while a long scan is read. */
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: { write(s: string): unknown },
    private readonly opts: ProgressOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
  }

  onEvent = (e: IngestEvent): void => {
    if (e.type === 'walked') {
      this.total = e.total;
      this.eta = new WorkEta(e.jobs.jobs);
      if (this.opts.tty && !this.opts.quiet && !this.opts.now) {
        this.ticker = setInterval(() => this.drawnRows && this.draw(true), 1000);
        this.ticker.unref();
      }
      if (!this.opts.quiet) {
        this.line(`nianbao ingest: ${e.total} file${e.total === 1 ? '' : 's'} to read${e.skipped.length ? `, ${e.skipped.length} skipped (see the summary)` : ''}`);
        if (e.jobs.why) this.line(`nianbao ingest: ${e.jobs.jobs} process${e.jobs.jobs === 1 ? '' : 'es'}, not the ${e.jobs.requested} asked for: ${e.jobs.why}`);
      }
      return;
    }
    if (e.type === 'scheduled') {
      this.eta.schedule(e.files);
      return;
    }
    if (e.type === 'started') {
      this.eta.start(e.path, this.now());
      if (this.opts.tty && !this.opts.quiet) this.draw(false);
      return;
    }
    this.done++;
    this.counts[e.outcome] = (this.counts[e.outcome] ?? 0) + 1;
    this.eta.finish(e.path, EXTRACTED.has(e.outcome) && e.millis !== undefined ? e.millis : null);
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

  statusLine(): string {
    const left = this.total > this.done ? this.eta.remainingMs(this.now()) : null;
    const c = this.counts;
    const parts = [
      `${this.done}/${this.total}`,
      this.total > this.done ? `${Math.floor(this.eta.fractionDone() * 100)}% of the work · ETA ${left === null ? 'after the first document' : fmtDuration(left / 1000) + this.overdueNote()}` : '',
      `ok ${c.ok ?? 0} · warnings ${c.warnings ?? 0} · errors ${c.errors ?? 0} · failed ${(c.failed ?? 0) + (c.unreadable ?? 0)}`,
      c.unchanged ? `unchanged ${c.unchanged}` : '',
    ].filter(Boolean);
    return parts.join('  ');
  }

  private overdueNote(): string {
    const n = this.eta.overdue(this.now());
    return n ? ` + ${n} overdue` : '';
  }

  /** One line per file being extracted: how long it has run, and how long its kind's pace gives it. */
  progressLines(): string[] {
    return this.eta.inProgress(this.now()).map((f) => {
      const expected = f.expectedMs === null ? '' : ` of ~${fmtDuration(f.expectedMs / 1000)}`;
      return `  reading ${printable(f.path)} (${fmtDuration(f.elapsedMs / 1000)}${expected})`;
    });
  }

  private draw(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDraw < REDRAW_MS && this.done < this.total) return;
    this.lastDraw = now;
    const width = (this.opts.columns || 100) - 1; // 0 when the terminal size is unknown
    const rows = [this.statusLine(), ...this.progressLines()].map((l) => fit(l, width));
    this.out.write(this.clearBlock() + rows.join('\n'));
    this.drawnRows = rows.length;
  }

  /** Back to the first row of the block drawn last, and erase it all (the cursor stays on its last row between draws). */
  private clearBlock(): string {
    return '\r' + (this.drawnRows > 1 ? `\x1b[${this.drawnRows - 1}A` : '') + '\x1b[J';
  }

  /** Print a line, above the progress block on a terminal. */
  line(s: string): void {
    if (this.opts.tty && this.drawnRows) {
      this.out.write(`${this.clearBlock()}${s}\n`);
      this.drawnRows = 0;
      this.draw(true);
    } else {
      this.out.write(s + '\n');
    }
  }

  /** Clear the progress block before the summary. */
  end(): void {
    clearInterval(this.ticker);
    if (this.opts.tty && this.drawnRows) this.out.write(this.clearBlock());
    this.drawnRows = 0;
  }
}

/**
 * A line cut to the terminal's width (a Chinese character takes two
 * columns), its middle left out when too long, so that a long path keeps its
 * start and its file name; a line that wrapped would leave the block's rows
 * miscounted.
 */
export function fit(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  const chars = [...line];
  const take = (from: string[], room: number) => {
    const out: string[] = [];
    for (const ch of from) {
      room -= displayWidth(ch);
      if (room < 0) break;
      out.push(ch);
    }
    return out;
  };
  if (width < 8) return take(chars, width).join('');
  const tailRoom = Math.floor((width - 1) / 2);
  const tail = take([...chars].reverse(), tailRoom).reverse();
  return take(chars, width - 1 - tailRoom).join('') + '…' + tail.join('');
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
