/**
 * Who the agency is: `agencyKey`, its name in one spelling so that two
 * reports of one agency join though their names were printed differently,
 * and `region`, the administrative division it belongs to (region.ts).
 * The rules are in docs/record.md ("Who the agency is").
 */
import type { Finding } from '../src/core/findings.js';
import { type Division, namesOf } from './divisions.js';
import { normalizeName, type Region, type Resolution, resolveRegion } from './region.js';

export interface AgencyIdentity {
  agencyKey: string | null;
  region: Region | null;
  /** An `info` finding when there is no region, saying why. */
  findings: Finding[];
}

/** A character that ends a division's name: what an agency's own name may follow. */
const AFTER_DIVISION = '[省市区县旗州盟镇乡]';

/**
 * One spelling for names of one organ (applied at the end of the name, and
 * only right after a division's name, so 政府 of another body is left alone):
 * 政府 and 人民政府 are one government; 政府办, 府办 and 政府办公室 its general
 * office (办公室; a province's is 办公厅, which stays apart); 街道 and 街道办 a
 * street's office (街道办事处); 管委会 is 管理委员会. A government and its
 * general office are two agencies with reports of their own: never folded
 * into one.
 */
const ORGAN_SPELLINGS: [RegExp, string][] = [
  [new RegExp(`(${AFTER_DIVISION})(?:人民)?(?:政府办|府办)(?:公室)?$`), '$1人民政府办公室'],
  [new RegExp(`(${AFTER_DIVISION})政府办公厅$`), '$1人民政府办公厅'],
  [new RegExp(`(${AFTER_DIVISION})政府$`), '$1人民政府'],
  [/街道(?:办)?$/, '街道办事处'],
  [/管委会$/, '管理委员会'],
];

/**
 * Whether a division is governed by a people's government (人民政府), so that a
 * report naming only the division is that government's (沭阳县 → 沭阳县人民政府).
 * Not a 地区 or 盟 (a 行政公署 governs them), not a zone (the statistical codes
 * number zones 71-80 among a city's counties; a management committee governs
 * them), and of townships only 镇 and 乡 (a 街道 has its 办事处, below).
 */
function governedByPeoplesGovernment(d: Division): boolean {
  if (d.level === 'province') return true;
  if (d.level === 'city') return /[市州]$/.test(d.name);
  if (d.level === 'county') {
    const n = Number(d.code.slice(4, 6));
    return n < 71 || n > 80;
  }
  return /[镇乡]$/.test(d.name);
}

/** The key of an agency's name; `resolution` (of the same name) lets the divisions it prints be written in full. */
export function agencyKey(agency: string | null, resolution: Resolution = resolveRegion(agency)): string | null {
  if (!agency) return null;
  let key = normalizeName(agency);
  if (key === '') return null;
  if (resolution.region) {
    // the divisions above the one named, in full: 洪泽区人民政府 and 淮安市洪泽区人民政府 are one government
    const named = namesOf(resolution.division).slice(0, -1).join('') + resolution.printed;
    const rest = key.slice(resolution.matched);
    const alone = rest === '' && resolution.printed === resolution.division.name && governedByPeoplesGovernment(resolution.division);
    key = named + (alone ? '人民政府' : rest);
  }
  for (const [from, to] of ORGAN_SPELLINGS) key = key.replace(from, to);
  return key;
}

/** Who the agency of a record is, with the finding that says why there is no region. */
export function identifyAgency(agency: string | null): AgencyIdentity {
  const resolution = resolveRegion(agency);
  const findings: Finding[] = [];
  if (!resolution.region) {
    findings.push({
      code: resolution.why === 'ambiguous' ? 'region-ambiguous' : 'region-unknown',
      severity: 'info',
      message: resolution.message,
      stage: 'normalize',
    });
  }
  return { agencyKey: agencyKey(agency, resolution), region: resolution.region, findings };
}
