/**
 * Which cells of a scan are read again: doubtful ones, but not a number an
 * identity of read numbers already confirms (alone, a cell's 11 can come
 * back 1, and that reading would replace the right one).
 */
import { OcrLanes } from '../../extractors/ocr/lanes.js';
import { extract } from '../../src/stages/pipeline.js';
import { rereadDoubtful } from '../../src/stages/reread.js';
import type { Box, Layout } from '../../src/core/layout.js';
import type { ReportRecord } from '../../src/core/record.js';
import { templateOf } from '../../src/core/templates/index.js';
import { cellKey } from '../../src/core/templates/types.js';
import type { Reread } from '../../src/stages/reconstruct/record.js';

/** The number a re-read gives a cell (undefined for none, or for a cell found inkless). */
const readValue = (r: Reread | undefined) => (r && !r.inkless ? r.value : undefined);

test('low-confidence numbers are re-read unless an identity of read numbers confirms them', async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  // as if every value came from a scan, read with low confidence
  for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.3 });
  // break one row of table 三: its total no longer adds up
  (record.requests as any).granted.total += 5;
  const asked: Box[] = [];
  const layout = { kind: 'image', pages: [], findings: [], reread: async (_page: number, box: Box) => (asked.push(box), [{ text: '1', conf: 0.9 }]) } as Layout;
  const rereads = await rereadDoubtful(layout, record, new OcrLanes());
  expect(rereads.size).toBeGreaterThan(0);
  // every cell of table 四 adds up as read: none is read again
  expect([...rereads.keys()].some((k) => k.startsWith('reviewLitigation.'))).toBe(false);
  // the broken row's cells are no longer all confirmed: the total is read again
  expect(rereads.has('requests.granted.total')).toBe(true);
  expect(asked.length).toBe(rereads.size);
});

test('where the identities determine a cell, the reading that gives it wins over a more confident one', async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.3 });
  const granted = (record.requests as any).granted;
  const truth: number = granted.total;
  granted.total = truth + 5;
  const layout = {
    kind: 'image',
    pages: [],
    findings: [],
    reread: async () => [
      { text: '1', conf: 0.9 },
      { text: String(truth), conf: 0.5 },
    ],
  } as unknown as Layout;
  const rereads = await rereadDoubtful(layout, record, new OcrLanes());
  expect(rereads.get('requests.granted.total')).toMatchObject({ value: truth, raw: String(truth) });
});

test('a number the identities set in place of an unsure reading is read again, and the reading offered is what the cell printed', async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  // every cell read surely, so nothing else is doubtful; the identities hold
  for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.95 });
  const key = 'requests.granted.total';
  const printed = (record.requests as any).granted.total + 2;
  // as validate's correctByIdentities leaves it: the value they want, the reading it replaced
  Object.assign(record.provenance.cells[key]!, { raw: String(printed), confidence: 0.7, method: 'identity', repairs: ['corrected-by-identity'] });
  const asked: Box[] = [];
  const layout = { kind: 'image', pages: [], findings: [], reread: async (_page: number, box: Box) => (asked.push(box), [{ text: String(printed), conf: 0.96 }]) } as Layout;
  const rereads = await rereadDoubtful(layout, record, new OcrLanes());
  expect(asked).toHaveLength(1);
  // the second reading repeats the first: that is what the record's next pass is told (and keeps, as the source's)
  expect(rereads.get(key)).toMatchObject({ value: printed, raw: String(printed) });
});

test("a blank mark read again is taken for a number first read as a mark's lookalike (7 for /), not for one whose digits it lost (-1 as -)", async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.95 });
  const key = 'proactive.licensing.decisions';
  const reread = (mark: string) => async () => [{ text: mark, conf: 0.9 }];
  Object.assign(record.provenance.cells[key]!, { raw: '7', confidence: 0.3 });
  expect((await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread: reread('/') } as unknown as Layout, record, new OcrLanes())).get(key)).toMatchObject({ value: null, raw: '/' });
  Object.assign(record.provenance.cells[key]!, { raw: '-1' });
  expect((await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread: reread('-') } as unknown as Layout, record, new OcrLanes())).has(key)).toBe(false);
});

test('in a signed column (本年增/减), a dash read unsurely is read again, and a reading that keeps it as a minus is taken', async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.95 });
  // the 2019 form's 行政许可 row: 本年增/减 read as a lone dash, its 1 lost
  const key = 'proactive.licensing.change';
  Object.assign(record, { template: '2019' });
  (record.proactive as any).licensing = { previous: 8, change: null, decisions: 38 };
  record.provenance.cells[key] = { page: 1, box: { x: 500, y: 300, w: 16, h: 18 }, unit: 'px', raw: '-', confidence: 0.15, method: 'position', repairs: [] };
  const readings = [
    { text: '1', conf: 0.8 },
    { text: '-1', conf: 0.72 },
  ];
  const layout = { kind: 'image', pages: [], findings: [], reread: async () => readings } as unknown as Layout;
  expect((await rereadDoubtful(layout, record, new OcrLanes())).get(key)).toMatchObject({ value: -1, raw: '-1' });
  // read surely, the dash is the blank it looks like: not read again
  record.provenance.cells[key]!.confidence = 0.9;
  expect((await rereadDoubtful(layout, record, new OcrLanes())).has(key)).toBe(false);
});

