/**
 * Reading single members of a zip archive (a .docx) with bounded memory:
 * the central directory says where each member is and how big it claims to
 * be; inflation runs in small steps and stops as soon as the output passes
 * the cap or the size the archive declared, so a zip bomb costs a few
 * megabytes and milliseconds, not gigabytes.
 */
import { Inflate } from 'fflate';
import { NianbaoError } from '../../src/core/errors.js';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** More members than any Word document has; a directory claiming more is not worth walking. */
const MAX_ENTRIES = 20000;
/** Compressed bytes handed to the inflater per step: at most ~1000× this comes out of one step. */
const INFLATE_STEP = 16 * 1024;

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** The members the archive's central directory lists. */
export function listZipEntries(bytes: Uint8Array, file: string): ZipEntry[] {
  const eocd = findEocd(bytes);
  if (eocd < 0) {
    throw new NianbaoError('unreadable', 'the .docx archive is truncated or corrupt: its end-of-central-directory record is missing', { file });
  }
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    throw new NianbaoError('unreadable', 'the .docx archive is a ZIP64 archive, which Word documents never need; refused', { file });
  }
  if (cdOffset + cdSize > eocd || count > MAX_ENTRIES) {
    throw new NianbaoError('unreadable', 'the .docx archive is truncated or corrupt: its central directory lies outside the file', { file });
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CD_SIG) {
      throw new NianbaoError('unreadable', 'the .docx archive is corrupt: a central directory record is damaged', { file });
    }
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    entries.push({
      flags: u16(bytes, p + 8),
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      uncompressedSize: u32(bytes, p + 24),
      localHeaderOffset: u32(bytes, p + 42),
      name: new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLen)),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes. */
function findEocd(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (u32(bytes, i) === EOCD_SIG && i + 22 + u16(bytes, i + 20) <= bytes.length) return i;
  }
  return -1;
}

/**
 * One member's bytes, refusing more than `maxBytes`: first by the size the
 * directory declares, then by counting while inflating (a member may lie
 * about its size), stopping at the first step that passes either.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number, file: string): Uint8Array {
  const what = `${entry.name} in the .docx archive`;
  if (entry.flags & 1) throw new NianbaoError('encrypted', `${what} is encrypted`, { file });
  if (entry.uncompressedSize > maxBytes) {
    throw new NianbaoError('too-large', `${what} declares ${mib(entry.uncompressedSize)} uncompressed, over the ${mib(maxBytes)} limit`, { file });
  }
  const lh = entry.localHeaderOffset;
  if (lh + 30 > bytes.length || u32(bytes, lh) !== LOCAL_SIG) {
    throw new NianbaoError('unreadable', `the .docx archive is truncated or corrupt: ${entry.name} is not where its directory says`, { file });
  }
  const start = lh + 30 + u16(bytes, lh + 26) + u16(bytes, lh + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) {
    throw new NianbaoError('unreadable', `the .docx archive is truncated: ${entry.name} runs past the end of the file`, { file });
  }
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (data.length !== entry.uncompressedSize) {
      throw new NianbaoError('unreadable', `the .docx archive is corrupt: stored member ${entry.name} has the wrong size`, { file });
    }
    return data;
  }
  if (entry.method !== 8) {
    throw new NianbaoError('unreadable', `${what} uses compression method ${entry.method}; only stored and deflate occur in Word documents`, { file });
  }
  return inflateBounded(data, entry, file);
}

/** Inflate, stopping at the first step whose output passes the size the directory declared (already within the cap). */
function inflateBounded(data: Uint8Array, entry: ZipEntry, file: string): Uint8Array {
  const limit = entry.uncompressedSize;
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const overflow = new NianbaoError('hostile-input', `${entry.name} in the .docx archive inflates past the ${limit} bytes its directory declares (a zip bomb behind a forged header); refused`, {
    file,
  });
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) throw overflow;
    chunks.push(chunk.slice());
    if (final) done = true;
  });
  try {
    for (let off = 0; off < data.length; off += INFLATE_STEP) {
      const last = off + INFLATE_STEP >= data.length;
      inflater.push(data.subarray(off, Math.min(off + INFLATE_STEP, data.length)), last);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (err === overflow) throw overflow;
    throw new NianbaoError('unreadable', `the .docx archive is corrupt: ${entry.name} does not inflate (${(err as Error).message})`, { file, cause: err });
  }
  if (!done || total !== entry.uncompressedSize) {
    throw new NianbaoError('unreadable', `the .docx archive is corrupt: ${entry.name} inflates to ${total} bytes, not the ${entry.uncompressedSize} its directory declares`, { file });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}
