/**
 * Plain-text dumps (pdftotext with or without -layout, OCR text, crawler
 * text, tab- or pipe-separated tables) into a Layout in `char` units.
 *
 * A line becomes tokens: cells split on tabs (x = cell index) or on `|` for a
 * pipe table, else on runs of spaces (x = column, so that numbers printed
 * under each other share an x). Pages are split on form feeds.
 *
 * What a column is depends on who laid the text out: an editor or a terminal
 * gives a Chinese character two columns, `pdftotext -layout` gives every
 * character one. The document's own alignment decides: the count in which the
 * rows' first numbers line up under each other.
 */
import { NianbaoError } from '../src/core/errors.js';
import type { Layout, Line, Page, Token } from '../src/core/layout.js';
import { makeLine } from '../src/core/layout.js';
import { cleanText, displayWidth } from '../normalizers/text.js';
import { decodeLenient } from './decode.js';
import type { Finding } from '../src/core/findings.js';
import type { ExtractorOptions } from './types.js';

/**
 * The largest text dump read. A report's text is well under 1 MiB, and the
 * Layout of a text holds many times its size (a token object per word); the
 * hostile corpus (tests/hostile) holds every input's peak memory to a bound,
 * and `node --import ./tests/hostile/maxrss.mjs dist/src/cli.js extract F`
 * prints one's peak. 8 MiB keeps a document within what a batch process may use.
 */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;

export async function extractText(bytes: Uint8Array, options: ExtractorOptions): Promise<Layout> {
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new NianbaoError(
      'too-large',
      `the text is ${(bytes.length / 1048576).toFixed(1)} MiB, over the ${MAX_TEXT_BYTES / 1048576} MiB limit for a text dump (a report's text is well under 1 MiB)`,
      { file: options.file },
    );
  }
  const { text, badBytes, badCount } = decodeLenient(bytes);
  if (!/\p{Script=Han}/u.test(text)) {
    throw new NianbaoError('not-a-report', 'the text has no Chinese characters: not a government information disclosure report', { file: options.file });
  }
  const findings: Finding[] = [];
  if (badCount) {
    findings.push({
      code: 'text-bad-bytes',
      severity: 'warning',
      message: `${badCount} byte(s) are not valid UTF-8 (at offset ${badBytes.join(', ')}${badCount > badBytes.length ? ', …' : ''}); each was replaced by U+FFFD and the rest read`,
      stage: 'extract',
    });
  }
  return { kind: 'text', pages: textToPages(text), findings };
}

export function textToPages(text: string): Page[] {
  const pages = cleanText(text).replace(/\r\n?/g, '\n').split('\f');
  const widthOf = columnCount(pages.flatMap((p) => p.split('\n')));
  return pages
    .map((pageText, i) => {
      const lines: Line[] = [];
      let width = 0;
      pageText.split('\n').forEach((raw, y) => {
        const tokens = tokenizeLine(raw, y, widthOf);
        if (tokens.length === 0) return;
        const line = makeLine(tokens);
        if (isRunning(raw)) line.running = true;
        width = Math.max(width, line.box.x + line.box.w);
        lines.push(line);
      });
      const height = pageText.split('\n').length;
      return { number: i + 1, width, height, unit: 'char' as const, lines };
    })
    .filter((p, i, all) => p.lines.length > 0 || i < all.length - 1);
}

const PIPE_ROW = /^\s*\|.*\|\s*$/;
const PIPE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

type WidthOf = (s: string) => number;
const charCount: WidthOf = (s) => [...s].length;

/**
 * Display width (a Chinese character two columns) unless counting every
 * character as one lines up more rows' first numbers under each other.
 */
function columnCount(lines: string[]): WidthOf {
  const aligned = (widthOf: WidthOf) => {
    const seen = new Map<number, number>();
    for (const raw of lines) {
      if (raw.includes('\t') || PIPE_ROW.test(raw) || !/\p{Script=Han}/u.test(raw)) continue;
      const first = tokenizeLine(raw, 0, widthOf).find((t) => /^[\d.,]+$/.test(t.text));
      if (first) seen.set(first.box.x, (seen.get(first.box.x) ?? 0) + 1);
    }
    return [...seen.values()].reduce((s, n) => s + (n > 1 ? n : 0), 0);
  };
  return aligned(charCount) > aligned(displayWidth) ? charCount : displayWidth;
}

/**
 * A line whose words stand one space apart (no tab, no pipe cells, no run of
 * spaces, not even an indent) is running text: pdftotext without -layout and
 * crawler text put a table row's cells one space apart whatever their columns.
 */
function isRunning(raw: string): boolean {
  const line = raw.trimEnd();
  return !line.includes('\t') && !PIPE_ROW.test(line) && !/\s{2,}|^\s/.test(line);
}

export function tokenizeLine(raw: string, y: number, widthOf: WidthOf = displayWidth): Token[] {
  if (PIPE_RULE.test(raw)) return [];
  if (raw.includes('\t') || PIPE_ROW.test(raw)) {
    const cells = PIPE_ROW.test(raw)
      ? raw
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
      : raw.split('\t');
    const out: Token[] = [];
    cells.forEach((cell, x) => {
      const t = cell.replace(/\s+/g, ' ').trim();
      if (t) out.push({ text: t, box: { x, y, w: 1, h: 1 } });
    });
    return out;
  }
  const out: Token[] = [];
  let col = 0;
  for (const part of raw.split(/(\s+)/)) {
    const w = widthOf(part);
    if (part.trim()) out.push({ text: part, box: { x: col, y, w, h: 1 } });
    col += /^\s+$/.test(part) ? part.replace(/\t/g, '    ').length : w;
  }
  return out;
}
