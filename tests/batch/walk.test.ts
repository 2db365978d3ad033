import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { classifyByHead, classifyByName } from '../../src/app/batch/kinds.js';
import { walk } from '../../src/app/batch/walk.js';
import { tinyPdf } from './fixtures/files.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-walk-'));
  const f = (rel: string, body: string | Buffer = 'x') => {
    mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    writeFileSync(path.join(tmp, rel), body);
  };
  f('a.pdf');
  f('b.TXT');
  f('sub/c.htm');
  f('sub/deeper/d.docx');
  f('sub/deeper/e.JPEG');
  f('sub/f.tiff');
  f('legacy.doc');
  f('table.xlsx');
  f('notes.md');
  f('scan-without-extension', tinyPdf('x'));
  f('README');
  f('.DS_Store');
  f('.git/config.pdf');
  symlinkSync(path.join(tmp, 'sub'), path.join(tmp, 'link-to-sub'));
  symlinkSync(tmp, path.join(tmp, 'sub/deeper/back-to-top'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('walks folders recursively (a link loop ends), takes the kinds nianbao reads, reports the rest with the reason', async () => {
  const { candidates, skipped } = await walk([tmp]);
  const rel = (p: string) => path.relative(tmp, p);
  expect(candidates.map((c) => [rel(c.path), c.kind])).toEqual([
    ['a.pdf', 'pdf'],
    ['b.TXT', 'text'],
    ['link-to-sub/c.htm', 'html'],
    ['link-to-sub/deeper/d.docx', 'docx'],
    ['link-to-sub/deeper/e.JPEG', 'image'],
    ['link-to-sub/f.tiff', 'image'],
    ['scan-without-extension', 'pdf'],
  ]); // a folder reached twice (link-to-sub, sub) is walked once, under the name met first
  const reasons = Object.fromEntries(skipped.map((s) => [rel(s.path), s.reason]));
  expect(reasons).toEqual({
    'legacy.doc': 'legacy Word: convert to .docx',
    'table.xlsx': 'spreadsheet: not a report format nianbao reads',
    'notes.md': 'not a kind nianbao reads (.md)',
    README: 'no extension, and not a PDF or an image',
  });
  expect(candidates.every((c) => c.size > 0 && c.mtimeMs > 0)).toBe(true);
});

test('a file named explicitly is taken even when hidden; a missing path is reported', async () => {
  const { candidates, skipped } = await walk([path.join(tmp, '.git/config.pdf'), path.join(tmp, 'missing.pdf')]);
  expect(candidates).toHaveLength(1);
  expect(skipped).toEqual([{ path: path.join(tmp, 'missing.pdf'), reason: 'cannot read (ENOENT)' }]);
});

test('classification by name and by first bytes', () => {
  expect(classifyByName('x.PDF')).toEqual({ take: true, kind: 'pdf' });
  expect(classifyByName('x.ofd')).toEqual({ take: false, reason: 'OFD: convert to PDF' });
  expect(classifyByName('noext')).toBeUndefined();
  expect(classifyByHead(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]))).toEqual({ take: true, kind: 'image' });
  expect(classifyByHead(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toEqual({ take: false, reason: 'legacy Word: convert to .docx' });
});
