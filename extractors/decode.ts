/**
 * Bytes to a string for text-like sources: a BOM decides; otherwise UTF-8
 * when the bytes are UTF-8, else GB18030 (a superset of GBK and GB2312, the
 * encodings Chinese government sites and old tools use).
 *
 * One bad byte must not lose a report: UTF-8 with a stray byte or a cut last
 * character is still UTF-8 (a GBK file is not UTF-8 almost anywhere), so it
 * is decoded with the bad bytes replaced, and their offsets are returned for
 * a finding.
 */
export interface Decoded {
  text: string;
  /** Offsets of the bytes that were not valid in the encoding read, replaced by U+FFFD (the first few). */
  badBytes: number[];
  /** How many bad bytes there were in all. */
  badCount: number;
}

/** Bad UTF-8 sequences tolerated: this many, or one per this many good multi-byte characters. */
const MAX_BAD_UTF8 = 8;
const GOOD_PER_BAD = 50;
const OFFSETS_KEPT = 5;

export function decodeText(bytes: Uint8Array, declared?: string): string {
  return decodeLenient(bytes, declared).text;
}

export function decodeLenient(bytes: Uint8Array, declared?: string): Decoded {
  const clean = (text: string): Decoded => ({ text, badBytes: [], badCount: 0 });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return clean(new TextDecoder('utf-16le').decode(bytes.subarray(2)));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return clean(new TextDecoder('utf-16be').decode(bytes.subarray(2)));
  if (declared && /^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(declared.trim().toLowerCase())) return clean(new TextDecoder('gb18030').decode(bytes));
  const scan = scanUtf8(bytes);
  if (scan.bad.length === 0 || scan.bad.length <= Math.max(MAX_BAD_UTF8, scan.multiByte / GOOD_PER_BAD)) return utf8(bytes, 0, scan);
  return clean(new TextDecoder('gb18030').decode(bytes));
}

function utf8(bytes: Uint8Array, base: number, scan = scanUtf8(bytes)): Decoded {
  return { text: new TextDecoder('utf-8').decode(bytes), badBytes: scan.bad.slice(0, OFFSETS_KEPT).map((o) => o + base), badCount: scan.bad.length };
}

/** Offsets of invalid UTF-8 sequences, and the count of valid multi-byte characters. */
function scanUtf8(b: Uint8Array): { bad: number[]; multiByte: number } {
  const bad: number[] = [];
  let multiByte = 0;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let ok = need >= 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (!ok) {
      bad.push(i);
      i++;
      continue;
    }
    if (need > 0) multiByte++;
    i += need + 1;
  }
  return { bad, multiByte };
}
