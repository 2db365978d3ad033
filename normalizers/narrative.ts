/**
 * Narrative sections as text: the lines of a section joined back into
 * paragraphs. A line break is kept where a paragraph ends (after 。：；！？ or
 * before a list marker such as （一） or 一是), and dropped inside a sentence,
 * where only the page width broke it. Structured sources (HTML, DOCX) already
 * give one line per paragraph.
 */
const PARAGRAPH_END = /[。：:；;！!？?]$/;
const PARAGRAPH_START = /^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|\d+[、.．]|整改措施|下一步)/;

export function joinParagraphs(lines: readonly string[], linesAreParagraphs = false): string | null {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (out.length === 0 || linesAreParagraphs || PARAGRAPH_END.test(out[out.length - 1]!) || PARAGRAPH_START.test(line)) out.push(line);
    else out[out.length - 1] = joinInline(out[out.length - 1]!, line);
  }
  const text = out.join('\n').trim();
  return text ? text : null;
}

/** Join two pieces of one sentence: a space only between two Latin words or numbers. */
export function joinInline(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}

const DATE_LINE = /^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;

/**
 * The signature under the last section (the agency's name and the date it
 * signed) is not part of the narrative: drop a final date line and a short
 * unpunctuated line just above it.
 */
export function stripSignature(lines: readonly string[]): string[] {
  const out = lines.map((l) => l.trim()).filter(Boolean);
  if (out.length && DATE_LINE.test(out[out.length - 1]!.replace(/\s+/g, ''))) {
    out.pop();
    const last = out[out.length - 1];
    if (last && out.length > 1 && last.length <= 30 && !/[。：:；;，,！？]$/.test(last)) out.pop();
  }
  return out;
}
