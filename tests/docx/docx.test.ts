import { zipSync, strToU8 } from 'fflate';
import { extractDocx } from '../../extractors/docx.js';
import { extractLayout } from '../../extractors/index.js';
import { layoutRows, layoutText } from '../html/dump.js';
import { documentXml, forgeDeclaredSize, makeDocx, memberDataRange, p, tbl, tc, tr } from './make-docx.js';

const extract = (bytes: Uint8Array) => extractDocx(bytes, { file: 'test.docx' });

test('paragraphs and tables in document order; gridSpan and vMerge (restart, continue, bare) give true columns', async () => {
  const body =
    p('某某县人民政府2024年政府信息公开工作年度报告') +
    p('三、收到和处理政府信息公开申请情况') +
    tbl(
      tr(tc('（本列数据的勾稽关系）', { span: 2, vMerge: 'restart' }), tc('自然人', { vMerge: 'restart' }), tc('法人或其他组织', { span: 2 })),
      tr(tc('', { span: 2, vMerge: 'continue' }), tc('', { vMerge: 'bare' }), tc('商业企业'), tc('科研机构')),
      tr(tc('三、本年度办理结果', { vMerge: 'restart' }), tc('（一）予以公开'), tc('１１'), tc('0'), tc('0012')),
      tr(tc('', { vMerge: 'continue' }), tc('（二）部分公开'), tc('2'), tc(''), tc('1')),
      tr(tc('（七）总计', { span: 2 }), tc('13'), tc('0'), tc('1')),
    ) +
    p('六、其他需要报告的事项') +
    p('无');
  const layout = await extract(makeDocx(documentXml(body)));
  expect(layout.kind).toBe('docx');
  expect(layout.pages[0]!.unit).toBe('cell');
  expect(layoutRows(layout)).toEqual([
    '0:某某县人民政府2024年政府信息公开工作年度报告',
    '0:三、收到和处理政府信息公开申请情况',
    '0+2v2:(本列数据的勾稽关系) | 2v2:自然人 | 3+2:法人或其他组织',
    '3:商业企业 | 4:科研机构',
    '0v2:三、本年度办理结果 | 1:(一)予以公开 | 2:11 | 3:0 | 4:0012',
    '1:(二)部分公开 | 2:2 | 4:1',
    '0+2:(七)总计 | 2:13 | 3:0 | 4:1',
    '0:六、其他需要报告的事项',
    '0:无',
  ]);
  expect(layout.pages[0]!.lines.map((l) => l.box.y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  expect(layout.declaredTitle).toBe('某某县人民政府2024年政府信息公开工作年度报告');
});

test('gridBefore shifts a row; a merge not continued ends', async () => {
  const body = tbl(
    tr(tc('a', { vMerge: 'restart' }), tc('b'), tc('c')),
    tr(tc('', { vMerge: 'continue' }), tc('d'), tc('e')),
    `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('f')}${tc('g')}</w:tr>`,
    tr(tc('h', { vMerge: 'continue' }), tc('i'), tc('j')),
  );
  expect(layoutRows(await extract(makeDocx(documentXml(body))))).toEqual([
    '0v2:a | 1:b | 2:c',
    '1:d | 2:e',
    '1:f | 2:g',
    '0:h | 1:i | 2:j', // a continue with nothing open above is an ordinary cell: its text is kept
  ]);
});

test('runs: tabs are spaces, breaks split paragraphs but not cells, deleted text and field codes are skipped', async () => {
  const run = (inner: string) => `<w:r>${inner}</w:r>`;
  const body =
    `<w:p>${run('<w:t>第一行</w:t><w:tab/><w:t>续</w:t><w:br/><w:t>第二行</w:t>')}` +
    `<w:del><w:r><w:delText>删除的字</w:delText></w:r></w:del><w:ins>${run('<w:t>插入的字</w:t>')}</w:ins>` +
    `${run('<w:fldChar w:fldCharType="begin"/>')}${run('<w:instrText> PAGE </w:instrText>')}${run('<w:fldChar w:fldCharType="end"/>')}</w:p>` +
    tbl(tr(`<w:tc><w:p>${run('<w:t>社会</w:t><w:br/><w:t>公益</w:t>')}</w:p><w:p>${run('<w:t>组织</w:t>')}</w:p></w:tc>`)) +
    `<w:p><w:r><w:t>数</w:t></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>&#x4E2D;&amp;</w:t></w:r></w:p>`;
  const layout = await extract(makeDocx(documentXml(body)));
  expect(layoutRows(layout)).toEqual(['0:第一行 续', '0:第二行插入的字', '0:社会 公益 组织', '0:数 中&']);
  expect(layoutText(layout)).not.toMatch(/删除|PAGE/);
});

test('a text box written twice (DrawingML choice and VML fallback) is read once', async () => {
  const box = `<w:txbxContent>${p('文本框')}</w:txbxContent>`;
  const body = `<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
    <mc:Choice Requires="wps"><w:drawing><wps:txbx>${box}</wps:txbx></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:textbox>${box}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>`;
  expect(layoutRows(await extract(makeDocx(documentXml(body))))).toEqual(['0:正文', '0:文本框']);
});

test('a layout table holding a table is flattened into its content', async () => {
  const inner = tbl(tr(tc('信息内容'), tc('本年制发件数')), tr(tc('规章'), tc('3')));
  const body = tbl(tr(`<w:tc>${p('一、总体情况')}${inner}${p('说明')}</w:tc>`));
  expect(layoutRows(await extract(makeDocx(documentXml(body))))).toEqual(['0:一、总体情况', '0:信息内容 | 1:本年制发件数', '0:规章 | 1:3', '0:说明']);
});

test('automatic list numbers (一、, (一), 1.) are rebuilt in document order, deeper levels restarting', async () => {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const lvl = (ilvl: number, fmt: string, text: string) => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/></w:lvl>`;
  const numbering = `<?xml version="1.0"?><w:numbering ${W}>
    <w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCounting', '%1、')}${lvl(1, 'chineseCounting', '（%2）')}</w:abstractNum>
    <w:abstractNum w:abstractNumId="1">${lvl(0, 'decimal', '%1.')}</w:abstractNum>
    <w:abstractNum w:abstractNumId="2">${lvl(0, 'bullet', '•')}</w:abstractNum>
    <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
    <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
    <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num></w:numbering>`;
  const np = (numId: number, ilvl: number, text: string) => `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t>${text}</w:t></w:r></w:p>`;
  const cell = (inner: string) => `<w:tc>${inner}</w:tc>`;
  const body =
    np(1, 0, '总体情况') +
    np(1, 1, '主动公开') +
    np(1, 1, '依申请公开') +
    np(1, 0, '主动公开政府信息情况') +
    np(1, 1, '规章') +
    tbl(tr(cell(np(2, 0, '属于国家秘密')), tc('0')), tr(cell(np(2, 0, '其他法律行政法规禁止公开')), tc('1'))) +
    np(3, 0, '要点');
  expect(layoutRows(await extract(makeDocx(documentXml(body), { parts: { 'word/numbering.xml': numbering } })))).toEqual([
    '0:一、总体情况',
    '0:(一)主动公开',
    '0:(二)依申请公开',
    '0:二、主动公开政府信息情况',
    '0:(一)规章',
    '0:1.属于国家秘密 | 1:0',
    '0:2.其他法律行政法规禁止公开 | 1:1',
    '0:要点',
  ]);
});

test('an unreadable numbering part costs only the list numbers, with a warning', async () => {
  const layout = await extract(makeDocx(documentXml(p('正文')), { parts: { 'word/numbering.xml': '<!DOCTYPE x [<!ENTITY a "b">]><w:numbering/>' } }));
  expect(layoutRows(layout)).toEqual(['0:正文']);
  expect(layout.findings.map((f) => [f.code, f.severity])).toEqual([['docx-numbering-unreadable', 'warning']]);
});

test('the declared title comes from the core properties when filled in', async () => {
  const layout = await extract(makeDocx(documentXml(p('正文')), { title: '某某局2023年政府信息公开工作年度报告' }));
  expect(layout.declaredTitle).toBe('某某局2023年政府信息公开工作年度报告');
});

describe('hostile and broken input', () => {
  const expectError = async (bytes: Uint8Array, code: string, message?: RegExp) => {
    const t0 = Date.now();
    const err = await extract(bytes).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'NianbaoError', code });
    if (message) expect((err as Error).message).toMatch(message);
    expect(Date.now() - t0).toBeLessThan(3000);
  };

  test('a zip bomb declaring its real size is refused before inflating', async () => {
    const bomb = makeDocx(documentXml(p('x'.repeat(33 * 1024 * 1024))), { level: 9 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expectError(bomb, 'too-large', /word\/document\.xml.*declares/);
  });

  test('a zip bomb behind a forged small size is stopped while inflating', async () => {
    const bomb = forgeDeclaredSize(makeDocx(documentXml(p('x'.repeat(8 * 1024 * 1024))), { level: 9 }), 'word/document.xml', 2000);
    await expectError(bomb, 'hostile-input', /inflates past the 2000 bytes/);
  });

  test('billion laughs: a DTD with entities is refused, nothing is expanded', async () => {
    const lol =
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
      Array.from({ length: 7 }, (_, i) => `<!ENTITY lol${i + 3} "${`&lol${i + 2};`.repeat(10)}">`).join('') +
      `]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`;
    await expectError(makeDocx(lol), 'hostile-input', /DTD/);
  });

  test('ten thousand nested tables are refused by the depth cap, without a stack overflow', async () => {
    const n = 10000;
    const xml = documentXml('<w:tbl><w:tr><w:tc>'.repeat(n) + p('x') + '</w:tc></w:tr></w:tbl>'.repeat(n));
    await expectError(makeDocx(xml), 'hostile-input', /nests elements/);
  });

  test('a huge attribute and a huge text node are read, within bounds', async () => {
    const xml = documentXml(`<w:p w:rsidR="${'f'.repeat(2 * 1024 * 1024)}"><w:r><w:t>${'长'.repeat(512 * 1024)}</w:t></w:r></w:p>`);
    const t0 = Date.now();
    const layout = await extract(makeDocx(xml));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(layout.pages[0]!.lines[0]!.tokens[0]!.text.length).toBe(512 * 1024);
  });

  test('a truncated archive is unreadable, not a crash', async () => {
    const docx = makeDocx(documentXml(p('正文'.repeat(1000))));
    await expectError(docx.subarray(0, Math.floor(docx.length / 2)), 'unreadable', /truncated|corrupt/);
  });

  test('corrupt deflate data is unreadable', async () => {
    // Numbers that do not repeat, so the compressed data is long enough to damage in the middle.
    const docx = makeDocx(documentXml(Array.from({ length: 3000 }, (_, i) => p(String((i * 7919) % 100003))).join('')));
    const { start, end } = memberDataRange(docx, 'word/document.xml');
    expect(end - start).toBeGreaterThan(1000);
    const broken = docx.slice();
    const mid = Math.floor((start + end) / 2);
    for (let i = mid; i < mid + 64; i++) broken[i] = 0xff - broken[i]!;
    await expectError(broken, 'unreadable', /document\.xml (does not inflate|inflates to)/);
  });

  test('an archive without word/document.xml is not a Word document', async () => {
    await expectError(zipSync({ 'word/styles.xml': strToU8('<x/>') }), 'unreadable', /word\/document\.xml/);
  });

  test('a legacy .doc goes through extractLayout to a legacy-doc error', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expect(extractLayout(ole, { file: 'old.doc' })).rejects.toMatchObject({ code: 'legacy-doc', file: 'old.doc' });
  });
});

test('a docx goes through extractLayout by sniffing', async () => {
  const layout = await extractLayout(makeDocx(documentXml(p('一、总体情况'))), { file: 'r.docx' });
  expect(layout.kind).toBe('docx');
  expect(layoutRows(layout)).toEqual(['0:一、总体情况']);
});
