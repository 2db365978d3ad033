/**
 * The tidy cells table (tidy.ts) as Parquet, typed: year INT32, value and
 * confidence DOUBLE, text UTF-8 strings.
 *
 * Written with hyparquet-writer: pure JavaScript, under 1 MB installed with
 * its one dependency (hyparquet), actively maintained, and it pulls rows
 * lazily and writes one row group at a time, waiting for the file in
 * between, so an export holds one group, never the table. DuckDB's node API
 * is as fast but a 70 MB native package that wants the whole table in a
 * database before it writes; parquet-wasm with apache-arrow (about 23 MB) was
 * much slower on the same rows and needs hand-built record-batch streams to
 * stream at all. (`du -sh node_modules/<package>` gives the sizes.)
 */
import { ByteWriter, parquetWriteRows, type ColumnSource } from 'hyparquet-writer';
import type { StoredRecordRow } from '../store/queries.js';
import type { Sink } from './sink.js';
import { type ColumnType, TIDY_COLUMNS, type TidyRow, tidyRows } from './tidy.js';

/**
 * Rows per row group: a group is held in memory while it is encoded (about
 * 250 documents' cells), and is what a reader skips by its statistics.
 */
export const ROW_GROUP_ROWS = 50_000;

const PARQUET_TYPE: Record<ColumnType, NonNullable<ColumnSource['type']>> = { string: 'STRING', int32: 'INT32', number: 'DOUBLE' };

/**
 * A hyparquet writer that hands each finished row group to the sink and
 * waits for it (back-pressure), so the file is never held whole.
 */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: Sink) {
    super(1 << 20);
  }

  async flush(): Promise<void> {
    // a copy: the buffer is reused for the next group while the stream may still hold this chunk
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    await this.sink.write(chunk);
  }

  override async finish(): Promise<void> {
    await this.flush();
  }
}

/** The records' cells as one Parquet file; the number of records written. */
export async function writeParquet(rows: Iterable<StoredRecordRow> | AsyncIterable<StoredRecordRow>, out: Sink, options: { rowGroupRows?: number } = {}): Promise<number> {
  let n = 0;
  // async, as the Postgres store's rows come a batch at a time; hyparquet-writer pulls an async iterable as lazily
  async function* cells(): AsyncGenerator<TidyRow> {
    for await (const r of rows) {
      yield* tidyRows(r);
      n++;
    }
  }
  await parquetWriteRows({
    writer: new SinkWriter(out),
    rows: cells(),
    columns: TIDY_COLUMNS.map((c) => ({ name: c.name, type: PARQUET_TYPE[c.type] })),
    rowGroupSize: options.rowGroupRows ?? ROW_GROUP_ROWS,
    createdBy: 'nianbao',
  });
  return n;
}
