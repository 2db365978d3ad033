/** One bad byte must not lose a report; UTF-16 and a few stray NULs are text. */
import { extract } from '../../src/stages/pipeline.js';
import { makeReport, reportText } from '../helpers/report.js';

const report = () => Buffer.from(reportText(makeReport(5)), 'utf8');

describe('lenient decoding of a text report', () => {
  test('a stray 0xFF in UTF-8 is replaced, named by its offset, and everything else read', async () => {
    const b = report();
    const at = b.indexOf(Buffer.from('五、存在的主要问题', 'utf8'));
    const bytes = Buffer.concat([b.subarray(0, at), Buffer.from([0xff]), b.subarray(at)]);
    const rec = await extract(new Uint8Array(bytes), { fileName: 'stray.txt' });
    expect(rec.agency).toBe('测试市测试局');
    expect(rec.requests.total.total).toBe(makeReport(5).requests.total![6]);
    const f = rec.findings.find((x) => x.code === 'text-bad-bytes');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain(`offset ${at}`);
  });

  test('a last character cut in half is dropped, not the report', async () => {
    const b = Buffer.concat([report(), Buffer.from('结束', 'utf8').subarray(0, 4)]);
    const rec = await extract(new Uint8Array(b), { fileName: 'cut.txt' });
    expect(rec.requests.granted.total).toBe(makeReport(5).requests.granted![6]);
  });

  test('UTF-16 with a BOM, and a few stray NULs, are read as text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(reportText(makeReport(5)), 'utf16le')]);
    expect((await extract(new Uint8Array(utf16), { fileName: 'wide.txt' })).agency).toBe('测试市测试局');
    const b = report();
    const nuls = Buffer.concat([b.subarray(0, 30), Buffer.from([0, 0]), b.subarray(30)]);
    expect((await extract(new Uint8Array(nuls), { fileName: 'nul.txt' })).agency).toBe('测试市测试局');
  });
});
