/**
 * The hostile-input corpus: files made here, never committed, each with the
 * bound it must end within. Every case must end in one clear line on stderr
 * (exit 1) or a record (exit 0): never a crash, a hang or a memory blow-up.
 * Add a case for each new class of hostile input found.
 */
import { crc32, deflateSync } from 'node:zlib';
import { documentXml, makeDocx } from '../docx/make-docx.js';
import { makeReport, reportText } from '../helpers/report.js';

export interface HostileCase {
  name: string;
  /** What it attacks. */
  why: string;
  bytes: () => Uint8Array;
  /** Wall-clock bound in seconds and peak memory bound in MiB for `nianbao extract`. */
  seconds: number;
  mib: number;
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const REPORT = () => reportText(makeReport(7));
const asHtml = (body: string) =>
  `<html><body>${REPORT()
    .split('\n')
    .slice(0, 20)
    .map((l) => `<p>${l}</p>`)
    .join('')}<p>三、收到和处理政府信息公开申请情况</p>${body}<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>`;

function png(depth: number, colour: number): Uint8Array {
  const chunk = (type: string, data: number[]) => {
    const body = [...Buffer.from(type, 'latin1'), ...data];
    const crc = crc32(Uint8Array.from(body));
    const n = data.length;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...body, crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255];
  };
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', [0, 0, 0, 64, 0, 0, 0, 64, depth, colour, 0, 0, 0]),
    ...chunk('IDAT', [0x78, 0x9c, 3, 0, 0, 0, 0, 1]),
    ...chunk('IEND', []),
  ]);
}

/** A PDF of one page `size` points square holding a 16×16 grey image: a scan the size of a wall. */
function hugePagePdf(size: number): Uint8Array {
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  const add = (body: string) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${offsets.length} 0 obj\n${body}\nendobj\n`;
  };
  const content = 'q 100 0 0 100 10 10 cm /Im1 Do Q';
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${size} ${size}] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>`);
  add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  add(`<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 256 >>\nstream\n${'\x80'.repeat(256)}\nendstream`);
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}

export const CASES: HostileCase[] = [
  { name: 'png-16bit-palette.png', why: 'a bit depth and colour type that cannot go together (the decoder segfaulted)', bytes: () => png(16, 3), seconds: 10, mib: 300 },
  { name: 'png-1bit-rgb.png', why: 'a 1-bit RGB header', bytes: () => png(1, 2), seconds: 10, mib: 300 },
  { name: 'huge-page.pdf', why: 'a 4 KB PDF with a 5500 pt page (rendered at 300 dpi it was 6 GB)', bytes: () => hugePagePdf(5500), seconds: 90, mib: 1536 },
  {
    name: 'rowspan-3000.html',
    why: '3000 rowspan="0" cells above 3000 rows (quadratic span bookkeeping took 34 s)',
    bytes: () => utf8(asHtml(`<table><tr>${'<td rowspan="0">x</td>'.repeat(3000)}</tr>${'<tr><td>1</td></tr>'.repeat(3000)}</table>`)),
    seconds: 15,
    mib: 600,
  },
  { name: 'wide-200k.html', why: 'one row of 200,000 cells', bytes: () => utf8(asHtml(`<table><tr>${'<td>1</td>'.repeat(200_000)}</tr></table>`)), seconds: 30, mib: 1024 },
  {
    name: 'vmerge-150k.docx',
    why: 'a DOCX row of 150,000 vertically merged cells (a stack overflow)',
    bytes: () => {
      const cell = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>';
      const cont = '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>';
      return makeDocx(documentXml(`<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p><w:tbl><w:tr>${cell.repeat(150_000)}</w:tr><w:tr>${cont.repeat(150_000)}</w:tr></w:tbl>`));
    },
    seconds: 45,
    mib: 1536,
  },
  {
    name: 'one-line-3mb.txt',
    why: 'a 3 MB text of one line',
    bytes: () => utf8(('三、收到和处理政府信息公开申请情况 ' + '予以公开 1 2 3 '.repeat(150_000)).slice(0, 3_000_000)),
    seconds: 30,
    mib: 1536,
  },
  {
    name: 'stray-byte.txt',
    why: 'a report with one stray 0xFF (it was read as GBK and lost)',
    bytes: () => {
      const b = Buffer.from(REPORT(), 'utf8');
      return new Uint8Array(Buffer.concat([b.subarray(0, 100), Buffer.from([0xff]), b.subarray(100)]));
    },
    seconds: 10,
    mib: 400,
  },
  {
    name: 'utf16.txt',
    why: 'a report in UTF-16 with its BOM (it was refused as binary)',
    bytes: () => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REPORT(), 'utf16le')])),
    seconds: 10,
    mib: 400,
  },
  {
    name: 'impossible-numbers.txt',
    why: 'negative, 20-digit and exponent-notation counts (1e5 took two cells)',
    bytes: () =>
      utf8(
        REPORT()
          .replace(/行政许可\t\d+/, '行政许可\t12345678901234567890')
          .replace(/行政处罚\t\d+/, '行政处罚\t-3')
          .replace(/行政强制\t\d+/, '行政强制\t1e5'),
      ),
    seconds: 10,
    mib: 400,
  },
  { name: 'nested-10k.html', why: 'ten thousand nested elements', bytes: () => utf8(asHtml('<div>'.repeat(10_000) + '1' + '</div>'.repeat(10_000))), seconds: 15, mib: 600 },
  {
    name: 'wide-40000px.png',
    why: 'an image 40000 px wide (the drawing library said only "Create skia surface failed")',
    bytes: () => {
      const w = 40_000,
        h = 8;
      const raw = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w, 255)])));
      const chunk = (type: string, data: Buffer) => {
        const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(data.length);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(body));
        return Buffer.concat([len, body, crc]);
      };
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(w, 0);
      ihdr.writeUInt32BE(h, 4);
      ihdr[8] = 8;
      return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
    },
    seconds: 10,
    mib: 400,
  },
  { name: 'empty.pdf', why: 'an empty file named .pdf', bytes: () => new Uint8Array(0), seconds: 5, mib: 300 },
];
