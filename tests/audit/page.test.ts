/** The audit page's parts without a browser: statuses, arithmetic, escaping, CSP, text spans, inferred boxes, the command. */
import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditSource, renderAuditPage } from '../../src/app/audit/index.js';
import { MESSAGES } from '../../src/app/audit/messages.js';
import { CLIENT_SCRIPT } from '../../src/app/audit/client.js';
import { escapeHtml, jsonForScript } from '../../src/app/audit/escape.js';
import { identityChecks } from '../../src/app/audit/identities.js';
import { inferBoxes } from '../../src/app/audit/locate.js';
import { cellStatus } from '../../src/core/cell-status.js';
import { run } from '../../src/app/commands/audit.js';
import { extract } from '../../src/stages/pipeline.js';
import type { CellProvenance, ReportRecord } from '../../src/core/record.js';
import { makeReport, reportText } from '../helpers/report.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const prov = (p: Partial<CellProvenance> = {}): CellProvenance => ({ page: 1, box: { x: 0, y: 0, w: 1, h: 1 }, unit: 'char', raw: '1', confidence: 1, method: 'position', repairs: [], ...p });
type F = ReportRecord['findings'][number];
const f = (code: string, severity: F['severity'], cells: string[]): F => ({ code, severity, cells, message: code });

describe('cell status', () => {
  test('each status from provenance and the findings naming the cell', () => {
    expect(cellStatus(3, prov(), [])).toBe('clean');
    expect(cellStatus(3, prov({ repairs: ['ocr-confusable'] }), [])).toBe('repaired');
    expect(cellStatus(3, prov(), [f('digits-split', 'warning', ['requests.granted'])])).toBe('repaired');
    expect(cellStatus(3, prov({ confidence: 0.5 }), [])).toBe('uncertain');
    expect(cellStatus(3, prov({ method: 'order' }), [f('values-detached', 'warning', ['x'])])).toBe('uncertain');
    expect(cellStatus(3, prov(), [f('identity-failed', 'error', ['x'])])).toBe('uncertain');
    expect(cellStatus(3, prov({ repairs: ['x'] }), [f('source-inconsistent', 'error', ['x'])])).toBe('inconsistent');
    expect(cellStatus(null, prov(), [f('row-missing', 'error', ['x'])])).toBe('missing');
    expect(cellStatus(null, prov(), [f('identity-unassessable', 'info', ['x'])])).toBe('blank');
  });
});

describe('escaping', () => {
  test('HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  test('JSON in a script block cannot close it, and reads back the same', () => {
    const v = { s: '</script><script>alert(1)</script><!-- \u2028 &' };
    const j = jsonForScript(v);
    expect(j).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(j)).toEqual(v);
  });
});

describe('identity arithmetic', () => {
  let record: ReportRecord;
  beforeAll(async () => {
    const r = makeReport(4);
    r.requests.granted![6] = (r.requests.granted![6] as number) + 1; // a misprinted total
    record = await extract(bytes(reportText(r)), { fileName: 'sums.txt' });
  });

  test('a failing row total is written out term by term against the printed total', () => {
    const g = record.requests.granted;
    const check = identityChecks(record).find((c) => c.id === 'row-total:granted')!;
    const terms = [g.naturalPerson, g.commercial, g.research, g.publicInterest, g.legalService, g.otherOrg] as number[];
    expect(check.result).toBe('fails');
    expect(check.arithmetic).toBe(`${terms.join(' + ')} = ${terms.reduce((a, b) => a + b, 0)} ≠ ${g.total}`);
    expect(check.cells).toContain('requests.granted.commercial');
  });

  test('a balance writes both sides; a blank makes a check unassessable', () => {
    const r = record.requests;
    const balance = identityChecks(record).find((c) => c.id === 'balance:naturalPerson')!;
    expect(balance.arithmetic).toBe(
      `${r.newReceived.naturalPerson} + ${r.carriedOver.naturalPerson} = ${r.newReceived.naturalPerson! + r.carriedOver.naturalPerson!} = ${r.total.naturalPerson} + ${r.carriedForward.naturalPerson} = ${r.total.naturalPerson! + r.carriedForward.naturalPerson!}`,
    );
    const blanked: ReportRecord = JSON.parse(JSON.stringify(record));
    blanked.reviewLitigation.review.other = null;
    const review = identityChecks(blanked).find((c) => c.id === 'group-total:review')!;
    expect(review.result).toBe('unassessable');
    expect(review.arithmetic).toMatch(/空/);
  });
});