test('with more doubtful cells than re-reads allowed, the least sure are read, wherever they stand', async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.5 });
  // every cell of table 三 read as something that is no number: far more than the budget, all before table 四
  for (const row of Object.values(record.requests as Record<string, Record<string, unknown>>)) {
    for (const col of Object.keys(row)) if (typeof row[col] === 'number') row[col] = null;
  }
  for (const [key, p] of Object.entries(record.provenance.cells)) if (key.startsWith('requests.')) p.raw = '?';
  // the last table's total misread, and less sure than any of them
  const last = 'reviewLitigation.litigationAfterReview.total';
  (record.reviewLitigation as any).litigationAfterReview.total += 1;
  record.provenance.cells[last]!.confidence = 0.1;
  const layout = { kind: 'image', pages: [], findings: [], reread: async () => [{ text: '1', conf: 0.9 }] } as unknown as Layout;
  const rereads = await rereadDoubtful(layout, record, new OcrLanes());
  expect(rereads.size).toBeLessThan(Object.keys(record.provenance.cells).length);
  expect(rereads.has(last)).toBe(true);
});

test('a number no identity checks, read fairly surely, is shown to the other readers only, and put in dispute where they read another number', async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  // read surely enough everywhere; table 二 (no identity checks it) just under the witness's bar
  for (const [key, p] of Object.entries(record.provenance.cells)) {
    Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: key.startsWith('proactive.') ? 0.92 : 0.99 });
  }
  // and no finding names any cell yet; the amount of money not whole (a whole one is read by every reader)
  record.findings = [];
  (record.proactive as any).fees.amount = 0.5;
  const key = Object.keys(record.provenance.cells).find((k) => k.startsWith('proactive.') && typeof cellAt(record, k) === 'number' && (cellAt(record, k) as number) < 10)!;
  const now = cellAt(record, key) as number;
  const other = String((now + 3) % 10);
  const asked: unknown[] = [];
  const layout = {
    kind: 'image',
    pages: [],
    findings: [],
    reread: async (_page: number, box: Box, _known: unknown, options?: { witness?: boolean }) => (
      asked.push(options),
      box === record.provenance.cells[key]!.box ? [{ text: other, conf: 0.8 }] : [{ text: String(now), conf: 0.8 }]
    ),
  } as unknown as Layout;
  const rereads = await rereadDoubtful(layout, record, new OcrLanes());
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.every((o) => (o as { witness?: boolean } | undefined)?.witness === true)).toBe(true);
  expect(rereads.get(key)).toMatchObject({ value: now, dissent: { raw: other } });
  // a witness that agrees, or a cell of table 三 that its identities confirm, is left alone
  expect([...rereads.keys()]).toEqual([key]);
});

test('a whole amount of money, however sure, is read by every reader; the same digits seen with a point put it in dispute', async () => {
  const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
  for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.99 });
  record.findings = [];
  const key = 'proactive.fees.amount';
  (record.proactive as any).fees.amount = 18100013;
  const box = record.provenance.cells[key]!.box;
  const ask = (seen: string) => {
    const asked: unknown[] = [];
    const layout = {
      kind: 'image',
      pages: [],
      findings: [],
      reread: async (_page: number, b: Box, _known: unknown, options?: unknown) => (b === box ? (asked.push(options), [{ text: seen, conf: 0 }]) : []),
    } as unknown as Layout;
    return { asked, rereads: rereadDoubtful(layout, record, new OcrLanes()) };
  };
  const pointed = ask('181000.13');
  expect((await pointed.rereads).get(key)).toMatchObject({ value: 18100013, dissent: { raw: '181000.13' } });
  // every reader, tesseract too: it is the one that keeps the point
  expect(pointed.asked).toEqual([undefined]);
  // other digits with a point are no dispute over the point
  expect((await ask('18100.14').rereads).has(key)).toBe(false);
});

const cellAt = (record: ReportRecord, key: string): unknown => key.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], record);

