/**
 * Two records compared cell by cell (the union of both formats' cell keys,
 * so a 2019 record against a 2021 one shows the cells only one has), plus
 * the top-level facts and the findings that appear in one and not the other.
 */
import type { ReportRecord } from '../../core/record.js';
import { cellValue, labelText, recordKeys, recordLabels } from '../audit/values.js';
import { recordTemplate, textValue } from '../../core/record-cells.js';
import { textFields } from '../../core/templates/index.js';

type Finding = ReportRecord['findings'][number];

/** A cell value, or `absent` when the record's format has no such cell. */
export type Side = number | null | 'absent';

export interface CellChange {
  key: string;
  /** 行 · 列 as the form prints them. */
  labels: string;
  a: Side;
  b: Side;
}

export interface FactChange {
  /** A fact of the record, or a text field's key (`proactive.procurement.unit`, the unit printed beside a number). */
  field: string;
  a: string | number | null;
  b: string | number | null;
}

export interface RecordDiff {
  facts: FactChange[];
  cells: CellChange[];
  /** Findings only in a, and only in b (compared by code, severity, cells and message). */
  findingsRemoved: Finding[];
  findingsAdded: Finding[];
}

const side = (r: ReportRecord, keys: ReadonlySet<string>, k: string): Side => (keys.has(k) ? (cellValue(r, k) ?? null) : 'absent');
const findingId = (f: Finding) => JSON.stringify([f.code, f.severity, [...(f.cells ?? [])].sort(), f.message]);

export function diffRecords(a: ReportRecord, b: ReportRecord): RecordDiff {
  const ka = new Set(recordKeys(a));
  const kb = new Set(recordKeys(b));
  const order = [...ka, ...[...kb].filter((k) => !ka.has(k))];
  const la = recordLabels(a),
    lb = recordLabels(b);
  const cells: CellChange[] = [];
  for (const key of order) {
    const va = side(a, ka, key);
    const vb = side(b, kb, key);
    if (va !== vb) cells.push({ key, labels: labelText(la.get(key) ?? lb.get(key), key), a: va, b: vb });
  }
  const textKeys = [...new Set([a, b].flatMap((r) => textFields(recordTemplate(r)).map((f) => f.key)))];
  const facts: FactChange[] = (
    [
      ['template', a.template, b.template],
      ['title', a.title, b.title],
      ['agency', a.agency, b.agency],
      ['year', a.year, b.year],
      ...textKeys.map((k) => [k, textValue(a, k) ?? null, textValue(b, k) ?? null] as const),
    ] as const
  )
    .filter(([, x, y]) => x !== y)
    .map(([field, x, y]) => ({ field, a: x, b: y }));
  const ia = new Set(a.findings.map(findingId));
  const ib = new Set(b.findings.map(findingId));
  return {
    facts,
    cells,
    findingsRemoved: a.findings.filter((f) => !ib.has(findingId(f))),
    findingsAdded: b.findings.filter((f) => !ia.has(findingId(f))),
  };
}

export function isEmptyDiff(d: RecordDiff): boolean {
  return d.facts.length === 0 && d.cells.length === 0 && d.findingsAdded.length === 0 && d.findingsRemoved.length === 0;
}
