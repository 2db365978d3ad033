/**
 * `nianbao audit --store`: a stored document audited from its stored record.
 * Every record is built by buildRecord and every OCR reading goes through
 * recognize; both are counted here, so a test can say that auditing a stored
 * document built no record and read nothing by OCR.
 */
import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ReportRecord } from '../../src/core/record.js';
import { makePdf } from '../helpers/make-pdf.js';
import { makeReport, reportPdfItems, reportText } from '../helpers/report.js';
import { drawTableScan } from '../ocr/synthetic.js';
import { createDatabase, describePg } from '../helpers/pg.js';
import { type StoreLocation, storeLocation } from '../../src/app/store/location.js';

const realRecord = await import('../../src/stages/reconstruct/record.js');
const realEngine = await import('../../extractors/ocr/engine.js');
const counts = { records: 0, ocr: 0 };
jest.unstable_mockModule('../../src/stages/reconstruct/record.js', () => ({
  ...realRecord,
  buildRecord: (...a: Parameters<typeof realRecord.buildRecord>) => (counts.records++, realRecord.buildRecord(...a)),
}));
jest.unstable_mockModule('../../extractors/ocr/engine.js', () => ({
  ...realEngine,
  recognize: (...a: Parameters<typeof realEngine.recognize>) => (counts.ocr++, realEngine.recognize(...a)),
}));
const { run } = await import('../../src/app/commands/audit.js');
const { extract } = await import('../../src/stages/pipeline.js');
const { extractLayout } = await import('../../extractors/index.js');
const { pageViews, recordKeys, renderAuditPage, auditStored } = await import('../../src/app/audit/index.js');
const { recordedTurn } = await import('../../extractors/page-images.js');
const { pageRotatedFinding } = await import('../../extractors/ocr/orient.js');
const { Store, statusOf } = await import('../../src/app/store/store.js');
const { openForWriting } = await import('../../src/app/store/open.js');

