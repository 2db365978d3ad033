/** A page is rendered for OCR at a resolution whose pixels fit, decided before anything is allocated. */
import { MAX_RENDER_PIXELS, pageRaster, renderScale } from '../../extractors/ocr/pdf-image.js';
import { openPdf } from '../../extractors/pdfjs.js';

/** A PDF of one page `size` points square holding a small grey image in a corner: a scan, and not a full-page one. */
function bigPagePdf(size: number): Uint8Array {
  const pixels = Buffer.alloc(16 * 16, 0x80);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size} ${size}] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>`,
  ];
  const content = 'q 100 0 0 100 10 10 cm /Im1 Do Q';
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  const add = (body: string) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${offsets.length} 0 obj\n${body}\nendobj\n`;
  };
  objects.forEach(add);
  add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  add(`<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n${pixels.toString('latin1')}\nendstream`);
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

test('an A4 page renders at 300 dpi; a huge one at the resolution that fits', () => {
  expect(renderScale(595, 842) * 72).toBeCloseTo(300);
  const s = renderScale(5500, 5500);
  expect(5500 * s * 5500 * s).toBeLessThanOrEqual(MAX_RENDER_PIXELS);
});

test('a 3000 pt square scan page is rasterised within the pixel budget, with its true resolution', async () => {
  const pdf = await openPdf(bigPagePdf(3000), 'big.pdf');
  try {
    const r = await pageRaster(pdf.doc, 1);
    expect(r.source).toBe('rendered');
    expect(r.pixels.width * r.pixels.height).toBeLessThanOrEqual(MAX_RENDER_PIXELS);
    expect(r.dpi).toBeCloseTo((r.pixels.width * 72) / 3000, 0);
    expect(r.dpi).toBeLessThan(300);
  } finally {
    await pdf.close();
  }
});
