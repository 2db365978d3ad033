/**
 * Bytes to a string for text-like sources: a BOM decides; otherwise UTF-8
 * when the bytes are valid UTF-8, else GB18030 (a superset of GBK and
 * GB2312, the encodings Chinese government sites and old tools use).
 */
export function decodeText(bytes: Uint8Array, declared?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (declared) {
    const label = declared.trim().toLowerCase();
    if (/^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(label)) return new TextDecoder('gb18030').decode(bytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
