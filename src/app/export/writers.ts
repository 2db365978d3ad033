/**
 * The export formats. Each takes the store's rows one at a time and writes
 * as it goes, so memory stays flat whatever the number of documents.
 */
import type { Finding } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import type { StoredRecordRow } from '../store/queries.js';
import { labelsOf } from './cell-labels.js';
import { ALL_CELL_KEYS, recordCells, worstFinding } from './cells.js';
import { BOM, csvRow } from './csv.js';
import { cellStatus, findingsOf } from '../../core/cell-status.js';
import type { Sink } from './sink.js';

export const FORMATS = ['json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
export const LAYOUTS = ['long', 'wide'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const LONG_HEADER = [
  'sha256',
  'file',
  'agency',
  'agency_key',
  'region_code',
  'year',
  'template',
  'status',
  'table',
  'cell',
  'row_label',
  'column_label',
  'unit',
  'value',
  'cell_status',
  'finding_severity',
  'finding_code',
  'confidence',
] as const;
export const WIDE_FIXED_HEADER = ['sha256', 'file', 'agency', 'agency_key', 'region_code', 'year', 'template', 'status', 'errors', 'warnings'] as const;

type Rows = Iterable<StoredRecordRow>;

/** A JSON array, one record per line inside it. Records are written as stored. */
export async function writeJson(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  await out.write('[');
  for (const r of rows) await out.write((n++ ? ',\n' : '\n') + r.record);
  await out.write(n ? '\n]\n' : ']\n');
  return n;
}

/** One record per line. */
export async function writeNdjson(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  for (const r of rows) {
    await out.write(r.record + '\n');
    n++;
  }
  return n;
}

/** One row per document × cell, with the cell's labels and its worst finding. */
export async function writeCsvLong(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  await out.write(BOM + csvRow(LONG_HEADER));
  for (const r of rows) {
    const rec = JSON.parse(r.record) as ReportRecord;
    const findings = rec.findings as Finding[];
    let chunk = '';
    for (const [key, value] of recordCells(rec)) {
      const l = labelsOf(key, rec.template);
      const worst = worstFinding(findings, key);
      const prov = rec.provenance?.cells[key];
      const status = key in (rec.provenance?.cells ?? {}) ? cellStatus(typeof value === 'number' ? value : null, prov, findingsOf(findings, key)) : null;
      chunk += csvRow([
        r.sha256,
        r.path ?? rec.source.file,
        rec.agency,
        rec.agencyKey ?? null,
        rec.region?.code ?? null,
        rec.year,
        rec.template,
        r.status,
        l.table,
        key,
        l.row,
        l.column,
        l.unit,
        value,
        status,
        worst?.severity ?? null,
        worst?.code ?? null,
        prov ? Number(prov.confidence.toFixed(3)) : null,
      ]);
    }
    await out.write(chunk);
    n++;
  }
  return n;
}

/** One row per document, one column per cell key (both templates' keys). */
export async function writeCsvWide(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  await out.write(BOM + csvRow([...WIDE_FIXED_HEADER, ...ALL_CELL_KEYS]));
  for (const r of rows) {
    const rec = JSON.parse(r.record) as ReportRecord;
    const cells = recordCells(rec);
    const count = (s: string) => rec.findings.filter((f) => f.severity === s).length;
    await out.write(
      csvRow([
        r.sha256,
        r.path ?? rec.source.file,
        rec.agency,
        rec.agencyKey ?? null,
        rec.region?.code ?? null,
        rec.year,
        rec.template,
        r.status,
        count('error'),
        count('warning'),
        ...ALL_CELL_KEYS.map((k) => cells.get(k) ?? null),
      ]),
    );
    n++;
  }
  return n;
}

export function writerFor(format: Format, layout: Layout): (rows: Rows, out: Sink) => Promise<number> {
  if (format === 'json') return writeJson;
  if (format === 'ndjson') return writeNdjson;
  return layout === 'wide' ? writeCsvWide : writeCsvLong;
}
