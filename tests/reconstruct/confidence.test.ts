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

test("table 三 whose heading and first row OCR garbled past finding is found by its header's words after table 二, not in the narrative before it", () => {
  const r = makeReport(41);
  const text = reportText(r)
    // a fax's reading: the heading, 申请人情况 and the first row's label lost to garble
    .replace('三、收到和处理政府信息公开申请情况', '、收到和处呈玫府信息公下申请伽入')
    .replace('申请人情况', '册诗人情况')
    .replace('一、本年新收政府信息公开申请数量', '4着MK府们息公开中请数')
    // its header's second line read right
    .replace('\n\t自然人', '\n法人或其他组织\n\t自然人')
    // and the narrative names the form's words before table 二
    .replace('一、总体情况\n', '一、总体情况\n收到申请人情况各异的申请，均来自法人或其他组织。\n');
  const record = buildRecord(
    scanOf(text, () => 0.97),
    { file: 'scan.pdf', sha256: '0', pipeline: 'test' },
  );
  expect(record.findings.map((f) => f.code)).not.toContain('table-missing');
  expect(record.requests.granted.total).toBe(r.requests.granted![6]);
  expect(record.requests.carriedOver.total).toBe(r.requests.carriedOver![6]);
  // table 二 is read as before, its rows not taken for table 三's
  expect(record.proactive.rules.issued).toBe(r.proactive.rules[0]);
});
