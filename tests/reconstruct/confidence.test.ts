/** How sure OCR must be of a number before it goes unflagged depends on whether an identity confirms it. */
import type { Layout, Line } from '../../src/core/layout.js';
import { makeLine } from '../../src/core/layout.js';
import { buildRecord } from '../../src/stages/reconstruct/record.js';
import { makeReport, reportText } from '../helpers/report.js';

/** The report as a scan's tokens: a tab-separated cell every 100 px, each read at `conf` (per line). */
function scanOf(text: string, confOf: (line: string) => number): Layout {
  const lines: Line[] = text
    .split('\n')
    .map((l, y) => ({ l, y }))
    .filter(({ l }) => l.trim())
    .map(({ l, y }) => makeLine(l.split('\t').flatMap((t, c) => (t ? [{ text: t, box: { x: 20 + c * 100, y: 40 + y * 30, w: 60, h: 20 }, conf: confOf(l) }] : []))));
  return { kind: 'pdf-scan', findings: [], pages: [{ number: 1, width: 1000, height: 2000, unit: 'px', lines }] };
}

test('a number read at 0.85 is flagged in table 二 (no identity checks it), not where its row adds up', () => {
  const r = makeReport(41);
  const unsure = (l: string) => (l.startsWith('规章') || l.startsWith('（一）予以公开') ? 0.85 : 0.97);
  const record = buildRecord(scanOf(reportText(r), unsure), { file: 'scan.pdf', sha256: '0', pipeline: 'test' });
  const flagged = record.findings.filter((f) => f.code === 'ocr-low-confidence').flatMap((f) => f.cells ?? []);
  expect(flagged).toEqual(expect.arrayContaining(['proactive.rules.issued', 'proactive.rules.repealed', 'proactive.rules.inForce']));
  expect(flagged.filter((k) => k.startsWith('requests.granted'))).toEqual([]);
  expect(record.requests.granted.total).toBe(r.requests.granted![6]);
});

test("a second reader's other number for a cell nothing checks puts it in dispute; the value stays as first read", () => {
  const r = makeReport(41);
  const layout = scanOf(reportText(r), () => 0.92);
  const key = 'proactive.rules.issued';
  const first = buildRecord(layout, { file: 'scan.pdf', sha256: '0', pipeline: 'test' });
  const now = first.proactive.rules.issued as number;
  const dissent = { raw: String((now + 3) % 10), conf: 0.8 };
  const record = buildRecord(layout, { file: 'scan.pdf', sha256: '0', pipeline: 'test' }, new Map([[key, { value: now, raw: String(now), conf: 0.92, dissent }]]));
  expect(record.proactive.rules.issued).toBe(now);
  const disputed = record.findings.find((f) => f.code === 'ocr-disputed');
  expect(disputed).toMatchObject({ severity: 'warning', cells: [key] });
  expect(disputed!.message).toContain(`'${dissent.raw}'`);
  expect(first.findings.map((f) => f.code)).not.toContain('ocr-disputed');
});