describe('inferred boxes', () => {
  const at = (x: number, y: number): CellProvenance => prov({ unit: 'px', box: { x, y, w: 20, h: 10 } });
  const none = prov({ page: null, box: null, unit: null, raw: null, method: 'identity', repairs: ['restored-by-identity'] });
  const cols = ['naturalPerson', 'commercial'];

  test('a value without a box is placed at its row height and its column position', () => {
    const cells: Record<string, CellProvenance> = {
      'requests.newReceived.naturalPerson': at(100, 50),
      'requests.newReceived.commercial': at(200, 50),
      'requests.granted.naturalPerson': at(100, 80),
      'requests.granted.commercial': none,
    };
    const got = inferBoxes(Object.keys(cells), cells, () => 'px');
    expect([...got]).toEqual([['requests.granted.commercial', { page: 1, box: { x: 200, y: 80, w: 20, h: 10 } }]]);
  });

  test('a lost row takes the gap between its neighbours, but not a gap of many rows', () => {
    const rows = (gapY: number) => ({
      'requests.newReceived.naturalPerson': at(100, 50),
      'requests.newReceived.commercial': at(200, 50),
      'requests.carriedOver.naturalPerson': none,
      'requests.carriedOver.commercial': none,
      'requests.granted.naturalPerson': at(100, gapY),
      'requests.granted.commercial': at(200, gapY),
    });
    const keys = ['newReceived', 'carriedOver', 'granted'].flatMap((r) => cols.map((c) => `requests.${r}.${c}`));
    expect(inferBoxes(keys, rows(80), () => 'px').get('requests.carriedOver.commercial')).toEqual({ page: 1, box: { x: 200, y: 60, w: 20, h: 20 } });
    expect(inferBoxes(keys, rows(900), () => 'px').size).toBe(0);
  });
});

