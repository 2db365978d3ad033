/** Scanned PDFs for tests: page images (grey, deflated), one image filling each page at 100 dpi, as a scanner writes them. */
import type { Canvas } from '@napi-rs/canvas';
import { deflateSync } from 'node:zlib';

/** A PDF of page images (grey, deflated), one image filling each page: a scan as a scanner writes it. */
export function imagePdf(pages: Canvas[]): Uint8Array {
  const objects: (string | Buffer)[][] = [[], []];
  const add = (...parts: (string | Buffer)[]) => objects.push(parts);
  const kids: number[] = [];
  for (const c of pages) {
    const rgba = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const gray = Buffer.alloc(c.width * c.height);
    for (let i = 0; i < gray.length; i++) gray[i] = rgba[4 * i]!;
    const data = deflateSync(gray);
    add(
      `<< /Type /XObject /Subtype /Image /Width ${c.width} /Height ${c.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
      data,
      '\nendstream',
    );
    const image = objects.length;
    // 100 dpi
    const w = (c.width * 72) / 100,
      h = (c.height * 72) / 100;
    const ops = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    add(`<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`);
    const content = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`);
    kids.push(objects.length);
  }
  objects[0] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  objects[1] = [`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((parts, i) => {
    offsets.push(offset);
    for (const p of [`${i + 1} 0 obj\n`, ...parts, '\nendobj\n']) {
      const b = typeof p === 'string' ? Buffer.from(p, 'latin1') : p;
      chunks.push(b);
      offset += b.length;
    }
  });
  const xref = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  chunks.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks));
}
