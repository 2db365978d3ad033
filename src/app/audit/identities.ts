/**
 * The identities of the record's format, each with its arithmetic written
 * out as an auditor would check it by hand: `71 + 9 + 0 + 52 = 132 ≠ 133`.
 */
import type { ReportRecord } from '../../core/record.js';
import { recordTemplate } from '../../core/record-cells.js';
import type { Identity } from '../../core/templates/types.js';
import { cellValue, requestRowKeys } from './values.js';

export interface IdentityCheck {
  id: string;
  kind: Identity['kind'];
  /** How the form states the identity. */
  description: string;
  /** Every cell the identity involves, left side first. */
  cells: string[];
  result: 'holds' | 'fails' | 'unassessable';
  /** The sums with their terms, e.g. `71 + 9 + 52 = 132 ≠ 133`; blanks written 空. */
  arithmetic: string;
}

const term = (v: number | null) => (v === null ? '空' : formatNumber(v));

/** Numbers as printed, without float noise (0.1 + 0.2). */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

export function identityChecks(record: ReportRecord): IdentityCheck[] {
  const ids = recordTemplate(record).identities(requestRowKeys(record));
  return ids.map((id) => {
    const lhs = id.lhs.map((k) => cellValue(record, k) ?? null);
    const rhs = id.rhs.map((k) => cellValue(record, k) ?? null);
    const blank = [...lhs, ...rhs].some((v) => v === null);
    const sum = (vs: (number | null)[]) => vs.reduce<number>((s, v) => s + (v ?? 0), 0);
    const l = sum(lhs);
    const r = sum(rhs);
    const holds = Math.abs(l - r) < 1e-6;
    const side = (vs: (number | null)[], total: number) => (vs.length === 1 ? term(vs[0]!) : `${vs.map(term).join(' + ')} = ${formatNumber(total)}`);
    // the longer side first, so that the line reads as a sum and its printed total
    const [first, second] = lhs.length === 1 ? [side(rhs, r), side(lhs, l)] : [side(lhs, l), side(rhs, r)];
    // (the page says in its own language why a `?` cannot be checked)
    const arithmetic = blank ? `${first} ? ${second}` : `${first} ${holds ? '=' : '≠'} ${second}`;
    return {
      id: id.id,
      kind: id.kind,
      description: id.description,
      cells: [...id.lhs, ...id.rhs],
      result: blank ? 'unassessable' : holds ? 'holds' : 'fails',
      arithmetic,
    };
  });
}
