/**
 * The administrative division an agency belongs to, from the division names
 * its name begins with (淮安市洪泽区人民政府 → 淮安市 → 洪泽区 320813). Each name
 * after the first must lie inside the one before, which is how a name that
 * several places share is told apart (西工区西工街道办事处: the 西工街道 of 西工区,
 * 410303003). Only exact names count, and where the name leaves a doubt the
 * answer is no division, never a guess:
 * - no division name at the start of the agency name (ministries, invented names);
 * - a name the data has not (沐阳县 for 沭阳县, a township the county does not have):
 *   what the printed name places it in would be a broader division than the agency's;
 * - a name several divisions share with no name above it to choose (朝阳区).
 */
import type { Region } from '../src/core/record.js';
import { contains, type Division, type DivisionTable, divisions, namesOf, standardCode } from './divisions.js';
import { toSimplified } from './label.js';
import { cleanText } from './text.js';

export type { Region };

export type Resolution =
  | {
      region: Region;
      /** The division the code is of. */
      division: Division;
      /** How many characters at the start of the normalised name (`normalizeName`) name divisions. */
      matched: number;
      /** The last of those names as printed: the data's name, or an alias (平潭综合实验区 for 平潭县). */
      printed: string;
    }
  | {
      region: null;
      why: 'no-name' | 'unknown' | 'ambiguous';
      /** One line: what was found and what was not. */
      message: string;
      /** For an ambiguous name: every division it may be. */
      candidates: Region[];
    };

/**
 * Zones that govern exactly the territory of one division but are named
 * otherwise, so the data (which codes divisions, not zones) has no name for
 * them. 平潭综合实验区: one territory and one administration with 平潭县
 * (政区合一; the county government and the zone's management committee sit
 * together), which the statistical codes list as 平潭县 350128 under 福州市
 * (zh.wikipedia.org, 平潭县: 行政区划代码 350128).
 */
export const ZONE_ALIASES: Readonly<Record<string, string>> = { 平潭综合实验区: '350128' };

/** A name as the matching compares it: NFKC (full-width folded), no whitespace, traditional characters simplified. */
export function normalizeName(name: string): string {
  return toSimplified(cleanText(name).replace(/\s+/g, ''));
}

export function regionOf(d: Division): Region {
  return { code: standardCode(d), level: d.level, names: namesOf(d) };
}

interface Path {
  /** Where the last name starts and ends. */
  start: number;
  end: number;
  /** The divisions the last name may be. */
  last: Division[];
}

/** Resolve an agency's name to the most specific division it names. */
export function resolveRegion(agency: string | null, table: DivisionTable = divisions()): Resolution {
  if (!agency) return { region: null, why: 'no-name', message: 'the report names no agency, so no division', candidates: [] };
  const name = normalizeName(agency);
  const aliases = aliasIndex(table);
  const lookup = (n: string) => table.byName.get(n) ?? aliases.get(n);
  const ends: Path[] = [];
  const walk = (start: number, pos: number, above: Division[] | null) => {
    let deeper = false;
    for (let len = Math.min(table.longestName, name.length - pos); len >= 2; len--) {
      const found = lookup(name.slice(pos, pos + len));
      if (!found) continue;
      const inside = above ? found.filter((d) => above.some((a) => a !== d && contains(a, d))) : [...found];
      if (!inside.length) continue;
      deeper = true;
      walk(pos, pos + len, topmost(inside));
    }
    if (!deeper && above) ends.push({ start, end: pos, last: above });
  };
  walk(0, 0, null);

  if (!ends.length) return { region: null, why: 'unknown', message: `'${agency}' begins with no name of an administrative division`, candidates: [] };
  const end = Math.max(...ends.map((p) => p.end));
  const longest = ends.filter((p) => p.end === end);
  const last = topmost([...new Set(longest.flatMap((p) => p.last))]);
  const rest = name.slice(end);
  const unknown = namedDivision(rest);
  if (unknown) {
    const where = last.length === 1 ? `${namesOf(last[0]!).join('')} (${standardCode(last[0]!)})` : `'${name.slice(0, end)}'`;
    return { region: null, why: 'unknown', message: `'${agency}' names ${unknown}, which is no division of ${where} in the data`, candidates: [] };
  }
  if (last.length > 1) {
    const candidates = last.map(regionOf).sort((a, b) => (a.code < b.code ? -1 : 1));
    const shown = candidates.slice(0, MAX_LISTED).map((r) => `${r.names.join('')} (${r.code})`);
    const more = candidates.length > MAX_LISTED ? ` and ${candidates.length - MAX_LISTED} more` : '';
    return { region: null, why: 'ambiguous', message: `'${name.slice(0, end)}' in '${agency}' may be ${shown.join(', ')}${more}: no name above it says which`, candidates };
  }
  const printed = name.slice(longest.find((p) => p.last.includes(last[0]!))!.start, end);
  return { region: regionOf(last[0]!), division: last[0]!, matched: end, printed };
}

const MAX_LISTED = 8;

/** Of divisions that share a name, those not inside another of them (东莞市 is a city and, in the data, a county of itself). */
function topmost(ds: Division[]): Division[] {
  return ds.filter((d) => !ds.some((a) => a !== d && contains(a, d)));
}

const ALIAS_CACHE = new WeakMap<DivisionTable, Map<string, Division[]>>();
function aliasIndex(table: DivisionTable): Map<string, Division[]> {
  let index = ALIAS_CACHE.get(table);
  if (!index) {
    index = new Map();
    for (const [alias, code] of Object.entries(ZONE_ALIASES)) {
      const d = table.byCode.get(code);
      if (d) index.set(alias, [d]);
    }
    ALIAS_CACHE.set(table, index);
  }
  return index;
}

/**
 * Words of agencies' own names that hold a division's last character
 * without naming one: 住房和城乡建设局, 乡村振兴局, 城市管理局, 市场监督管理局.
 */
const NOT_DIVISIONS = /城乡|乡村|乡镇|城镇|城市|都市|市场|市政|市容|区域|县域/g;
/** A name ending like a division (a character or more before the suffix): 华丰街道, 江州镇, 宛丰区, 开发区. */
const DIVISION_WORD = /\p{Script=Han}{1,10}?(?:街道|办事处|苏木|[省市州盟区县旗镇乡])+/u;

/** The division-like name in what follows the divisions found (an agency's own name), or null. */
function namedDivision(rest: string): string | null {
  // a bracket adds another name of the same agency (…办公室（淮安市政务公开办）), not a place
  const own = rest.split(/[(\[【〔]/)[0]!;
  const masked = own.replace(NOT_DIVISIONS, (w) => '　'.repeat(w.length));
  const m = DIVISION_WORD.exec(masked);
  return m ? own.slice(m.index, m.index + m[0].length) : null;
}
