/** A scanned PDF longer than the page limit: its first pages are read, and the record says which were not. */
import { extractPdf } from '../../extractors/pdf.js';
import { shutdownOcr } from '../../extractors/ocr/engine.js';
import { whiteCanvas } from '../helpers/canvas.js';
import { imagePdf } from '../helpers/image-pdf.js';

afterAll(() => shutdownOcr());

test('three scanned pages over a limit of two: two are read, one is named as not read', async () => {
  const pages = [1, 2, 3].map(() => whiteCanvas(170, 240).canvas);
  const layout = await extractPdf(imagePdf(pages), { file: 'bundle.pdf', ocr: { maxPages: 2 } });
  expect(layout.pages.map((p) => p.number)).toEqual([1, 2]);
  const f = layout.findings.find((x) => x.code === 'pages-not-read');
  expect(f?.severity).toBe('warning');
  expect(f?.message).toMatch(/3 scanned pages; the first 2 were read and pages 3–3 were not/);
}, 60_000);
