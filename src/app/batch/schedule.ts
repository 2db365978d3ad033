/**
 * The order in which a batch hands out documents: the most work first
 * (longest processing time first), so that at the end of a batch the
 * processes run out of work together on small documents, instead of one
 * process reading a large scan while the others wait.
 *
 * The work is estimated before anything is extracted, as the pixels OCR
 * will read, since scans take nearly all of a batch's time:
 * - an image: its width × height, from its header. File size misleads here:
 *   a PNG holds a clean scan in a third of the bytes of a JPEG, yet takes as
 *   long to read;
 * - anything else: its size in bytes, at the pixels per byte of a scanned
 *   PDF. A text PDF, a web page or a Word file is then placed as if it were
 *   a scan of its size, which costs nothing: it is quick whenever it runs.
 */
import { checkImage } from '../../../extractors/ocr/image-check.js';
import { type Candidate, readHead } from './walk.js';

/**
 * A scanned page (A4 at 200 dpi, about 3.9 Mpx) takes 100 to 250 KB in a
 * PDF as JPEG or fax coding, so 16 to 39 pixels a byte: 20 is the estimate.
 */
export const SCANNED_PDF_PIXELS_PER_BYTE = 20;

/**
 * Enough of an image for its header, read for every image of the archive
 * (a resumed batch too), so kept small: a JPEG's frame header behind a
 * larger EXIF block is not reached, and that JPEG goes by its bytes.
 */
const IMAGE_HEAD_BYTES = 16 * 1024;

/** The estimated pixels to OCR; `head` is the start of the file (images only). */
export function estimatedPixels(c: Candidate, head?: Uint8Array): number {
  if (c.kind === 'image' && head) {
    try {
      const { width, height } = checkImage(head);
      return width * height;
    } catch {
      // a TIFF, or a header cut short or damaged: the extractor will say which
    }
  }
  return c.size * SCANNED_PDF_PIXELS_PER_BYTE;
}

/** Image headers read at once: a network share answers many small reads in parallel faster than in turn. */
const READS_AT_ONCE = 32;

/** A candidate and its estimated work: what the batch orders by, and what its progress measures the time left in (eta.ts). */
export interface Scheduled {
  candidate: Candidate;
  work: number;
}

/** The candidates with their estimated work, the most first; equal estimates by path, so runs repeat. */
export async function scheduleWork(candidates: readonly Candidate[]): Promise<Scheduled[]> {
  const work = new Map<Candidate, number>();
  for (let i = 0; i < candidates.length; i += READS_AT_ONCE) {
    await Promise.all(
      candidates.slice(i, i + READS_AT_ONCE).map(async (c) => {
        const head = c.kind === 'image' ? await readHead(c.path, IMAGE_HEAD_BYTES) : undefined;
        work.set(c, estimatedPixels(c, head));
      }),
    );
  }
  return [...candidates].sort((a, b) => work.get(b)! - work.get(a)! || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((candidate) => ({ candidate, work: work.get(candidate)! }));
}

/** The candidates, the most estimated work first. */
export async function mostWorkFirst(candidates: readonly Candidate[]): Promise<Candidate[]> {
  return (await scheduleWork(candidates)).map((s) => s.candidate);
}
