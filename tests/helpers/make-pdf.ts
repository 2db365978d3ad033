/**
 * A minimal PDF writer for tests: text items placed at given points, in a
 * non-embedded SimSun CID font with the UniGB-UCS2-H encoding (as older
 * Word/WPS output does), so pdf.js needs its CMaps to read the Chinese —
 * the trap toolchain.md §1.4 describes.
 */
export interface PdfItem {
  text: string;
  /** Left edge and baseline in PDF points, origin bottom-left. */
  x: number;
  y: number;
  size?: number;
}

const hexUcs2 = (s: string) =>
  [...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, '0')).join('').toUpperCase();

export function makePdf(pages: PdfItem[][], options: { width?: number; height?: number } = {}): Uint8Array {
  const width = options.width ?? 595;
  const height = options.height ?? 842;
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>');
  void font;
  const pageIds: number[] = [];
  add(''); // placeholder so the descendant font is object 5
  const descendant = add(
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>',
  );
  void descendant;
  add('<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>');
  for (const items of pages) {
    const ops = items
      .map((it) => `BT /F1 ${it.size ?? 10} Tf 1 0 0 1 ${it.x.toFixed(2)} ${it.y.toFixed(2)} Tm <${hexUcs2(it.text)}> Tj ET`)
      .join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`);
    pageIds.push(
      add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  objects[3] = '<< >>';
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
