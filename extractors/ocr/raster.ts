/**
 * Pixel buffers for OCR: colour in (RGB or RGBA, from pdf.js or a decoded
 * image file), one 8-bit grey plane out. The red seal (公章) is removed while
 * the colour is still there: after greying, red ink is as dark as text.
 */

/** An 8-bit grey image, row-major, 0 = black. */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Interleaved colour pixels: 1 (grey), 3 (RGB) or 4 (RGBA) bytes per pixel. */
export interface ColorPixels {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** A4's sides in inches: a page image of unknown resolution is taken for an A4 page. */
export const A4 = { short: 8.27, long: 11.69 };

/** Above this many pixels an image is refused (a decompression bomb, not a report page). */
export const MAX_PIXELS = 120_000_000;

/**
 * Seal ink: red clearly dominates green and blue. The margin keeps warm grey
 * paper and JPEG colour noise around black text out.
 */
export function isSealRed(r: number, g: number, b: number): boolean {
  return r - Math.max(g, b) > 45 && r > 110;
}

export interface GrayConversion {
  gray: Gray;
  /** Pixels turned white as seal ink. */
  sealPixels: number;
}

/** Seal-red pixels this much darker than the seal's own red (its median luminance) are print under the seal. */
const UNDER_SEAL = 0.7;

/**
 * Grey (ITU-R 601 luma) with seal ink turned white. Black text under the
 * seal stays dark: where its red does not dominate, and where it does
 * (print under a translucent stamp comes out a dark red) but the pixel is
 * clearly darker than the seal's own red (UNDER_SEAL of its median
 * luminance). Whitened, those pixels cut the digits a seal stands over (a
 * 1 lost, 16 read as 1). Alpha is composited on white (transparent PNG
 * backgrounds).
 */
export function toGray(px: ColorPixels, removeSeal = true): GrayConversion {
  const { width, height, channels, data } = px;
  const out = new Uint8Array(width * height);
  if (channels === 1) {
    out.set(data.subarray(0, width * height));
    return { gray: { width, height, data: out }, sealPixels: 0 };
  }
  const seal = new Uint8Array(removeSeal ? out.length : 0);
  const sealLuma = new Uint32Array(256);
  let red = 0;
  for (let i = 0, p = 0; i < out.length; i++, p += channels) {
    let r = data[p]!,
      g = data[p + 1]!,
      b = data[p + 2]!;
    if (channels === 4) {
      const a = data[p + 3]!;
      if (a < 255) {
        r = (r * a + 255 * (255 - a)) / 255;
        g = (g * a + 255 * (255 - a)) / 255;
        b = (b * a + 255 * (255 - a)) / 255;
      }
    }
    out[i] = (r * 299 + g * 587 + b * 114) / 1000;
    if (removeSeal && isSealRed(r, g, b)) {
      seal[i] = 1;
      sealLuma[out[i]!]!++;
      red++;
    }
  }
  let sealPixels = 0;
  if (red) {
    const under = UNDER_SEAL * histogramRank(sealLuma, red / 2);
    for (let i = 0; i < out.length; i++) {
      if (seal[i] && out[i]! > under) {
        out[i] = 255;
        sealPixels++;
      }
    }
  }
  return { gray: { width, height, data: out }, sealPixels };
}

/** How many pixels have each grey level. */
export function histogram(data: Uint8Array): Uint32Array {
  const hist = new Uint32Array(256);
  for (const v of data) hist[v]!++;
  return hist;
}

/**
 * The least level whose count, with all those below it, exceeds `rank`: the
 * value at that rank of the sorted pixels, counted in a histogram instead of
 * sorting them (255 when there are not that many). A median, a percentile.
 */
export function histogramRank(hist: Uint32Array, rank: number): number {
  let seen = 0;
  for (let v = 0; v < hist.length; v++) if ((seen += hist[v]!) > rank) return v;
  return hist.length - 1;
}

/** Binary PGM (P5): tesseract's leptonica reads it directly, with no encode cost. */
export function encodePgm(img: Gray): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** A copy of a rectangle, clamped to the image; `pad` white pixels around it (tesseract wants a margin). */
export function crop(img: Gray, x: number, y: number, w: number, h: number, pad = 0): Gray {
  const x0 = Math.max(0, Math.floor(x)),
    y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(img.width, Math.ceil(x + w)),
    y1 = Math.min(img.height, Math.ceil(y + h));
  const cw = Math.max(0, x1 - x0),
    ch = Math.max(0, y1 - y0);
  const ow = cw + 2 * pad,
    oh = ch + 2 * pad;
  const data = new Uint8Array(ow * oh).fill(255);
  for (let r = 0; r < ch; r++) {
    const src = (y0 + r) * img.width + x0;
    data.set(img.data.subarray(src, src + cw), (r + pad) * ow + pad);
  }
  return { width: ow, height: oh, data };
}

/** Nearest-neighbour-free box downscale by an integer factor (mean of each block). */
export function downscale(img: Gray, factor: number): Gray {
  if (factor <= 1) return img;
  const w = Math.floor(img.width / factor),
    h = Math.floor(img.height / factor);
  const data = new Uint8Array(w * h);
  const n = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) s += img.data[row + dx]!;
      }
      data[y * w + x] = s / n;
    }
  }
  return { width: w, height: h, data };
}

/** Bilinear upscale by an integer factor: small cell crops read better when characters are ~30 px tall. */
export function upscale(img: Gray, factor: number): Gray {
  if (factor <= 1) return img;
  const w = img.width * factor,
    h = img.height * factor;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(sy),
      y1 = Math.min(img.height - 1, y0 + 1),
      fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(sx),
        x1 = Math.min(img.width - 1, x0 + 1),
        fx = sx - x0;
      const a = img.data[y0 * img.width + x0]!,
        b = img.data[y0 * img.width + x1]!;
      const c = img.data[y1 * img.width + x0]!,
        d = img.data[y1 * img.width + x1]!;
      data[y * w + x] = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
    }
  }
  return { width: w, height: h, data };
}

/**
 * Bilinear resampling by any factor above 1 (1.5, 2.5 …): the output is
 * round(width × factor) by round(height × factor), each output pixel sampled
 * at its centre mapped back (so the picture neither shifts nor shrinks).
 */
export function resample(img: Gray, factor: number): Gray {
  if (!(factor > 1)) return img;
  const w = Math.max(1, Math.round(img.width * factor)),
    h = Math.max(1, Math.round(img.height * factor));
  const fxs = img.width / w,
    fys = img.height / h;
  const data = new Uint8Array(w * h);
  const xs0 = new Int32Array(w),
    xs1 = new Int32Array(w),
    xf = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const sx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * fxs - 0.5));
    xs0[x] = Math.floor(sx);
    xs1[x] = Math.min(img.width - 1, xs0[x]! + 1);
    xf[x] = sx - xs0[x]!;
  }
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * fys - 0.5));
    const y0 = Math.floor(sy),
      y1 = Math.min(img.height - 1, y0 + 1),
      fy = sy - y0;
    const r0 = y0 * img.width,
      r1 = y1 * img.width;
    for (let x = 0; x < w; x++) {
      const x0 = xs0[x]!,
        x1 = xs1[x]!,
        fx = xf[x]!;
      const a = img.data[r0 + x0]!,
        b = img.data[r0 + x1]!;
      const c = img.data[r1 + x0]!,
        d = img.data[r1 + x1]!;
      data[y * w + x] = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
    }
  }
  return { width: w, height: h, data };
}
