/**
 * Cell values from raw strings. A value token is a count, an amount in 万元,
 * a signed change (2019 本年增/减: `+4`, `-4`, `增4`, `减4`), an amount with its
 * unit (`251000元`), or a blank marker (`/`, `—`, `无`). OCR confusables
 * (`O` for 0, `l`/`I` for 1) are mended, and the mending is reported.
 */

export interface ParsedValue {
  /** The number, or null for an explicit blank marker. */
  value: number | null;
  /** The unit printed with an amount (元, 万元), if any. */
  unit: string | null;
  /** Characters replaced to read the number (OCR confusables, thousands separators). */
  repairs: string[];
}

/** Markers that mean "nothing to report" in a cell. */
const BLANK = /^(?:[/／\\]|[-—–－―─━ー~～]+|无|空|null|N\/A)$/i;
const CONFUSABLES: Record<string, string> = { O: '0', o: '0', D: '0', Q: '0', l: '1', I: '1', '|': '1', i: '1', S: '5', s: '5', B: '8', Z: '2', z: '2', g: '9' };

/**
 * The value token grammar: optional sign, digits with optional thousands
 * separators and decimals, optional unit. Confusable letters are allowed only
 * next to real digits, so that a word is never read as a number.
 */
const VALUE = /^([+\-−增减]?)((?:\d|[OolIDQ|SsBZz](?=[\dOolI])|(?<=\d)[OolI])(?:[\d,，OolI|]*\d|[\dOolI]*)?(?:\.\d+)?)(万元|元)?$/;

export function isBlankMarker(s: string): boolean {
  return BLANK.test(s.trim());
}

const EXPONENT = /^[+\-−]?\d+(?:\.\d+)?[eE][+\-]?\d+$/;

/** Parse one value token; undefined when the token is not a value at all. */
export function parseValue(raw: string): ParsedValue | undefined {
  const s = raw.trim().replace(/\s+/g, '');
  if (s === '') return undefined;
  if (isBlankMarker(s)) return { value: null, unit: null, repairs: [] };
  // a number in exponent notation (1e5) fills one cell, and no count is written that way:
  // NaN, so that the validator refuses it (impossible-value) rather than two cells taking 1 and 5
  if (EXPONENT.test(s)) return { value: NaN, unit: null, repairs: [] };
  const m = VALUE.exec(s);
  if (!m) return undefined;
  const [, sign, body, unit] = m as unknown as [string, string, string, string | undefined];
  const repairs: string[] = [];
  let digits = '';
  for (const ch of body) {
    // a thousands separator is formatting, not a repair
    if (ch === ',' || ch === '，') continue;
    const mapped = CONFUSABLES[ch];
    if (mapped !== undefined) {
      if (!repairs.includes('ocr-confusable')) repairs.push('ocr-confusable');
      digits += mapped;
    } else digits += ch;
  }
  // at least one real digit: a word of confusable letters (IO, Ol) is a word
  if (!/^\d+(\.\d+)?$/.test(digits) || !/\d/.test(body)) return undefined;
  let value = Number(digits);
  if (sign === '-' || sign === '−' || sign === '减') value = -value;
  return { value, unit: unit ?? null, repairs };
}

/** True when the token is a value or a blank marker: it occupies a table cell. */
export function isValueToken(raw: string): boolean {
  return parseValue(raw) !== undefined;
}

/**
 * What OCR of Chinese makes of a lone digit standing alone in a number
 * column: a serif 1 comes back as 工 or 丨, a 0 as O or D. Only for a mark that
 * is the whole cell; the reading is a repair the caller reports.
 */
const LONE_MARK_DIGITS: Record<string, number> = { 工: 1, 丨: 1, I: 1, l: 1, '|': 1, O: 0, o: 0, 〇: 0, D: 0, Q: 0 };
/** A 0's oval read as two round letters (DO, OD, OO): still one 0, its two halves taken apart. */
const ZERO_HALVES = /^[OoDQ〇]{2}$/;

export function lookalikeDigit(mark: string): number | undefined {
  if (ZERO_HALVES.test(mark)) return 0;
  return Object.hasOwn(LONE_MARK_DIGITS, mark) ? LONE_MARK_DIGITS[mark] : undefined;
}