describe('cells a scan showed nothing under', () => {
  /** The sample as a scan: each cell of table 三 in a 100 × 50 px grid cell of page 2 by its row and column. */
  async function scanned(): Promise<ReportRecord> {
    const record: ReportRecord = structuredClone(await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname));
    for (const p of Object.values(record.provenance.cells)) Object.assign(p, { unit: 'px', page: 1, box: { x: 0, y: 0, w: 10, h: 10 }, confidence: 0.95 });
    const table = templateOf(record.template).tables.requests;
    table.rows.forEach((row, r) =>
      (row.columns ?? table.columns).forEach((col, c) => {
        const p = record.provenance.cells[cellKey('requests', row.key, col.key)];
        if (p) Object.assign(p, { page: 2, box: { x: 400 + 100 * c + 30, y: 100 + 50 * r + 15, w: 40, h: 20 } });
      }),
    );
    return record;
  }
  const blank = (record: ReportRecord, key: string, finding: boolean) => {
    const [, row, col] = /^requests\.(.+)\.([^.]+)$/.exec(key)!;
    row!.split('.').reduce((o: any, k) => o[k], record.requests)[col!] = null;
    Object.assign(record.provenance.cells[key]!, { raw: null, box: null, page: null, unit: null });
    if (finding) record.findings.push({ code: 'blank-in-scan', severity: 'warning', stage: 'ocr', cells: [key], message: 'nothing was read' });
  };

  test('are read again where their row and column say they stand, and take a sure number', async () => {
    const record = await scanned();
    blank(record, 'requests.granted.research', true);
    blank(record, 'requests.partiallyGranted.research', false);
    const asked: { page: number; box: Box; blank?: boolean }[] = [];
    const reread: Layout['reread'] = async (page, box, _known, options) => (asked.push({ page, box, blank: options?.blank }), [{ text: '0', conf: 0.9 }]);
    const layout = { kind: 'image', pages: [], findings: [], reread } as Layout;
    const rereads = await rereadDoubtful(layout, record, new OcrLanes());
    // granted is row 2 of the form, research its column 2: the box centred on that grid cell
    expect(rereads.get('requests.granted.research')).toMatchObject({ value: 0, raw: '0', at: { page: 2, box: { x: 630, y: 215, w: 40, h: 20 } } });
    // a blank no finding calls a scan's (the agency's own blank, as the record has it) is left alone
    expect(rereads.has('requests.partiallyGranted.research')).toBe(false);
    // asked as a blank: the page reads it only where glyph-sized ink stands
    expect(asked).toEqual([expect.objectContaining({ blank: true })]);
  });

  test('a row whose whole line of values was lost is read halfway between the rows above and below it', async () => {
    const record = await scanned();
    const table = templateOf(record.template).tables.requests;
    const r = table.rows.findIndex((row) => row.key === 'partiallyGranted');
    for (const col of table.rows[r]!.columns ?? table.columns) blank(record, cellKey('requests', 'partiallyGranted', col.key), false);
    record.findings.push({ code: 'row-values-missing', severity: 'error', stage: 'reconstruct', cells: ['requests.partiallyGranted'], message: 'no values were found' });
    const reread: Layout['reread'] = async () => [{ text: '7', conf: 0.9 }];
    const rereads = await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread } as Layout, record, new OcrLanes());
    const at = rereads.get('requests.partiallyGranted.naturalPerson')?.at;
    expect(rereads.get('requests.partiallyGranted.naturalPerson')).toMatchObject({ value: 7 });
    // its neighbours' middles are 50 px apart: the box is centred between them, half that tall at least
    const middle = 100 + 50 * r + 25;
    expect(at!.box.y + at!.box.h / 2).toBeCloseTo(middle);
    expect(at!.box.h).toBeGreaterThanOrEqual(25);
    // without the finding, the same row is the agency's blank row: left alone
    const quiet = await scanned();
    for (const col of table.rows[r]!.columns ?? table.columns) blank(quiet, cellKey('requests', 'partiallyGranted', col.key), false);
    expect((await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread } as Layout, quiet, new OcrLanes())).has('requests.partiallyGranted.naturalPerson')).toBe(false);
  });

  test('past the budget, blanks are shown only to the readers that cost no tesseract call, and take only their surest numbers', async () => {
    const record = await scanned();
    // a fax whose page reading lost the values of the columns but 自然人 and 总计 in three rows of four: 5 blanks in each
    // (the rows of the record's form: 其他处理 is one row in the 2019 form, three in this one's)
    const table = templateOf(record.template).tables.requests;
    const rows = table.rows.filter((row) => row.key.split('.').reduce((o: any, k) => o?.[k], record.requests)).filter((_, i) => i % 4 !== 0);
    const keys = rows.flatMap((row) => (row.columns ?? table.columns).filter((c) => c.key !== 'naturalPerson' && c.key !== 'total').map((c) => cellKey('requests', row.key, c.key)));
    for (const k of keys) blank(record, k, true);
    expect(keys.length).toBeGreaterThan(40);
    const witnessed = new Set<string>();
    // tesseract's readers would read 0 fairly surely; the others (witnesses) read 0 surely in the first rows, 8 unsurely after
    const reread: Layout['reread'] = async (_page, box, _known, options) => {
      if (!options?.witness) return [{ text: '0', conf: 0.6 }];
      witnessed.add(`${box.x},${box.y}`);
      return box.y < 700 ? [{ text: '0', conf: 0.85 }] : [{ text: '8', conf: 0.7 }];
    };
    const rereads = await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread } as Layout, record, new OcrLanes());
    const taken = keys.filter((k) => rereads.has(k));
    // the budget's 40 read by every reader; the rest by the witnesses alone, taken where they are sure
    expect(witnessed.size).toBe(keys.length - 40);
    expect(taken.slice(0, 40).every((k) => readValue(rereads.get(k)) === 0)).toBe(true);
    const past = keys.slice(40);
    const sure = past.filter((k) => rereads.get(k)?.at && rereads.get(k)!.at!.box.y < 700);
    expect(sure.length).toBeGreaterThan(0);
    expect(sure.every((k) => readValue(rereads.get(k)) === 0)).toBe(true);
    // an unsure witness leaves its cell blank: no 8 anywhere
    expect([...rereads.values()].some((r) => readValue(r) === 8)).toBe(false);
    expect(past.some((k) => !rereads.has(k))).toBe(true);
  });

  test("a column whose other cells were read only as unsure marks gives no place to look (a rule's remnant read as 0, its box across two cells)", async () => {
    const record = await scanned();
    blank(record, 'requests.granted.research', true);
    const table = templateOf(record.template).tables.requests;
    for (const row of table.rows) {
      const p = record.provenance.cells[cellKey('requests', row.key, 'research')];
      if (p && p.raw !== null) p.confidence = 0.2;
    }
    const asked: Box[] = [];
    const reread: Layout['reread'] = async (_page, box) => (asked.push(box), [{ text: '0', conf: 0.9 }]);
    const rereads = await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread } as Layout, record, new OcrLanes());
    expect(rereads.has('requests.granted.research')).toBe(false);
    expect(asked.some((b) => b.x === 630 && b.y === 215)).toBe(false);
  });

  test("where no digit's ink stands, a blank is not read and is said to be printed empty; so is a lone blank an identity restored as 0", async () => {
    const record = await scanned();
    blank(record, 'requests.granted.research', true);
    blank(record, 'requests.partiallyGranted.research', true);
    // the second, a lone blank of its full row, as validate restored it: 0, from the identity
    (record.requests as any).partiallyGranted.research = 0;
    Object.assign(record.provenance.cells['requests.partiallyGranted.research']!, { method: 'identity', repairs: ['restored-by-identity'] });
    blank(record, 'requests.denied.stateSecret.research', true);
    const asked: Box[] = [];
    const reread: Layout['reread'] = async (_page, box) => (asked.push(box), [{ text: '0', conf: 0.9 }]);
    // ink stands only in 国家秘密's row (the form's row 4)
    const inkAt: Layout['inkAt'] = (_page, box) => box.y > 280 && box.y < 320;
    const rereads = await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread, inkAt } as Layout, record, new OcrLanes());
    expect(rereads.get('requests.granted.research')).toEqual({ inkless: true, at: { page: 2, box: expect.objectContaining({ x: 630, y: 215 }) } });
    expect(rereads.get('requests.partiallyGranted.research')).toMatchObject({ inkless: true });
    // where ink stands, the blank is read as before
    expect(rereads.get('requests.denied.stateSecret.research')).toMatchObject({ value: 0, raw: '0' });
    expect(asked).toEqual([expect.objectContaining({ y: 315 })]);
    // a restored 0 with ink under it is what the identity says: neither read nor changed
    const inked = await scanned();
    blank(inked, 'requests.partiallyGranted.research', true);
    (inked.requests as any).partiallyGranted.research = 0;
    Object.assign(inked.provenance.cells['requests.partiallyGranted.research']!, { method: 'identity', repairs: ['restored-by-identity'] });
    const none = await rereadDoubtful({ kind: 'image', pages: [], findings: [], reread, inkAt: () => true } as Layout, inked, new OcrLanes());
    expect(none.has('requests.partiallyGranted.research')).toBe(false);
  });

  test('an unsure reading (specks) leaves the cell blank', async () => {
    const record = await scanned();
    blank(record, 'requests.granted.research', true);
    const layout = { kind: 'image', pages: [], findings: [], reread: async () => [{ text: '1', conf: 0.2 }] } as unknown as Layout;
    expect((await rereadDoubtful(layout, record, new OcrLanes())).has('requests.granted.research')).toBe(false);
  });
});
