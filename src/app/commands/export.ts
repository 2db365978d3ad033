/** `nianbao export`: stored records as JSON, NDJSON, CSV or Parquet, streamed. */
import { atomicStream, refuseInputAsOutput } from './output.js';
import { parseArgs } from 'node:util';
import { failure, parseCommandArgs, usage as usageOf } from './args.js';
import { openStoreForReading } from './read-store.js';
import { Sink } from '../export/sink.js';
import { NianbaoError } from '../../core/errors.js';
import { FORMATS, type Format, LAYOUTS, type Layout, writerFor } from '../export/writers.js';
import type { RecordFilter, StoredRecordRow } from '../store/queries.js';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../store/schema.js';
import { DEFAULT_STORE } from '../store/store.js';

export const HELP = `Usage: nianbao export --format json|ndjson|csv|parquet [options]

Writes the records in the store (see \`nianbao ingest\`), streaming, so a
large store exports in constant memory. Failed documents have no record and
are not exported (\`nianbao stats\` counts them).

Formats:
  json     a JSON array of records (docs/record.md)
  ndjson   one record per line
  csv      UTF-8 with a BOM (Excel shows the Chinese), RFC 4180 quoting;
           text that a spreadsheet would run as a formula gets a leading '
    --layout long  one row per document × cell, the tidy table: agency, its
                   key and region code, year, template, table, cell key,
                   its row and column labels as printed with the labels
                   above them, unit, value (a text cell's in value_text),
                   the cell's status (clean, repaired, uncertain,
                   inconsistent, missing, blank), the worst finding naming
                   it (severity and code) and the reading's confidence
                   (default)
    --layout wide  one row per document, one column per cell key (both
                   formats' keys; a cell the format lacks is empty)
  parquet  the tidy table of csv --layout long, same rows and columns, typed:
           year INT32, value and confidence DOUBLE (counts are whole
           numbers, money keeps its decimals), the rest UTF-8 strings.
           Needs --out FILE

Options:
  --db FILE        the store (default ./${DEFAULT_STORE})
  --store S        the store: a SQLite file as --db, or postgres://… for a shared one
  --format F       json, ndjson, csv or parquet (required)
  --layout L       long or wide (csv only; default long)
  --agency TEXT    only agencies whose name contains TEXT
  --year Y[,Y…]    only these reporting years
  --status S[,S…]  only these statuses: ok, warnings, errors
  --dedupe         one report per agency (agency key) and year: those marked
                   duplicate-report are left out, keeping the one read best
                   (fewest errors, then warnings; then the lowest sha256)
  --out FILE       write to FILE (default stdout; parquet needs a file)
  --no-provenance  json and ndjson: empty each record's per-cell provenance
                   (provenance.cells, most of its size); values and findings stay
                   (csv and parquet hold no provenance and are unchanged)
  -h, --help       show this help`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      options: {
        db: { type: 'string' },
        store: { type: 'string' },
        format: { type: 'string' },
        layout: { type: 'string' },
        agency: { type: 'string' },
        year: { type: 'string' },
        status: { type: 'string' },
        dedupe: { type: 'boolean' },
        'no-provenance': { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  if (!v.format || !FORMATS.includes(v.format as Format)) return usage(`--format must be one of ${FORMATS.join(', ')}`);
  const format = v.format as Format;
  if (v.layout !== undefined && format !== 'csv') return usage('--layout applies to --format csv only');
  if (format === 'parquet' && !v.out) return usage('--format parquet needs --out FILE: Parquet is a binary file read from its end, not text for a terminal or a pipe');
  const layout = (v.layout ?? 'long') as Layout;
  if (!LAYOUTS.includes(layout)) return usage(`--layout must be long or wide, not '${v.layout}'`);

  const filter: RecordFilter = {};
  if (v.agency) filter.agency = v.agency;
  if (v.dedupe) filter.dedupe = true;
  if (v.year !== undefined) {
    const years = v.year.split(',').map((y) => Number(y.trim()));
    if (years.some((y) => !Number.isInteger(y))) return usage(`--year takes years separated by commas, not '${v.year}'`);
    filter.years = years;
  }
  if (v.status !== undefined) {
    const statuses = v.status.split(',').map((s) => s.trim());
    const bad = statuses.find((s) => !DOCUMENT_STATUSES.includes(s as DocumentStatus) || s === 'failed');
    if (bad !== undefined) return usage(`--status takes ok, warnings, errors (failed documents have no record), not '${bad}'`);
    filter.statuses = statuses as DocumentStatus[];
  }

  const out = v.out;
  const store = await openStoreForReading(COMMAND, v, (location) => {
    if (out) refuseInputAsOutput(out, location.kind === 'sqlite' ? [location.file] : []);
  });
  if (typeof store === 'number') return store;
  const file = v.out ? atomicStream(v.out) : undefined;
  const sink = new Sink(file?.stream ?? process.stdout);
  try {
    const rows = store.records(filter);
    // only records carry provenance; the cell tables need it for each cell's status and confidence
    const lean = v['no-provenance'] && (format === 'json' || format === 'ndjson');
    const n = await writerFor(format, layout)(lean ? withoutProvenance(rows) : rows, sink);
    await sink.end();
    await file?.commit();
    if (v.out) process.stderr.write(`nianbao export: ${n} record${n === 1 ? '' : 's'} written to ${v.out}\n`);
    return 0;
  } catch (err) {
    await file?.discard();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EPIPE') return 0; // the reader (head, less) closed the pipe: not an error
    if (err instanceof NianbaoError) return failure(COMMAND, err); // the store, not the output
    process.stderr.write(`nianbao export: cannot write ${v.out ?? 'stdout'}: ${e.message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

const COMMAND = { name: 'export', help: HELP };
const usage = (message: string) => usageOf(COMMAND, message);

/** The records with `provenance.cells` emptied: the per-cell provenance is most of their size. They still match the schema. */
async function* withoutProvenance(rows: AsyncIterable<StoredRecordRow>): AsyncIterable<StoredRecordRow> {
  for await (const r of rows) {
    const record = JSON.parse(r.record) as { provenance?: { cells?: unknown } };
    if (record.provenance) record.provenance.cells = {};
    yield { ...r, record: JSON.stringify(record) };
  }
}
