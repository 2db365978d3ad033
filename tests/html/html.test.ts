import { readFileSync } from 'node:fs';
import { NianbaoError } from '../../src/core/errors.js';
import { extractHtml } from '../../extractors/html.js';
import { extractLayout } from '../../extractors/index.js';
import { layoutRows, layoutText } from './dump.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const extract = (html: string | Uint8Array) => extractHtml(typeof html === 'string' ? utf8(html) : html, { file: 'test.html' });

/** A report page the way CMSs publish one: banner, breadcrumb, counters and footer around the article. */
const page = (article: string, title = '某某区某某街道办事处2024年政府信息公开工作年度报告') => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}_某某区人民政府网</title></head><body>
<div style="height:96px">某某区人民政府网</div>
<div>当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">政府信息公开年报</a></div>
<div><h1>${title}</h1>
<div>发布时间：2025-01-13&nbsp;&nbsp;浏览次数：8760&nbsp;&nbsp;【字号：大 中 小】</div>
<div class="TRS_Editor">${article}</div></div>
<div>主办单位：某某区人民政府办公室<br>网站标识码：1000061320</div>
</body></html>`;

const ARTICLE = `<p>&nbsp;&nbsp;&nbsp;&nbsp;<strong>一、总体情况</strong></p>
<p>本年度共收到申请２５件。</p>
<p><strong>三、收到和处理政府信息公开申请情况</strong></p>
<table border="1"><tbody>
<tr><td rowspan="2" colspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td rowspan="2">自然人</td><td colspan="2">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td><p>科研</p><p>机构</p></td></tr>
<tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>23</td><td>1</td><td>&nbsp;</td><td>24</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td>（一）予以公开</td><td>11</td><td>0</td><td>0</td><td>11</td></tr>
<tr><td>（二）部分公开</td><td>2</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td>（七）总计</td><td>13</td><td>0</td><td>0</td><td>13</td></tr>
</tbody></table>
<p><strong>六、其他需要报告的事项</strong></p><p>无</p>
<p style="text-align:right">某某区某某街道办事处</p><p style="text-align:right">2025年1月13日</p>`;

test('paragraphs and tables come out in document order, tables on their true grid columns', async () => {
  const layout = await extract(page(ARTICLE));
  expect(layout.kind).toBe('html');
  expect(layout.pages).toHaveLength(1);
  expect(layout.pages[0]!.unit).toBe('cell');
  expect(layoutRows(layout)).toEqual([
    '0:某某区某某街道办事处2024年政府信息公开工作年度报告',
    '0:一、总体情况',
    '0:本年度共收到申请25件。',
    '0:三、收到和处理政府信息公开申请情况',
    '0+2v2:(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 2v2:自然人 | 3+2:法人或其他组织 | 5v2:总计',
    '3:商业 企业 | 4:科研 机构',
    '0+2:一、本年新收政府信息公开申请数量 | 2:23 | 3:1 | 5:24',
    '0v3:三、本年度办理结果 | 1:(一)予以公开 | 2:11 | 3:0 | 4:0 | 5:11',
    '1:(二)部分公开 | 2:2 | 3:0 | 4:0 | 5:2',
    '1:(七)总计 | 2:13 | 3:0 | 4:0 | 5:13',
    '0:六、其他需要报告的事项',
    '0:无',
    '0:某某区某某街道办事处',
    '0:2025年1月13日',
  ]);
  // y runs on through the table: the line after it starts past its six rows.
  const lines = layout.pages[0]!.lines;
  expect(lines.map((l) => l.box.y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  const value = lines[6]!.tokens[1]!;
  expect(value.cell).toEqual({ table: 0, row: 2, col: 2, rowSpan: 1, colSpan: 1 });
});

test('site chrome around the article is left out, with an info finding; the title is declared', async () => {
  const layout = await extract(page(ARTICLE));
  const text = layoutText(layout);
  for (const chrome of ['某某区人民政府网', '当前位置', '浏览次数', '字号', '主办单位', '网站标识码']) expect(text).not.toContain(chrome);
  expect(layout.declaredTitle).toBe('某某区某某街道办事处2024年政府信息公开工作年度报告');
  expect(layout.findings.map((f) => f.code)).toContain('html-chrome-dropped');
});

test('short report lines that merely mention chrome words are kept', async () => {
  const article = ARTICLE.replace('<p>无</p>', '<p>加强技术支持，提升网站主办质量。</p><p>来源渠道持续拓宽。</p>');
  const rows = layoutRows(await extract(page(article)));
  expect(rows).toContain('0:加强技术支持,提升网站主办质量。');
  expect(rows).toContain('0:来源渠道持续拓宽。');
});

test('a title broken over two lines in its heading stays one title line', async () => {
  const html = page(ARTICLE).replace(/<h1>[^<]*<\/h1>/, '<h1>某某区某某街道办事处<br>2024年政府信息公开工作年度报告</h1>');
  const layout = await extract(html);
  expect(layoutRows(layout)[0]).toBe('0:某某区某某街道办事处 2024年政府信息公开工作年度报告');
  expect(layout.declaredTitle).toBe('某某区某某街道办事处 2024年政府信息公开工作年度报告');
});

test('without an <h1>, the declared title is the report part of <title>', async () => {
  const html = page(ARTICLE).replace(/<h1>[^<]*<\/h1>/, '');
  const layout = await extract(html);
  expect(layout.declaredTitle).toBe('某某区某某街道办事处2024年政府信息公开工作年度报告');
});

test('a layout table holding the real tables is flattened into them', async () => {
  const html = `<html><body><table width="100%"><tr><td class="left"><a href="#">首页</a></td><td>
    <p>一、总体情况</p><p>概述文字</p>
    <table border="1"><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>
    <p>六、其他需要报告的事项</p></td></tr></table></body></html>`;
  const layout = await extract(html);
  expect(layoutRows(layout)).toEqual(['0:一、总体情况', '0:概述文字', '0:信息内容 | 1:本年制发件数', '0:规章 | 1:3', '0:六、其他需要报告的事项']);
  expect(layout.pages[0]!.lines[3]!.tokens[1]!.cell?.table).toBe(0);
});

test('script, style, noscript, template and comments never reach the layout', async () => {
  const html = page(`<script>document.write("<td>99999</td>")</script><style>.x{content:"样式"}</style>
    <noscript>请启用脚本</noscript><template><p>模板</p></template><!-- 注释 -->${ARTICLE}`);
  const text = layoutText(await extract(html));
  for (const hidden of ['99999', 'document.write', '样式', '请启用脚本', '模板', '注释']) expect(text).not.toContain(hidden);
  expect(text).toContain('一、总体情况');
});

test('a GBK page declared gb2312 decodes, and so does the same page without its meta (sniffed)', async () => {
  const bytes = new Uint8Array(readFileSync(new URL('../fixtures/gbk-report.html', import.meta.url)));
  const layout = await extract(bytes);
  const rows = layoutRows(layout);
  expect(rows).toContain('0:本年度共收到申请12件。');
  expect(rows).toContain('0:规章 | 1:3');
  expect(rows).toContain('0+2:第二十条第(一)项');
  expect(layoutText(layout)).not.toMatch(/首页|脚本文字|99999|注释文字/);
  expect(layout.declaredTitle).toBe('某某镇人民政府2023年政府信息公开工作年度报告');

  const withoutMeta = new TextDecoder('latin1').decode(bytes).replace(/<META[^>]*>/, '');
  const latin1 = Uint8Array.from(withoutMeta, (ch) => ch.charCodeAt(0));
  expect(layoutRows(await extract(latin1))).toEqual(rows);
});

test('a page declared gb2312 whose bytes are UTF-8 is read as UTF-8, with a warning', async () => {
  const html = page(ARTICLE).replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
  const layout = await extract(html);
  expect(layoutRows(layout)).toContain('0:一、总体情况');
  expect(layout.findings.find((f) => f.code === 'html-charset-mismatch')?.severity).toBe('warning');
});

test('ten thousand nested tables: no stack overflow, the innermost text survives', async () => {
  const n = 10000;
  const html = '<html><body>' + '<table><tr><td>'.repeat(n) + '最内层' + '</td></tr></table>'.repeat(n) + '</body></html>';
  const t0 = Date.now();
  const layout = await extract(html);
  expect(layoutText(layout)).toContain('最内层');
  expect(Date.now() - t0).toBeLessThan(10000);
});

test('a huge attribute and a huge text node are read without trouble', async () => {
  const big = 'x'.repeat(1024 * 1024);
  const layout = await extract(page(`<div class="${big}" data-x="${big}">${ARTICLE}</div><p>${'长'.repeat(256 * 1024)}</p>`));
  expect(layoutRows(layout)).toContain('0:一、总体情况');
  const long = '长'.repeat(256 * 1024);
  expect(layoutText(layout).includes(long)).toBe(true);
});

test('a page over the size limit is refused as too large', async () => {
  const huge = new Uint8Array(33 * 1024 * 1024).fill(0x20);
  await expect(extract(huge)).rejects.toMatchObject({ name: 'NianbaoError', code: 'too-large' });
});

test('a legacy Word .doc (OLE2) is refused by kind sniffing with a clear error', async () => {
  const ole = new Uint8Array(2048);
  ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const err = await extractLayout(ole, { file: 'report.doc' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NianbaoError);
  expect((err as NianbaoError).code).toBe('legacy-doc');
  expect((err as NianbaoError).file).toBe('report.doc');
});
