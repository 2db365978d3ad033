/** A scan's amount of money whose decimal point OCR lost: two numbers a point's width apart are one amount. */
import type { Layout, Token } from '../../src/core/layout.js';
import { makeLine } from '../../src/core/layout.js';
import { buildStream } from '../../src/stages/reconstruct/stream.js';
import { readTable } from '../../src/stages/reconstruct/table.js';
import { templateOf } from '../../src/core/templates/index.js';

const tok = (text: string, x: number, w: number): Token => ({ text, box: { x, y: 300, w, h: 20 }, conf: 0.95 });

function fees(...values: Token[]) {
  const layout: Layout = { kind: 'pdf-scan', findings: [], pages: [{ number: 1, width: 1200, height: 1700, unit: 'px', lines: [makeLine([tok('行政事业性收费', 100, 200), ...values])] }] };
  const stream = buildStream(layout);
  return readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.proactive, []);
}

test('4459 and 8 a point apart under 本年收费金额 are 4459.8, with a warning', () => {
  const result = fees(tok('4459', 800, 60), tok('8', 866, 14));
  expect(result.cells.get('proactive.fees.amount')?.value).toBe(4459.8);
  expect(result.cells.get('proactive.fees.amount')?.prov.repairs).toContain('decimal-point-restored');
  expect(result.findings.find((f) => f.code === 'decimal-point-restored')?.cells).toEqual(['proactive.fees.amount']);
});

test('two numbers a column apart, or a second of three digits, are not one amount', () => {
  expect(fees(tok('4459', 500, 60), tok('8', 866, 14)).findings.some((f) => f.code === 'decimal-point-restored')).toBe(false);
  expect(fees(tok('4459', 800, 60), tok('812', 866, 40)).findings.some((f) => f.code === 'decimal-point-restored')).toBe(false);
});
