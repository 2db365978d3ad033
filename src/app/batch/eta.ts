/**
 * How long a batch has left, from the work the scheduler estimated for each
 * document (schedule.ts: an image's pixels, other files' bytes at a scan's
 * pixels per byte), not from a count of documents: one scan outweighs a
 * hundred text files, and the scans go first.
 *
 * The pace (milliseconds per unit of estimated work) of a document is
 * learned from the documents already extracted that are most like it: of
 * its kind and of a size within a factor of 4 of its (the median pace of the
 * few nearest), or else of any kind within that factor, or else the nearest
 * in size of any kind. Kinds differ by
 * a hundredfold (measured on the dev corpus, in ms per million units:
 * scanned PDFs 3500–6900, images 2300–8900, text PDFs 25–80, web pages
 * 60–105, Word 290–1000, text 40–240), and so do PDFs among themselves: the
 * scheduler estimates a text PDF as a scan of its size. Nearest in work
 * tells them apart once a few small PDFs are done (text PDFs are the small
 * ones); until then every PDF left counts as a scan of its size, and the
 * time left is overestimated by what the text PDFs would take as scans.
 * The time left is then the
 * batch's own schedule played forward: the documents in progress finish
 * when their pace says (less the time they have run), and the queued ones
 * go, in order, to whichever process is free first.
 */

export interface WorkItem {
  path: string;
  /** The file's kind as the walk classified it (pdf, image, text, html, docx). */
  kind: string;
  /** Estimated work (schedule.ts). */
  work: number;
}

export interface InProgress {
  path: string;
  kind: string;
  elapsedMs: number;
  /** What its pace predicts for it in all, or null before any pace is known. */
  expectedMs: number | null;
}

/** A document extracted: its estimated work, and its pace (ms per unit of work). */
interface Sample {
  work: number;
  pace: number;
}

/** Documents a pace is learned from: this many nearest in work. */
export const PACE_NEIGHBOURS = 5;
/** Documents of a kind are like one another within this factor of estimated work (a scan is 4–10 times a text PDF's). */
const LIKE_FACTOR = 4;

export class WorkEta {
  /** Not yet started, in the order they will be handed out. */
  private readonly queued = new Map<string, WorkItem>();
  private readonly running = new Map<string, { item: WorkItem; since: number }>();
  /** By kind, sorted by work. */
  private readonly samples = new Map<string, Sample[]>();
  private readonly overall: Sample[] = [];
  private totalWork = 0;
  private doneWork = 0;
  /**
   * Each document's predicted time by path, kept until the next pace sample:
   * the time left is asked for at every redraw, and a batch of 100,000 files
   * would otherwise look up every queued document's pace each second.
   */
  private readonly predicted = new Map<string, number>();

  constructor(private readonly jobs: number) {}

  /** The batch's documents, most work first (the order the batch takes them in). */
  schedule(items: readonly WorkItem[]): void {
    for (const it of items) {
      this.queued.set(it.path, it);
      this.totalWork += it.work;
    }
  }

  /** A process began extracting this document. */
  start(path: string, now: number): void {
    const item = this.queued.get(path);
    if (!item) return;
    this.queued.delete(path);
    this.running.set(path, { item, since: now });
  }

  /**
   * The document is done with. `extractedMs` is its extraction time when it
   * was extracted and stored (a pace sample); a document found already
   * stored, a duplicate, or a failure is no sample: its work leaves the
   * total when it was never started, or counts as done when it was.
   */
  finish(path: string, extractedMs: number | null): void {
    const run = this.running.get(path);
    if (run) {
      this.running.delete(path);
      this.doneWork += run.item.work;
      if (extractedMs !== null && run.item.work > 0) {
        const sample = { work: run.item.work, pace: extractedMs / run.item.work };
        const own = this.samples.get(run.item.kind) ?? [];
        insertByWork(own, sample);
        this.samples.set(run.item.kind, own);
        insertByWork(this.overall, sample);
        this.predicted.clear();
      }
      return;
    }
    const item = this.queued.get(path);
    if (item) {
      this.queued.delete(path);
      this.totalWork -= item.work;
    }
  }

