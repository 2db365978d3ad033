/**
 * Structural checks before an image reaches the native decoder:
 * @napi-rs/canvas's loadImage crashes the whole process (segfault, no
 * exception) on bytes it cannot recognise at all, e.g. a PNG signature
 * followed by garbage, or a JPEG cut inside its header. A PNG must have a
 * sound IHDR (CRC checked) and image data; a JPEG must reach a frame header
 * and a scan. Truncated image data after that decodes (partly) without harm.
 */
import { crc32 } from 'node:zlib';
import { NianbaoError } from '../../src/core/errors.js';

export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bit depths the PNG standard allows for each colour type (grey, RGB, palette, grey+alpha, RGBA). */
const PNG_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

function bad(why: string): never {
  throw new NianbaoError('unreadable', `the image cannot be decoded: ${why}`);
}

export function checkImage(b: Uint8Array): ImageHeader {
  if (PNG_SIG.every((v, i) => b[i] === v)) return checkPng(b);
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return checkJpeg(b);
  bad('not a PNG or JPEG file');
}

function checkPng(b: Uint8Array): ImageHeader {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 8;
  let header: ImageHeader | undefined;
  let sawData = false;
  /** A palette image whose palette has not come yet. */
  let palette = false;
  while (pos + 8 <= b.length) {
    const len = dv.getUint32(pos);
    const type = String.fromCharCode(...b.subarray(pos + 4, pos + 8));
    if (!header) {
      if (type !== 'IHDR' || len !== 13 || pos + 25 > b.length) bad('the PNG header (IHDR) is missing or damaged');
      if (crc32(b.subarray(pos + 4, pos + 21)) !== dv.getUint32(pos + 21)) bad('the PNG header (IHDR) is corrupt (CRC mismatch)');
      const width = dv.getUint32(pos + 8),
        height = dv.getUint32(pos + 12);
      const depth = b[pos + 16]!,
        colour = b[pos + 17]!;
      if (!width || !height) bad('the PNG declares no pixels');
      // the decoder is handed only the pairs the PNG standard allows; it crashes on the others
      if (!PNG_DEPTHS[colour]?.includes(depth)) bad(`the PNG header declares an impossible pixel format (bit depth ${depth} with colour type ${colour})`);
      header = { format: 'png', width, height };
      palette = colour === 3;
    }
    if (type === 'PLTE') palette = false;
    if (type === 'IDAT') {
      if (palette) bad('the PNG is a palette image without its palette (PLTE)');
      sawData = true;
      break;
    }
    if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (!header) bad('the PNG is truncated before its header');
  if (!sawData) bad('the PNG holds no image data (IDAT)');
  return header;
}

function checkJpeg(b: Uint8Array): ImageHeader {
  let pos = 2;
  let header: ImageHeader | undefined;
  while (pos + 4 <= b.length) {
    if (b[pos] !== 0xff) bad('the JPEG structure is damaged');
    const marker = b[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const len = (b[pos + 2]! << 8) | b[pos + 3]!;
    if (len < 2 || pos + 2 + len > b.length) bad('the JPEG is truncated inside its header');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      if (len < 8) bad('the JPEG frame header is damaged');
      const height = (b[pos + 5]! << 8) | b[pos + 6]!,
        width = (b[pos + 7]! << 8) | b[pos + 8]!;
      if (!width || !height) bad('the JPEG declares no pixels');
      header = { format: 'jpeg', width, height };
    }
    if (marker === 0xda) {
      if (!header) bad('the JPEG has image data but no frame header');
      return header;
    }
    if (marker === 0xd9) break;
    pos += 2 + len;
  }
  bad(header ? 'the JPEG holds no image data' : 'the JPEG is truncated before its frame header');
}
