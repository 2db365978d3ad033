/**
 * Image sources (PNG, JPEG; a scanned or photographed report, possibly all
 * pages stitched into one tall image): decoded with @napi-rs/canvas (the
 * copy pdf.js uses), cut back into pages where several were stitched, each
 * cleaned and OCR'd.
 */
import { type Canvas, createCanvas, loadImage } from '@napi-rs/canvas';
import { NianbaoError } from '../src/core/errors.js';
import type { Layout, Page } from '../src/core/layout.js';
import { inLanes } from './ocr/lanes.js';
import { pageRotatedFinding, uprightPage } from './ocr/orient.js';
import { makeInkAt, makeReread, ocrOptions, readPageImage } from './ocr/page.js';
import { checkImage } from './ocr/image-check.js';
import { MAX_PIXELS, type ColorPixels } from './ocr/raster.js';
import { SIGNATURES } from './signatures.js';
import { splitStitchedPages } from './ocr/stitched.js';
import type { ExtractorOptions } from './types.js';

export async function extractImage(bytes: Uint8Array, options: ExtractorOptions): Promise<Layout> {
  const { file } = options;
  try {
    const ocr = ocrOptions(options);
    // An image scanned sideways or upside down is turned upright as a whole, before it is cut into
    // pages: a stitched image lying on its side is one wide picture, and upside down its pages come last first.
    const { pixels, turn } = await uprightPage(await decodeImage(bytes), undefined, ocr);
    // Pages stitched into one tall image become pages again, as a PDF would give them
    // (a table continued on the next page, its header repeated, is then what the reconstructor expects),
    // read in parallel when the process has OCR lanes to spare.
    const read = await inLanes(ocr.lanes, splitStitchedPages(pixels), (part, i) => readPageImage(part, i + 1, undefined, ocr));
    const pages: Page[] = read.map((r) => r.page);
    const findings: Layout['findings'] = read.flatMap((r) => (turn ? [pageRotatedFinding(r.page.number, turn), ...r.findings] : r.findings));
    return { kind: 'image', pages, findings, reread: makeReread(pages, ocr), inkAt: makeInkAt(pages) };
  } catch (err) {
    if (err instanceof NianbaoError) {
      err.file ??= file;
      throw err;
    }
    throw new NianbaoError('ocr-failed', `OCR failed (${(err as Error)?.message ?? err})`, { file, cause: err });
  }
}

/** Decode PNG or JPEG bytes to RGBA pixels; a damaged or unsupported image is a NianbaoError. */
export async function decodeImage(bytes: Uint8Array): Promise<ColorPixels> {
  if (SIGNATURES.tiff(bytes)) {
    throw new NianbaoError('unsupported-kind', 'TIFF images are not supported; convert the scan to PNG or PDF first (e.g. tiff2pdf or convert)');
  }
  const header = checkImage(bytes);
  if (header.width * header.height > MAX_PIXELS) {
    throw new NianbaoError('too-large', `the image is ${header.width}×${header.height} px, over the ${MAX_PIXELS / 1e6} Mpx limit`);
  }
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new NianbaoError('unreadable', `the image cannot be decoded: it is damaged or not a PNG/JPEG (${(err as Error)?.message ?? err})`, { cause: err });
  }
  const { width, height } = img;
  if (!width || !height) throw new NianbaoError('unreadable', 'the image cannot be decoded: it has no pixels (damaged or truncated)');
  if (width * height > MAX_PIXELS) {
    throw new NianbaoError('too-large', `the image is ${width}×${height} px, over the ${MAX_PIXELS / 1e6} Mpx limit`);
  }
  // the drawing library refuses a side past 32767 px with a bare 'Create skia surface failed'
  if (Math.max(width, height) > MAX_SIDE) {
    throw new NianbaoError('too-large', `the image is ${width}×${height} px; a side longer than ${MAX_SIDE} px cannot be drawn (cut the scan into pages)`);
  }
  let canvas: Canvas;
  try {
    canvas = createCanvas(width, height);
  } catch (err) {
    throw new NianbaoError('too-large', `no ${width}×${height} px canvas could be made for the image (${(err as Error)?.message ?? err}): too large for memory`, { cause: err });
  }
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, width, height);
  return { width, height, channels: 4, data };
}

/** The longest side a canvas of the drawing library (Skia) may have. */
const MAX_SIDE = 32767;
