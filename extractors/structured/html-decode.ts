/**
 * HTML bytes to text: BOM first, then the charset the page declares in its
 * first bytes, then sniffing (valid UTF-8, else GB18030, the superset of the
 * GB2312/GBK that older Chinese government sites serve).
 */
import type { Finding } from '../../src/core/findings.js';

export interface DecodedHtml {
  text: string;
  /** The encoding used, as TextDecoder names it. */
  encoding: string;
  /** How it was chosen: `bom`, `meta` or `sniffed`. */
  how: 'bom' | 'meta' | 'sniffed';
  findings: Finding[];
}

/** How far into the file a `<meta charset>` is looked for (the HTML standard prescans 1024; real pages put it later). */
const PRESCAN_BYTES = 4096;

export function decodeHtml(bytes: Uint8Array): DecodedHtml {
  const bom = bomEncoding(bytes);
  if (bom) return { text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)), encoding: bom.encoding, how: 'bom', findings: [] };

  const declared = declaredCharset(bytes.subarray(0, PRESCAN_BYTES));
  const utf8 = tryUtf8(bytes);
  if (declared) {
    if (declared === 'utf-8') {
      if (utf8 !== null) return { text: utf8, encoding: 'utf-8', how: 'meta', findings: [] };
      return {
        text: new TextDecoder('gb18030').decode(bytes),
        encoding: 'gb18030',
        how: 'sniffed',
        findings: [mismatch('the page declares UTF-8 but its bytes are not valid UTF-8; read as GB18030')],
      };
    }
    // A page re-saved as UTF-8 under an old gb2312 template: multi-byte UTF-8 that
    // decodes cleanly is practically never GBK text by accident.
    if (utf8 !== null && hasNonAscii(bytes) && !isUnicodeEncodingLabel(declared)) {
      return {
        text: utf8,
        encoding: 'utf-8',
        how: 'sniffed',
        findings: [mismatch(`the page declares ${declared} but its bytes are valid UTF-8; read as UTF-8`)],
      };
    }
    const decoder = decoderFor(declared);
    if (decoder) return { text: decoder.decode(bytes), encoding: decoder.encoding, how: 'meta', findings: [] };
  }
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', how: 'sniffed', findings: [] };
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', how: 'sniffed', findings: [] };
}

function mismatch(message: string): Finding {
  return { code: 'html-charset-mismatch', severity: 'warning', message, stage: 'extract' };
}

function bomEncoding(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * The charset of `<meta charset=…>` or `<meta http-equiv="Content-Type"
 * content="text/html; charset=…">`, lower-cased, with the GB family mapped to
 * gb18030 (a strict superset: a page labelled gb2312 often holds GBK
 * characters).
 */
export function declaredCharset(head: Uint8Array): string | null {
  const text = new TextDecoder('latin1').decode(head);
  for (const m of text.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const cs = /charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(tag);
    if (cs) return normalizeLabel(cs[1]!);
  }
  return null;
}

function normalizeLabel(label: string): string {
  const l = label.toLowerCase();
  if (['gb2312', 'gbk', 'x-gbk', 'gb18030', 'cp936', 'windows-936', 'euc-cn', 'csgb2312', 'chinese'].includes(l)) return 'gb18030';
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  return l;
}

/** UTF-16 labels in a meta tag are a lie (the prescan itself is ASCII); other labels are what they say. */
function isUnicodeEncodingLabel(label: string): boolean {
  return label.startsWith('utf-16') || label === 'unicode';
}

function decoderFor(label: string): TextDecoder | null {
  if (isUnicodeEncodingLabel(label)) return new TextDecoder('utf-8');
  try {
    return new TextDecoder(label);
  } catch {
    return null; // an unknown label: fall back to sniffing
  }
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}
