/**
 * Word .docx reports: only `word/document.xml` (and the core properties, for
 * the title) is read from the archive, with bounded inflation; the XML is
 * refused if it declares a DTD; paragraphs and tables come out in `cell`
 * units, spans resolved from `w:gridSpan` and `w:vMerge`.
 */
import { XMLParser } from 'fast-xml-parser';
import { NianbaoError } from '../src/core/errors.js';
import type { Finding } from '../src/core/findings.js';
import type { Layout } from '../src/core/layout.js';
import { looksLikeReportTitle, cleanInline, StructuredLayoutBuilder } from './structured/builder.js';
import { childrenOf, docxBlocks, tagOf, type XmlNode } from './structured/docx-body.js';
import { DocxNumbering } from './structured/docx-numbering.js';
import { listZipEntries, readZipEntry, type ZipEntry } from './structured/zip.js';
import type { ExtractorOptions } from './types.js';

/** document.xml of a long report with heavy formatting is a few MB; a larger one is refused before fast-xml-parser spends seconds on it. */
export const MAX_DOCUMENT_XML_BYTES = 32 * 1024 * 1024;
const MAX_SMALL_PART_BYTES = 1024 * 1024;
const MAX_NUMBERING_BYTES = 8 * 1024 * 1024;
/** Element nesting the parser accepts; Word's deepest real structures (tables in tables) stay far below. */
const MAX_XML_DEPTH = 256;

export async function extractDocx(bytes: Uint8Array, options: ExtractorOptions): Promise<Layout> {
  const { file } = options;
  const entries = listZipEntries(bytes, file);
  const main = mainDocumentEntry(bytes, entries, file);
  const xml = decodeXml(readZipEntry(bytes, main, MAX_DOCUMENT_XML_BYTES, file));
  const doc = parseXml(xml, main.name, file);
  const body = findBody(doc);
  if (!body) throw new NianbaoError('unreadable', `${main.name} has no w:body: not a Word document`, { file });

  const findings: Finding[] = [];
  const builder = new StructuredLayoutBuilder();
  let firstTitleLine: string | undefined;
  for (const b of docxBlocks(body, numberingOf(bytes, entries, file, findings))) {
    if (b.kind === 'paragraph') {
      builder.paragraph(b.text);
      if (firstTitleLine === undefined && builder.tableCount === 0 && looksLikeReportTitle(cleanInline(b.text))) firstTitleLine = b.text;
    } else builder.table(b.cells, b.rows);
  }
  if (builder.lineCount === 0) {
    findings.push({ code: 'docx-empty', severity: 'warning', message: 'the document body holds no text', stage: 'extract' });
  }
  return builder.build('docx', findings, coreTitle(bytes, entries, file) ?? firstTitleLine);
}

/** `word/document.xml`, or wherever the package's officeDocument relationship points. */
function mainDocumentEntry(bytes: Uint8Array, entries: ZipEntry[], file: string): ZipEntry {
  const byName = (n: string) => entries.find((e) => e.name === n);
  const direct = byName('word/document.xml');
  if (direct) return direct;
  const rels = byName('_rels/.rels');
  if (rels) {
    const text = decodeXml(readZipEntry(bytes, rels, MAX_SMALL_PART_BYTES, file));
    for (const m of text.matchAll(/<Relationship\b[^>]*>/g)) {
      if (!/Type="[^"]*\/officeDocument"/.test(m[0])) continue;
      const target = /Target="\/?([^"]+)"/.exec(m[0])?.[1];
      const e = target ? byName(target) : undefined;
      if (e) return e;
    }
  }
  throw new NianbaoError('unreadable', 'the archive has no word/document.xml: not a Word .docx document', { file });
}

function decodeXml(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  return new TextDecoder('utf-8').decode(b); // strips a UTF-8 BOM
}

/**
 * fast-xml-parser with values left as text (`0012` stays `0012`, a space-only
 * run stays a space); a DTD is refused outright: Word never writes one, and
 * its entities can expand without bound (billion laughs).
 */
function parseXml(xml: string, part: string, file: string): XmlNode[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new NianbaoError('hostile-input', `${part} declares a DTD (<!DOCTYPE>/<!ENTITY>), which Word never writes and whose entities can expand without bound; refused`, { file });
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    htmlEntities: true, // numeric references (&#x4E2D;) some generators write
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: MAX_XML_DEPTH,
  });
  try {
    return parser.parse(xml) as XmlNode[];
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    if (/nested/i.test(msg)) {
      throw new NianbaoError('hostile-input', `${part} nests elements more than ${MAX_XML_DEPTH} deep; refused`, { file, cause: err });
    }
    throw new NianbaoError('unreadable', `${part} is not well-formed XML (${msg.slice(0, 200)})`, { file, cause: err });
  }
}

function findBody(doc: XmlNode[]): XmlNode | undefined {
  const document = doc.find((n) => tagOf(n) === 'w:document');
  return document ? childrenOf(document).find((n) => tagOf(n) === 'w:body') : undefined;
}

/**
 * List numbering definitions, if the document has any. A numbering part that
 * cannot be read costs the numbers (一、, （一）) a list would show, not the
 * report: say so and go on.
 */
function numberingOf(bytes: Uint8Array, entries: ZipEntry[], file: string, findings: Finding[]): DocxNumbering {
  const part = entries.find((e) => e.name === 'word/numbering.xml');
  if (!part) return new DocxNumbering(null);
  try {
    return new DocxNumbering(parseXml(decodeXml(readZipEntry(bytes, part, MAX_NUMBERING_BYTES, file)), part.name, file));
  } catch (err) {
    findings.push({
      code: 'docx-numbering-unreadable',
      severity: 'warning',
      message: `word/numbering.xml could not be read (${(err as Error).message}); automatic list numbers (一、, (一)) are missing from the text`,
      stage: 'extract',
    });
    return new DocxNumbering(null);
  }
}

/** dc:title from docProps/core.xml, when the author filled it in. */
function coreTitle(bytes: Uint8Array, entries: ZipEntry[], file: string): string | undefined {
  const core = entries.find((e) => e.name === 'docProps/core.xml');
  if (!core) return undefined;
  try {
    const doc = parseXml(decodeXml(readZipEntry(bytes, core, MAX_SMALL_PART_BYTES, file)), core.name, file);
    const props = doc.find((n) => tagOf(n) === 'cp:coreProperties');
    const title = props && childrenOf(props).find((n) => tagOf(n) === 'dc:title');
    const text = title
      ? childrenOf(title)
          .map((c) => (typeof c['#text'] === 'string' ? c['#text'] : ''))
          .join('')
      : '';
    return cleanInline(text) || undefined;
  } catch {
    return undefined; // the title is a nicety: a damaged core.xml must not cost the report
  }
}
