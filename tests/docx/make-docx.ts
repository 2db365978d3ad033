/** Test helpers: tiny .docx archives built from WordprocessingML snippets. */
import { zipSync, strToU8 } from 'fflate';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

export const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

export interface TcOptions {
  span?: number;
  vMerge?: 'restart' | 'continue' | 'bare';
}
export const tc = (text: string, o: TcOptions = {}) => {
  const props = (o.span ? `<w:gridSpan w:val="${o.span}"/>` : '') + (o.vMerge === 'bare' ? '<w:vMerge/>' : o.vMerge ? `<w:vMerge w:val="${o.vMerge}"/>` : '');
  return `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>${props}</w:tcPr>${text ? p(text) : '<w:p/>'}</w:tc>`;
};
export const tr = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;
export const tbl = (...rows: string[]) => `<w:tbl><w:tblPr/><w:tblGrid/>${rows.join('')}</w:tbl>`;

export function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`;
}

/** A .docx with the given document.xml (and optional core.xml title). */
export function makeDocx(docXml: string, opts: { title?: string; level?: 0 | 6 | 9; parts?: Record<string, string> } = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(docXml),
  };
  if (opts.title !== undefined) {
    files['docProps/core.xml'] = strToU8(
      '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
        `xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${opts.title}</dc:title></cp:coreProperties>`,
    );
  }
  for (const [name, text] of Object.entries(opts.parts ?? {})) files[name] = strToU8(text);
  return zipSync(files, { level: opts.level ?? 6 });
}

/**
 * Overwrite the uncompressed size a zip declares for `name`, in its local
 * header and its central directory record: a forged header.
 */
export function forgeDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const nameBytes = strToU8(name);
  const matches = (at: number) => nameBytes.every((b, i) => out[at + i] === b);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint16(i + 26, true) === nameBytes.length && matches(i + 30)) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && view.getUint16(i + 28, true) === nameBytes.length && matches(i + 46)) view.setUint32(i + 24, size, true);
  }
  return out;
}

/** Where the compressed bytes of member `name` lie in the archive (from its local header). */
export function memberDataRange(zip: Uint8Array, name: string): { start: number; end: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const nameBytes = strToU8(name);
  for (let i = 0; i + 30 < zip.length; i++) {
    if (view.getUint32(i, true) !== 0x04034b50) continue;
    const nameLen = view.getUint16(i + 26, true);
    if (nameLen !== nameBytes.length || !nameBytes.every((b, k) => zip[i + 30 + k] === b)) continue;
    const start = i + 30 + nameLen + view.getUint16(i + 28, true);
    return { start, end: start + view.getUint32(i + 18, true) };
  }
  throw new Error(`no member ${name}`);
}
