/**
 * The pixels of a scanned PDF page. Where the page is one big image, that
 * image is taken as decoded by pdf.js (no resampling); any
 * other page (several images, rotated placement, vector content) is
 * rendered at 300 dpi through pdf.js's own canvas factory (the one copy of
 * @napi-rs/canvas pdf.js uses: a second copy segfaults).
 */
import { NianbaoError } from '../../src/core/errors.js';
import { pdfjs, type PDFDocumentProxy } from '../pdfjs.js';
import { withRenderedPage } from '../pdf-render.js';
import type { ColorPixels } from './raster.js';

type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 applied after m2, as PDF's `cm` concatenates: CTM' = m1 × CTM. */
function multiply(m1: Matrix, m2: Matrix): Matrix {
  const [a1, b1, c1, d1, e1, f1] = m1;
  const [a2, b2, c2, d2, e2, f2] = m2;
  return [a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2, e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2];
}

/** pdf.js decoded image data (src/shared/util.js ImageKind). */
interface DecodedImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
  bitmap?: unknown;
}

const IMAGE_KIND = { GRAYSCALE_1BPP: 1, RGB_24BPP: 2, RGBA_32BPP: 3 } as const;

interface PlacedImage {
  ctm: Matrix;
  image: DecodedImage;
}

export interface PageRaster {
  pixels: ColorPixels;
  /** How the pixels were obtained. */
  source: 'embedded' | 'rendered';
  /** Resolution of the pixels on the page (for tesseract's user_defined_dpi). */
  dpi: number;
}

/** Fraction of the page an image must cover to be "the page". */
const FULL_PAGE = 0.8;
const RENDER_DPI = 300;

export async function pageRaster(doc: PDFDocumentProxy, pageNumber: number): Promise<PageRaster> {
  const page = await doc.getPage(pageNumber);
  try {
    const embedded = page.rotate % 360 === 0 ? await fullPageImage(page) : undefined;
    if (embedded) return { pixels: embedded.pixels, source: 'embedded', dpi: embedded.dpi };
    return { ...(await renderPage(doc, page)), source: 'rendered' };
  } finally {
    page.cleanup();
  }
}

type PdfPage = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;

async function fullPageImage(page: PdfPage): Promise<{ pixels: ColorPixels; dpi: number } | undefined> {
  const ops = await page.getOperatorList();
  const placed: PlacedImage[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  let otherPaint = false;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === pdfjs.OPS.save) stack.push(ctm);
    else if (fn === pdfjs.OPS.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === pdfjs.OPS.transform) ctm = multiply(args as Matrix, ctm);
    else if (fn === pdfjs.OPS.paintImageXObject) {
      const id = args[0] as string;
      const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
      const image = await new Promise<DecodedImage>((resolve) => objs.get(id, resolve as (v: unknown) => void));
      placed.push({ ctm, image });
    } else if (fn === pdfjs.OPS.paintInlineImageXObject) {
      placed.push({ ctm, image: args[0] as DecodedImage });
    } else if (
      fn === pdfjs.OPS.paintImageMaskXObject ||
      fn === pdfjs.OPS.paintImageXObjectRepeat ||
      fn === pdfjs.OPS.paintInlineImageXObjectGroup ||
      fn === pdfjs.OPS.paintImageMaskXObjectGroup ||
      fn === pdfjs.OPS.paintImageMaskXObjectRepeat
    ) {
      otherPaint = true;
    }
  }
  if (otherPaint || placed.length !== 1) return undefined;
  const { ctm: m, image } = placed[0]!;
  // Only upright placements: [w 0 0 ±h x y]. Anything rotated or sheared is rendered instead.
  if (Math.abs(m[1]) > 1e-6 || Math.abs(m[2]) > 1e-6 || m[0] <= 0 || m[3] === 0) return undefined;
  const [vx0, vy0, vx1, vy1] = page.view as [number, number, number, number];
  const pageArea = (vx1 - vx0) * (vy1 - vy0);
  const x0 = Math.max(vx0, m[4]),
    x1 = Math.min(vx1, m[4] + m[0]);
  const ylo = Math.min(m[5], m[5] + m[3]),
    yhi = Math.max(m[5], m[5] + m[3]);
  const covered = Math.max(0, x1 - x0) * Math.max(0, Math.min(vy1, yhi) - Math.max(vy0, ylo));
  if (covered < FULL_PAGE * pageArea) return undefined;
  const px = decodedToPixels(image);
  if (!px) return undefined;
  // pdf.js image rows run top to bottom when d > 0; a negative d flips the image.
  return { pixels: m[3] < 0 ? flipVertical(px) : px, dpi: (px.width * 72) / m[0] };
}

function decodedToPixels(img: DecodedImage): ColorPixels | undefined {
  const { width, height, kind, data } = img;
  if (!data || !width || !height) return undefined;
  if (kind === IMAGE_KIND.RGB_24BPP && data.length >= width * height * 3) return { width, height, channels: 3, data };
  if (kind === IMAGE_KIND.RGBA_32BPP && data.length >= width * height * 4) return { width, height, channels: 4, data };
  if (kind === IMAGE_KIND.GRAYSCALE_1BPP) {
    // Rows padded to whole bytes; a set bit is white (pdf.js putBinaryImageData).
    const rowBytes = (width + 7) >> 3;
    if (data.length < rowBytes * height) return undefined;
    const out = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) out[y * width + x] = data[y * rowBytes + (x >> 3)]! & (128 >> (x & 7)) ? 255 : 0;
    }
    return { width, height, channels: 1, data: out };
  }
  return undefined;
}

function flipVertical(px: ColorPixels): ColorPixels {
  const row = px.width * px.channels;
  const out = new Uint8Array(px.data.length);
  for (let y = 0; y < px.height; y++) out.set(px.data.subarray(y * row, (y + 1) * row), (px.height - 1 - y) * row);
  return { ...px, data: out };
}

/**
 * Pixels a page is rendered into at most: an A2 sheet at 300 dpi. A page
 * larger than that (a hostile 5500 pt square would be 525 Mpx, 2 GB of RGBA)
 * is rendered at the resolution that fits, decided before any allocation.
 */
export const MAX_RENDER_PIXELS = 36_000_000;

/** The scale (pixels per point) to render a page of this size in points at. */
export function renderScale(widthPt: number, heightPt: number): number {
  const full = RENDER_DPI / 72;
  const area = Math.max(1, widthPt * heightPt);
  return Math.min(full, Math.sqrt(MAX_RENDER_PIXELS / area) * 0.999);
}

async function renderPage(doc: PDFDocumentProxy, page: PdfPage): Promise<{ pixels: ColorPixels; dpi: number }> {
  const unit = page.getViewport({ scale: 1 });
  const scale = renderScale(unit.width, unit.height);
  try {
    return await withRenderedPage(doc, page, page.getViewport({ scale }), (cc, width, height) => {
      const { data } = cc.context.getImageData(0, 0, width, height);
      return { pixels: { width, height, channels: 4 as const, data }, dpi: scale * 72 };
    });
  } catch (err) {
    throw new NianbaoError('unreadable', `page ${page.pageNumber} could not be rendered for OCR (${(err as Error)?.message ?? err})`, { cause: err });
  }
}