let dir: string;
let db: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-audit-stored-'));
  db = path.join(dir, 'store.sqlite');
});
afterAll(async () => {
  await realEngine.shutdownOcr();
  await rm(dir, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function save(record: ReportRecord, file: string, status?: 'failed'): void {
  const s = Store.open(db);
  try {
    s.saveDocument(
      {
        sha256: record.source.sha256,
        size: 1,
        kind: record.source.kind,
        status: status ?? statusOf(record.findings),
        errorCode: status ? 'timeout' : null,
        error: status ? 'too slow' : null,
        pipelineVersion: record.provenance.pipeline,
        record: status ? null : record,
        millis: 1,
      },
      [{ path: file, size: 1, mtimeMs: 1 }],
    );
  } finally {
    s.close();
  }
}

async function audit(...args: string[]) {
  let err = '';
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    return { code: await run(args), err };
  } finally {
    e.mockRestore();
  }
}

/** Write the source, extract it as ingest would and store the record. */
async function stored(name: string, bytes: Uint8Array): Promise<{ file: string; record: ReportRecord }> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const record = await extract(file);
  save(record, file);
  return { file, record };
}

test('the counters count: extracting builds a record', async () => {
  counts.records = 0;
  await extract(new Uint8Array(Buffer.from(reportText(makeReport(1)))), { fileName: 'x.txt' });
  expect(counts.records).toBeGreaterThan(0);
});

test('a stored text report: the page is the one its source gives, built from the stored record without extracting it', async () => {
  const { file } = await stored('text.txt', new Uint8Array(Buffer.from(reportText(makeReport(5, '样例县样例局')))));
  const direct = path.join(dir, 'direct.html');
  expect((await audit(file, '-o', direct)).code).toBe(0);
  counts.records = 0;
  const out = path.join(dir, 'stored.html');
  const r = await audit(file, '--store', db, '-o', out);
  expect(r.code).toBe(0);
  expect(counts.records).toBe(0);
  expect(r.err).toContain(`from the store, source ${file}`);
  expect(await readFile(out, 'utf8')).toBe(await readFile(direct, 'utf8'));
});

test('the stored record is what the page shows: a value changed in the store shows changed, by path or by sha256', async () => {
  const { file, record } = await stored('changed.txt', new Uint8Array(Buffer.from(reportText(makeReport(6, '样例市样例局')))));
  const changed: ReportRecord = JSON.parse(JSON.stringify(record));
  changed.requests.granted.naturalPerson = 987654;
  const s = Store.open(db);
  s.replaceRecord(record.source.sha256, changed);
  s.close();
  counts.records = 0;
  for (const ref of [file, record.source.sha256.slice(0, 12)]) {
    const out = path.join(dir, 'changed.html');
    expect((await audit(ref, '--store', db, '-o', out)).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('data-key="requests.granted.naturalPerson" tabindex="0"');
    expect(await readFile(out, 'utf8')).toMatch(/data-key="requests\.granted\.naturalPerson"[^>]*>987654<\/td>/);
  }
  expect(counts.records).toBe(0);
});

test('a stored text PDF: its pages rendered as the direct audit renders them, no record built', async () => {
  const { file } = await stored('text.pdf', makePdf(reportPdfItems(makeReport(7))));
  const direct = path.join(dir, 'pdf-direct.html');
  expect((await audit(file, '-o', direct)).code).toBe(0);
  counts.records = 0;
  const out = path.join(dir, 'pdf-stored.html');
  expect((await audit(file, '--store', db, '-o', out)).code).toBe(0);
  expect(counts.records).toBe(0);
  const html = await readFile(out, 'utf8');
  expect(html).toContain('<img src="data:image/jpeg;base64,');
  expect(html).toBe(await readFile(direct, 'utf8'));
});

/**
 * A scan's stored record: a real report's record moved onto the OCR'd pages
 * of a drawn scan (a table of digits; a whole report would need a CJK font),
 * with one value boxed where OCR read it. Returns the page the audit must show.
 */
async function storedScan(name: string, bytes: Uint8Array, kind: 'image' | 'pdf-scan') {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  counts.ocr = 0;
  const layout = await extractLayout(bytes, { file: name });
  expect(counts.ocr).toBeGreaterThan(0);
  // an agency of its own: two stored reports of one agency and year would mark each other duplicate-report
  const base = await extract(new Uint8Array(Buffer.from(reportText(makeReport(8, `测试市${name.replace(/\W/g, '')}局`)))), { fileName: 'base.txt' });
  const token = layout.pages[0]!.lines.flatMap((l) => l.tokens).find((t) => t.text === '1106')!;
  expect(token).toBeDefined();
  const key = 'requests.granted.naturalPerson';
  const record: ReportRecord = {
    ...base,
    source: { file: name, sha256: sha(bytes), kind, pages: layout.pages.length },
    provenance: {
      ...base.provenance,
      cells: { [key]: { page: 1, box: token.box, unit: 'px', raw: '1106', confidence: 0.95, method: 'position', repairs: [] } },
      pageSizes: layout.pages.map((p) => ({ page: p.number, width: p.width, height: p.height, unit: p.unit })),
    },
  };
  save(record, file);
  // the page as the direct audit shows it: the OCR'd page's own image
  const expected = renderAuditPage({ record, views: await pageViews(layout, record, bytes, name, recordKeys(record)) });
  return { file, record, expected, key };
}

test.each([
  ['an image', 'scan.png', 'image' as const, () => drawTableScan({ rotate: 2 }).png],
  [
    'a scanned PDF',
    'scan.pdf',
    'pdf-scan' as const,
    async () => {
      const { loadImage } = await import('@napi-rs/canvas');
      const { whiteCanvas } = await import('../helpers/canvas.js');
      const img = await loadImage(Buffer.from(drawTableScan({ rotate: -1.5 }).png));
      const { canvas, ctx } = whiteCanvas(img.width, img.height);
      ctx.drawImage(img, 0, 0);
      const { imagePdf } = await import('../helpers/image-pdf.js');
      return imagePdf([canvas]);
    },
  ],
])(
  '%s: the page image OCR read (deskewed), drawn again without OCR, and the value boxed on it',
  async (_, name, kind, make) => {
    const { file, expected, key } = await storedScan(name, await make(), kind);
    counts.ocr = 0;
    counts.records = 0;
    const out = path.join(dir, `${name}.html`);
    const r = await audit(file, '--store', db, '-o', out);
    expect(r.code).toBe(0);
    expect(counts).toEqual({ records: 0, ocr: 0 });
    const html = await readFile(out, 'utf8');
    expect(html).toContain(`<div class="mk s-`);
    expect(html).toContain(`data-key="${key}"`);
    expect(html).toBe(expected);
  },
  120_000,
);

test('a scanned page turned before OCR is turned again by the angle its finding records', () => {
  for (const turn of [90, 180, 270] as const) expect(recordedTurn([pageRotatedFinding(2, turn)], 2)).toBe(turn);
  expect(recordedTurn([pageRotatedFinding(2, 90)], 1)).toBe(0);
});

test('a source that is not the stored one is refused', async () => {
  const { record } = await stored('other.txt', new Uint8Array(Buffer.from(reportText(makeReport(9)))));
  await expect(auditStored(record, new Uint8Array(Buffer.from('something else')), 'other.txt')).rejects.toThrow(/not the source of the stored record/);
});

describe('what cannot be audited from the store says why, in one line naming it', () => {
  test('a sha256 the store does not hold; a file it does not hold', async () => {
    const r = await audit('0123456789abcdef', '--store', db, '-o', path.join(dir, 'x.html'));
    expect(r.code).toBe(1);
    expect(r.err).toBe('nianbao audit: 0123456789abcdef: no stored document has this sha256 (nianbao ingest stores a source)\n');
    const loose = path.join(dir, 'loose.txt');
    await writeFile(loose, reportText(makeReport(10)));
    const r2 = await audit(loose, '--store', db, '-o', path.join(dir, 'x.html'));
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/^nianbao audit: loose\.txt: not in the store \(sha256 [0-9a-f]{12}…\): run nianbao ingest first, or audit it without --store\n$/);
  });

  test('a document whose every known path now holds something else', async () => {
    const { file, record } = await stored('moved.txt', new Uint8Array(Buffer.from(reportText(makeReport(11)))));
    await writeFile(file, 'replaced since\n');
    const r = await audit(record.source.sha256, '--store', db, '-o', path.join(dir, 'x.html'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`none of the 1 paths it was found under holds it now (${file}): give its path instead`);
  });

  test('a document stored as failed', async () => {
    const base = await extract(new Uint8Array(Buffer.from(reportText(makeReport(12)))), { fileName: 'f.txt' });
    const failed = { ...base, source: { ...base.source, sha256: 'fa'.repeat(32) } };
    save(failed, path.join(dir, 'f.txt'), 'failed');
    const r = await audit('fafafafafafa', '--store', db, '-o', path.join(dir, 'x.html'));
    expect(r.code).toBe(1);
    expect(r.err).toBe('nianbao audit: fafafafafafa: stored as failed (too slow): there is no record to audit\n');
  });
});

describePg('audit --store postgres://…', () => {
  test('the page of a document stored in Postgres is the one the SQLite store gives, by path or by sha256; one not stored says so', async () => {
    const pgdb = await createDatabase('audit');
    try {
      const bytes = new Uint8Array(Buffer.from(reportText(makeReport(13, '样例县样例局'))));
      const { file, record } = await stored('pg.txt', bytes);
      const s = await openForWriting(storeLocation({ store: pgdb.url }) as StoreLocation);
      try {
        await s.saveDocument(
          {
            sha256: record.source.sha256,
            size: 1,
            kind: record.source.kind,
            status: statusOf(record.findings),
            errorCode: null,
            error: null,
            pipelineVersion: record.provenance.pipeline,
            record,
            millis: 1,
          },
          [{ path: file, size: 1, mtimeMs: 1 }],
        );
      } finally {
        await s.close();
      }
      const fromSqlite = path.join(dir, 'pg-sqlite.html');
      expect((await audit(file, '--store', db, '-o', fromSqlite)).code).toBe(0);
      counts.records = 0;
      for (const ref of [file, record.source.sha256.slice(0, 12)]) {
        const out = path.join(dir, 'pg.html');
        const r = await audit(ref, '--store', pgdb.url, '-o', out);
        expect(r.code).toBe(0);
        expect(await readFile(out, 'utf8')).toBe(await readFile(fromSqlite, 'utf8'));
      }
      expect(counts.records).toBe(0);
      const r = await audit('0123456789abcdef', '--store', pgdb.url, '-o', path.join(dir, 'x.html'));
      expect(r.err).toBe('nianbao audit: 0123456789abcdef: no stored document has this sha256 (nianbao ingest stores a source)\n');
    } finally {
      await pgdb.drop();
    }
  });
});
