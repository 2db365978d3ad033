/**
 * The export formats. Each takes the store's rows one at a time and writes
 * as it goes, so memory stays flat whatever the number of documents.
 */
import type { ReportRecord } from '../../core/record.js';
import type { StoredRecordRow } from '../store/queries.js';
import { allCellKeys, recordCells } from './cells.js';
import { BOM, csvRow } from './csv.js';
import { writeParquet } from './parquet.js';
import type { Sink } from './sink.js';
import { TIDY_HEADER, tidyRows } from './tidy.js';

export const FORMATS = ['json', 'ndjson', 'csv', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];
export const LAYOUTS = ['long', 'wide'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The long CSV's columns: the tidy cells table's (tidy.ts), which Parquet writes too. */
export const LONG_HEADER = TIDY_HEADER;
export const WIDE_FIXED_HEADER = ['sha256', 'file', 'agency', 'agency_key', 'region_code', 'year', 'template', 'status', 'errors', 'warnings'] as const;

/** The store's rows: the SQLite store gives them at once, Postgres a batch at a time. */
type Rows = Iterable<StoredRecordRow> | AsyncIterable<StoredRecordRow>;

/** A JSON array, one record per line inside it. Records are written as stored. */
export async function writeJson(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  await out.write('[');
  for await (const r of rows) await out.write((n++ ? ',\n' : '\n') + r.record);
  await out.write(n ? '\n]\n' : ']\n');
  return n;
}

/** One record per line. */
export async function writeNdjson(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  for await (const r of rows) {
    await out.write(r.record + '\n');
    n++;
  }
  return n;
}

/** The tidy cells table (tidy.ts): one row per document × cell, with the cell's labels and its worst finding. */
export async function writeCsvLong(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  await out.write(BOM + csvRow(TIDY_HEADER));
  for await (const r of rows) {
    let chunk = '';
    for (const row of tidyRows(r)) chunk += csvRow(TIDY_HEADER.map((c) => row[c]));
    await out.write(chunk);
    n++;
  }
  return n;
}

/** One row per document, one column per cell key (both templates' keys). */
export async function writeCsvWide(rows: Rows, out: Sink): Promise<number> {
  let n = 0;
  await out.write(BOM + csvRow([...WIDE_FIXED_HEADER, ...allCellKeys()]));
  for await (const r of rows) {
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
        ...allCellKeys().map((k) => cells.get(k) ?? null),
      ]),
    );
    n++;
  }
  return n;
}

export function writerFor(format: Format, layout: Layout): (rows: Rows, out: Sink) => Promise<number> {
  if (format === 'json') return writeJson;
  if (format === 'ndjson') return writeNdjson;
  if (format === 'parquet') return writeParquet;
  return layout === 'wide' ? writeCsvWide : writeCsvLong;
}
