/**
 * Text hygiene shared by every stage: NFKC (full-width digits and letters,
 * Kangxi radicals that pdf.js leaves in, compatibility ideographs), and the
 * invisible characters sources are full of.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]/g;

export function cleanText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\u00a0|\u3000/g, ' ');
}

/** Display width of a character in a monospaced text dump: CJK and full-width take two columns. */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x1100) return 1;
  if (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Whitespace removed entirely: what titles and agency names are compared by. */
export function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}
