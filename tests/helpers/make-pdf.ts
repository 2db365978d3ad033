/**
 * A minimal PDF writer for tests: text items placed at given points, in a
 * non-embedded SimSun CID font with the UniGB-UCS2-H encoding (as older
 * Word/WPS output does), so pdf.js needs its CMaps to read the Chinese —
 * the trap of a pdf.js without its CMaps.
 */
export interface PdfItem {
  text: string;
  /** Left edge and baseline in PDF points, origin bottom-left. */
  x: number;
  y: number;
  size?: number;
  /** Degrees counter-clockwise the item's text matrix turns it about (x, y) (a stamp, a margin note). */
  angle?: number;
}

/**
 * How a page is turned. The items are laid out on an upright `width`×`height`
 * page; `drawn` turns that layout counter-clockwise in the content (each text
 * matrix turned, the MediaBox swapped for 90/270), as a landscape table is
 * printed sideways on a portrait sheet; `rotate` is the page's /Rotate.
 */
export interface PdfPageTurn {
  drawn?: 0 | 90 | 180 | 270;
  rotate?: 0 | 90 | 180 | 270;
}

/** The design page's point (x, y) in user space once the layout is drawn turned. */
function drawnAt(drawn: number, width: number, height: number, x: number, y: number): [number, number] {
  if (drawn === 90) return [height - y, x];
  if (drawn === 180) return [width - x, height - y];
  if (drawn === 270) return [y, width - x];
  return [x, y];
}

function textMatrix(it: PdfItem, drawn: number, width: number, height: number): string {
  const a = (((it.angle ?? 0) + drawn) * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)].map((v) => (Math.abs(v) < 1e-9 ? 0 : v)) as [number, number];
  const [x, y] = drawnAt(drawn, width, height, it.x, it.y);
  return [c, s, -s, c, x, y].map((v) => +v.toFixed(4)).join(' ');
}

const hexUcs2 = (s: string) =>
  [...s]
    .map((ch) => ch.charCodeAt(0).toString(16).padStart(4, '0'))
    .join('')
    .toUpperCase();

export function makePdf(pages: PdfItem[][], options: { width?: number; height?: number; turns?: (PdfPageTurn | undefined)[] } = {}): Uint8Array {
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
  const descendant = add('<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>');
  void descendant;
  add('<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>');
  pages.forEach((items, i) => {
    const { drawn = 0, rotate = 0 } = options.turns?.[i] ?? {};
    const ops = items.map((it) => `BT /F1 ${it.size ?? 10} Tf ${textMatrix(it, drawn, width, height)} Tm <${hexUcs2(it.text)}> Tj ET`).join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`);
    const [w, h] = drawn % 180 ? [height, width] : [width, height];
    const turn = rotate ? ` /Rotate ${rotate}` : '';
    pageIds.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${w} ${h}]${turn} /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`));
  });
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