describe('the page', () => {
  let html: string;
  let record: ReportRecord;
  beforeAll(async () => {
    ({ html, record } = await auditSource(bytes(reportText(makeReport(9, '样例县样例局'))), { fileName: 'page.txt' }));
  });

  test('a strict CSP that allows exactly the page script, by its hash', () => {
    const hash = createHash('sha256').update(CLIENT_SCRIPT).digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBe(`default-src &#39;none&#39;; img-src data:; style-src &#39;unsafe-inline&#39;; script-src &#39;sha256-${hash}&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;`);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[1])).toEqual([' type="application/json" id="audit-data"', '']);
    expect(scripts[1]![2]).toBe(CLIENT_SCRIPT);
  });

  test('self-contained: nothing to fetch', () => {
    expect(html).not.toMatch(/\b(?:src|href)=["']?(?!data:|#)/i);
    expect(html).not.toMatch(/@import|@font-face|url\(/i);
  });

  test('text sources: the token each value came from carries its cell key', () => {
    const g = record.requests.granted.naturalPerson;
    const span = new RegExp(`<span class="tok val s-clean" data-keys="requests\\.granted\\.naturalPerson">${g}</span>`);
    expect(html).toMatch(span);
    // and the record tables link the same key
    expect(html).toContain(`data-key="requests.granted.naturalPerson" tabindex="0" title="（一）予以公开 · 自然人：读取无误">${g}</td>`);
  });

  test('the official layout: nested row labels of table 三, the 法人或其他组织 header, table 四 groups', () => {
    expect(html).toContain('<th class="row" rowspan="8">（三）不予公开</th>');
    expect(html).toContain('<th colspan="5">法人或其他组织</th>');
    expect(html).toContain('<th colspan="5">未经复议直接起诉</th>');
  });
});

describe('the page in Chinese by default, in English on request', () => {
  const record = () => extract(bytes(reportText(makeReport(13, '样例县样例局'))), { fileName: 'lang.txt' });
  /** The English table's own words (not the record's), as they appear in a page. */
  const englishWords = () => {
    const en = MESSAGES.en;
    // (the detail panel's words of one word are also keys of the page's data, so only phrases are looked for)
    return [
      en.detailHint,
      en.checksTitle(0, 0, 0).split(':')[0]!,
      en.findingsTitle(0).split(' ')[0]!,
      en.statuses.clean,
      ...Object.values(en.client).filter((v): v is string => typeof v === 'string' && v.includes(' ')),
    ];
  };

  test('Chinese: the page says all its own words in Chinese', async () => {
    const { html } = await auditSource(bytes(reportText(makeReport(13, '样例县样例局'))), { fileName: 'lang.txt' });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>审核：');
    expect(html).toMatch(/<h3>勾稽关系核对：\d+ 项不成立，\d+ 项无法核对（有空白单元格），\d+ 项成立<\/h3>/);
    expect(html).toContain('<summary>成立的 ');
    expect(html).toContain('总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他（（一）予以公开）');
    expect(html).toContain('"text":{"value":"数值"');
    const left = englishWords().filter((w) => html.includes(w));
    expect(left).toEqual([]);
  });

  test('--lang en: the same page with the English table', async () => {
    const r = await record();
    const { html } = await auditSource(bytes(reportText(makeReport(13, '样例县样例局'))), { fileName: 'lang.txt', lang: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`title="（一）予以公开 · 自然人: read cleanly">${r.requests.granted.naturalPerson}</td>`);
    expect(englishWords().filter((w) => !html.includes(w))).toEqual([]);
    expect(html).toContain('(row granted)');
  });

  test('a blank cell: its check says why in the page language', async () => {
    const blanked = await record();
    blanked.reviewLitigation.review.other = null;
    const zh = renderAuditPage({ record: blanked, views: [] });
    const en = renderAuditPage({ record: blanked, views: [], lang: 'en' });
    expect(zh).toMatch(/ \? \d+（有空白单元格，无法核对）<\/span>/);
    expect(en).toMatch(/ \? \d+ \(a blank cell: cannot be checked\)<\/span>/);
  });
});

describe('nianbao audit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-audit-cmd-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function audit(...args: string[]) {
    let err = '';
    const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    try {
      return { code: await run(args), err };
    } finally {
      e.mockRestore();
    }
  }

  test('writes the page where --out says', async () => {
    const src = path.join(dir, 'r.txt');
    await writeFile(src, reportText(makeReport(3)));
    const out = path.join(dir, 'r.html');
    const r = await audit(src, '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote ${out}`);
    expect(await readFile(out, 'utf8')).toMatch(/^<!doctype html>/);
  });

  test('--lang en writes the English page; another language is bad usage', async () => {
    const src = path.join(dir, 'en.txt');
    await writeFile(src, reportText(makeReport(3)));
    const out = path.join(dir, 'en.html');
    expect((await audit(src, '--out', out, '--lang', 'en')).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('<html lang="en">');
    const bad = await audit(src, '--out', out, '--lang', 'fr');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^nianbao audit: --lang must be zh or en, not 'fr'/);
  });

  test('a source that is not a report exits 1 with the file and the reason, as extract does; bad usage exits 2', async () => {
    const src = path.join(dir, 'notes.txt');
    await writeFile(src, 'just some notes\n');
    const r = await audit(src, '--out', path.join(dir, 'x.html'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^nianbao audit: notes\.txt: /);
    expect((await audit()).code).toBe(2);
  });

  test('an --out that is the source itself is refused, and the source is left whole', async () => {
    const src = path.join(dir, 'keep.txt');
    const text = reportText(makeReport(3));
    await writeFile(src, text);
    const r = await audit(src, '--out', path.join(dir, '.', 'keep.txt'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is the input/);
    expect(await readFile(src, 'utf8')).toBe(text);
  });
});
