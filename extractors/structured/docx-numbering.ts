/**
 * Word's automatic list numbers (`w:numPr` on a paragraph, defined in
 * `word/numbering.xml`): the 一、 of 一、总体情况 or the （一） of a table label
 * is not in the text runs when the author used a numbered list, so it is
 * rebuilt here, counting in document order. Numbering through paragraph
 * styles is not followed (rare in these reports).
 */
import { attrOf, childrenOf, tagOf, type XmlNode } from './docx-body.js';

interface Level {
  start: number;
  format: string;
  text: string;
}

const CN_DIGITS = '零一二三四五六七八九';
const TIANGAN = '甲乙丙丁戊己庚辛壬癸';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

function chineseNumber(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : CN_DIGITS[tens]!) + '十' + (ones ? CN_DIGITS[ones]! : '');
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) while (n >= v) ((out += s), (n -= v));
  return out;
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(64 + (((n - 1) % 26) + 1));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'japaneseCounting':
      return chineseNumber(n);
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? TIANGAN[n - 1]! : String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? CIRCLED[n - 1]! : String(n);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperLetter':
      return letters(n);
    case 'lowerLetter':
      return letters(n).toLowerCase();
    case 'none':
      return '';
    default:
      return String(n); // decimal, decimalZero, decimalFullWidth …: NFKC later makes them ASCII
  }
}

export class DocxNumbering {
  /** numId → level → definition */
  private readonly defs = new Map<string, Map<number, Level>>();
  private readonly counters = new Map<string, number[]>();

  constructor(numberingDoc: XmlNode[] | null) {
    const root = numberingDoc?.find((n) => tagOf(n) === 'w:numbering');
    if (!root) return;
    const abstract = new Map<string, Map<number, Level>>();
    for (const n of childrenOf(root)) {
      if (tagOf(n) !== 'w:abstractNum') continue;
      const levels = new Map<number, Level>();
      for (const lvl of childrenOf(n)) {
        if (tagOf(lvl) !== 'w:lvl') continue;
        levels.set(Number(attrOf(lvl, 'w:ilvl') ?? 0), readLevel(lvl, { start: 1, format: 'decimal', text: '' }));
      }
      abstract.set(attrOf(n, 'w:abstractNumId') ?? '', levels);
    }
    for (const n of childrenOf(root)) {
      if (tagOf(n) !== 'w:num') continue;
      const absId = childrenOf(n).find((c) => tagOf(c) === 'w:abstractNumId');
      const levels = new Map(abstract.get((absId && attrOf(absId, 'w:val')) ?? '') ?? []);
      for (const o of childrenOf(n)) {
        if (tagOf(o) !== 'w:lvlOverride') continue;
        const ilvl = Number(attrOf(o, 'w:ilvl') ?? 0);
        const base = levels.get(ilvl) ?? { start: 1, format: 'decimal', text: '' };
        const lvl = childrenOf(o).find((c) => tagOf(c) === 'w:lvl');
        const startOverride = childrenOf(o).find((c) => tagOf(c) === 'w:startOverride');
        const merged = lvl ? readLevel(lvl, base) : { ...base };
        if (startOverride) merged.start = Number(attrOf(startOverride, 'w:val') ?? merged.start);
        levels.set(ilvl, merged);
      }
      this.defs.set(attrOf(n, 'w:numId') ?? '', levels);
    }
  }

  /** The list number a paragraph shows before its text ('' when it has none); advances the counters. */
  prefixFor(p: XmlNode): string {
    const pPr = childrenOf(p).find((c) => tagOf(c) === 'w:pPr');
    const numPr = pPr && childrenOf(pPr).find((c) => tagOf(c) === 'w:numPr');
    if (!numPr) return '';
    const val = (tag: string) => {
      const el = childrenOf(numPr).find((c) => tagOf(c) === tag);
      return el ? attrOf(el, 'w:val') : undefined;
    };
    const numId = val('w:numId');
    const ilvl = Math.min(Math.max(Number(val('w:ilvl') ?? 0) || 0, 0), 8);
    const levels = numId === undefined ? undefined : this.defs.get(numId);
    const level = levels?.get(ilvl);
    if (!levels || !level || numId === '0') return '';
    const counts = this.counters.get(numId!) ?? [];
    counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl]! + 1;
    counts.length = ilvl + 1; // deeper levels start again
    this.counters.set(numId!, counts);
    if (level.format === 'bullet') return '';
    return level.text.replace(/%([1-9])/g, (_, d: string) => {
      const k = Number(d) - 1;
      const lv = levels.get(k);
      return formatNumber(counts[k] ?? lv?.start ?? 1, lv?.format ?? 'decimal');
    });
  }
}

function readLevel(lvl: XmlNode, base: Level): Level {
  const val = (tag: string) => {
    const el = childrenOf(lvl).find((c) => tagOf(c) === tag);
    return el ? attrOf(el, 'w:val') : undefined;
  };
  return {
    start: Number(val('w:start') ?? base.start) || 0,
    format: val('w:numFmt') ?? base.format,
    text: val('w:lvlText') ?? base.text,
  };
}
