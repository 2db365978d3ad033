import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mostWorkFirst, SCANNED_PDF_PIXELS_PER_BYTE } from '../../src/app/batch/schedule.js';
import type { Candidate } from '../../src/app/batch/walk.js';
import { whiteCanvas } from '../helpers/canvas.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-schedule-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, body: Buffer, kind: Candidate['kind']): Candidate {
  const p = path.join(tmp, name);
  writeFileSync(p, body);
  const st = statSync(p);
  return { path: p, kind, size: st.size, mtimeMs: st.mtimeMs };
}

/** A JPEG of random grey: many bytes for its pixels. */
function noisyJpeg(width: number, height: number): Buffer {
  const { canvas, ctx } = whiteCanvas(width, height);
  const img = ctx.getImageData(0, 0, width, height);
  for (let i = 0; i < img.data.length; i += 4) img.data[i] = img.data[i + 1] = img.data[i + 2] = (i * 7919) % 251;
  ctx.putImageData(img, 0, 0);
  return canvas.toBuffer('image/jpeg');
}

test('an image is placed by its pixels, not its bytes: a clean PNG scan goes before bigger files with less to read', async () => {
  const png = file('page.png', whiteCanvas(1600, 2400).canvas.toBuffer('image/png'), 'image');
  const jpeg = file('photo.jpg', noisyJpeg(200, 200), 'image');
  // bytes × the pixels per byte of a scanned PDF: between the two images
  const pdfBytes = Math.ceil((1600 * 2400) / SCANNED_PDF_PIXELS_PER_BYTE / 2);
  const pdf = file('scan.pdf', Buffer.alloc(pdfBytes, 0x20), 'pdf');
  // the premise: by size alone the PNG would come last
  expect(png.size).toBeLessThan(jpeg.size);
  expect(jpeg.size).toBeLessThan(pdf.size);
  expect((await mostWorkFirst([jpeg, pdf, png])).map((c) => path.basename(c.path))).toEqual(['page.png', 'scan.pdf', 'photo.jpg']);
});

test('an image whose header cannot be read (damaged, TIFF) is placed by its size; equal estimates go by path', async () => {
  const bytes = 5000;
  const damaged = file('b-damaged.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(bytes - 4)]), 'image');
  const tiff = file('a-scan.tif', Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(bytes - 4)]), 'image');
  const text = file('c-report.txt', Buffer.alloc(bytes, 0x41), 'text');
  const bigger = file('d-bigger.html', Buffer.alloc(bytes + 1, 0x41), 'html');
  expect((await mostWorkFirst([text, damaged, bigger, tiff])).map((c) => path.basename(c.path))).toEqual(['d-bigger.html', 'a-scan.tif', 'b-damaged.png', 'c-report.txt']);
});

test('a file that vanished after the walk is still ordered (the batch reports it as unreadable later)', async () => {
  const gone: Candidate = { path: path.join(tmp, 'gone.png'), kind: 'image', size: 10, mtimeMs: 0 };
  const there = file('there.txt', Buffer.alloc(20, 0x41), 'text');
  expect((await mostWorkFirst([gone, there])).map((c) => path.basename(c.path))).toEqual(['there.txt', 'gone.png']);
});