  /** Milliseconds per unit of work of a document of this kind and work, or null before any document is done. */
  pace(kind: string, work: number): number | null {
    const like = Math.log(LIKE_FACTOR);
    return paceNear(this.samples.get(kind) ?? [], work, like) ?? paceNear(this.overall, work, like) ?? paceNear(this.overall, work, Infinity);
  }

  /** Documents running longer than their pace gives them: the time left counts them as ending now. */
  overdue(now: number): number {
    return this.inProgress(now).filter((f) => f.expectedMs !== null && f.elapsedMs > f.expectedMs).length;
  }

  /** Estimated milliseconds until the batch ends, or null before the first document is extracted. */
  remainingMs(now: number): number | null {
    if (this.overall.length === 0) return this.queued.size || this.running.size ? null : 0;
    const time = (item: WorkItem) => {
      let ms = this.predicted.get(item.path);
      if (ms === undefined) this.predicted.set(item.path, (ms = item.work * this.pace(item.kind, item.work)!));
      return ms;
    };
    // each process is free when its document's predicted time has run out (never before now)
    const free: number[] = [...this.running.values()].map((r) => Math.max(0, time(r.item) - (now - r.since)));
    while (free.length < this.jobs) free.push(0);
    free.sort((a, b) => a - b);
    let end = free[free.length - 1] ?? 0;
    for (const item of this.queued.values()) {
      // the earliest free process takes the next document; `free` stays sorted
      const at = free.shift()! + time(item);
      end = Math.max(end, at);
      insertSorted(free, at);
    }
    return end;
  }

  /** The share of the estimated work done, 0..1. */
  fractionDone(): number {
    return this.totalWork > 0 ? this.doneWork / this.totalWork : 0;
  }

  /** The documents being extracted now, the longest running first. */
  inProgress(now: number): InProgress[] {
    return [...this.running.entries()]
      .map(([path, r]) => {
        const pace = this.pace(r.item.kind, r.item.work);
        return { path, kind: r.item.kind, elapsedMs: now - r.since, expectedMs: pace === null ? null : r.item.work * pace };
      })
      .sort((a, b) => b.elapsedMs - a.elapsedMs);
  }
}

/** Where `x` goes in a sorted list, by `key`. */
function lowerBound<T>(xs: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0,
    hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(xs: number[], x: number): void {
  xs.splice(
    lowerBound(xs, x, (v) => v),
    0,
    x,
  );
}

function insertByWork(samples: Sample[], s: Sample): void {
  samples.splice(
    lowerBound(samples, s.work, (t) => t.work),
    0,
    s,
  );
}

/**
 * The median pace of the PACE_NEIGHBOURS samples nearest to `work` by ratio
 * (2 M and 4 M units are as near as 10 M and 20 M), none further than
 * `within` (a log ratio); null when none is. A median, so one slow outlier
 * (a page read again and again) does not move it.
 */
function paceNear(samples: readonly Sample[], work: number, within: number): number | null {
  const far = (s: Sample) => Math.abs(Math.log(s.work / work));
  let hi = lowerBound(samples, work, (t) => t.work);
  let lo = hi - 1;
  const near: number[] = [];
  while (near.length < PACE_NEIGHBOURS && (lo >= 0 || hi < samples.length)) {
    const s = hi >= samples.length || (lo >= 0 && far(samples[lo]!) <= far(samples[hi]!)) ? samples[lo--]! : samples[hi++]!;
    if (far(s) > within) break;
    near.push(s.pace);
  }
  if (!near.length) return null;
  near.sort((a, b) => a - b);
  const mid = near.length >> 1;
  return near.length % 2 ? near[mid]! : (near[mid - 1]! + near[mid]!) / 2;
}
