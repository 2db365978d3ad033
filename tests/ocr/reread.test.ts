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
