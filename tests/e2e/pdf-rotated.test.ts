/**
 * Text-layer PDFs whose table pages are turned: /Rotate 90 or 270 with the
 * text drawn turned so it displays upright, text drawn turned on a page
 * without /Rotate (a landscape table printed sideways), and a few turned
 * items (a stamp) on an upright page, which must not turn it.
 */
import { pageViews, recordKeys, type ImagePageView } from '../../src/app/audit/index.js';
import type { Box } from '../../src/core/layout.js';
import { extractWithLayout } from '../../src/stages/pipeline.js';
import type { ReportRecord } from '../../src/core/record.js';
import { makePdf, type PdfItem, type PdfPageTurn } from '../helpers/make-pdf.js';
import { makeReport, reportPdfItems, REQUEST_ROWS } from '../helpers/report.js';

const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);
const COLS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];
const report = makeReport(31);
const items = () => reportPdfItems(report, 12);

/** Every page after the first (where the tables are) turned the same way. */
const turned = (turn: PdfPageTurn) => makePdf(items(), { turns: items().map((_, i) => (i === 0 ? undefined : turn)) });

const rounded = (b: Box | null) => b && { x: +b.x.toFixed(2), y: +b.y.toFixed(2), w: +b.w.toFixed(2), h: +b.h.toFixed(2) };
const boxes = (rec: ReportRecord) => Object.fromEntries(Object.entries(rec.provenance.cells).map(([k, p]) => [k, [p.page, rounded(p.box)]]));

function expectCellsRead(rec: ReportRecord) {
  for (const [k] of REQUEST_ROWS) COLS.forEach((c, i) => expect([k, c, get(rec, `requests.${k}.${c}`)]).toEqual([k, c, report.requests[k]![i]]));
  expect(rec.proactive.licensing.decisions).toBe(report.proactive.licensing);
  expect(rec.reviewLitigation.review.total).toBe(report.review[4]);
  expect(rec.findings.filter((f) => f.severity === 'error')).toEqual([]);
}

describe('turned pages in a text-layer PDF', () => {
  let uprightBoxes: ReturnType<typeof boxes>;
  beforeAll(async () => {
    const { record } = await extractWithLayout(makePdf(items()), { fileName: 'upright.pdf' });
    expectCellsRead(record);
    uprightBoxes = boxes(record);
  });

  test.each<[string, PdfPageTurn, number | undefined]>([
    ['/Rotate 90, text drawn a quarter turn counter-clockwise (displays upright)', { rotate: 90, drawn: 90 }, undefined],
    ['/Rotate 270, text drawn a quarter turn clockwise (displays upright)', { rotate: 270, drawn: 270 }, undefined],
    ['no /Rotate, text drawn a quarter turn counter-clockwise (reads bottom to top)', { drawn: 90 }, 90],
    ['no /Rotate, text drawn a quarter turn clockwise (reads top to bottom)', { drawn: 270 }, 270],
    ['no /Rotate, text drawn upside down', { drawn: 180 }, 180],
  ])('%s: every cell read, boxes in the upright page', async (_, turn, readTurn) => {
    const { record, layout } = await extractWithLayout(turned(turn), { fileName: 'turned.pdf' });
    expectCellsRead(record);
    for (const p of layout.pages) expect([p.number, p.width, p.height, p.turn]).toEqual([p.number, 595, 842, p.number === 1 ? undefined : readTurn]);
    // the record says which frame its boxes are in
    expect(record.provenance.pageSizes.map((p) => p.turn)).toEqual(layout.pages.map((p) => p.turn));
    expect(boxes(record)).toEqual(uprightBoxes);
  });

  test('the audit renders a page turned as its text was read, so the boxes fall on it', async () => {
    const { record, layout, bytes } = await extractWithLayout(turned({ drawn: 90 }), { fileName: 'turned.pdf' });
    const views = (await pageViews(layout, record, bytes, 'turned.pdf', recordKeys(record))) as ImagePageView[];
    for (const v of views) {
      expect(v.image).toBeDefined();
      // the MediaBox is landscape; the page was read (and is shown) portrait
      expect(v.image!.width / v.image!.height).toBeCloseTo(595 / 842, 2);
    }
  });

  test('a few turned items (a stamp, a margin note) do not turn an upright page', async () => {
    const pages = items();
    const stamp: PdfItem[] = [
      { text: '此件主动公开', x: 570, y: 300, size: 12, angle: 90 },
      { text: '（盖章）', x: 430, y: 120, size: 14, angle: 30 },
    ];
    pages[1]!.push(...stamp);
    const { record, layout } = await extractWithLayout(makePdf(pages), { fileName: 'stamp.pdf' });
    expectCellsRead(record);
    expect(layout.pages.map((p) => p.turn)).toEqual(layout.pages.map(() => undefined));
    expect(boxes(record)).toEqual(uprightBoxes);
  });
});
