/**
 * The variations real sources show in labels and numbers (docs/record.md,
 * "Labels as printed"), applied to generated reports: every cell must come
 * back right.
 */
import { extract } from '../../src/stages/pipeline.js';
import { makeReport, reportText, REQUEST_ROWS } from '../helpers/report.js';

const COLS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];
const get = (r: unknown, k: string) => k.split('.').reduce<unknown>((o, x) => (o as Record<string, unknown>)?.[x], r);
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const VARIANTS: [string, (t: string) => string][] = [
  ['1、 for 1.', (t) => t.replace(/(\d)\.(\p{Script=Han})/gu, '$1、$2')],
  ['traditional characters', (t) => t.replace(/规章/g, '規章').replace(/数量/g, '數量').replace(/公开/g, '公開').replace(/处理/g, '處理').replace(/总计/g, '總計').replace(/国家/g, '國家')],
  ['full-width digits', fullWidth],
  ['spaces inside labels', (t) => t.replace(/予以公开/g, '予 以 公 开').replace(/部分公开/g, '部 分 公 开')],
  ['columns aligned with spaces', (t) => t.replace(/\t/g, '    ')],
  ['a label broken over lines', (t) => t.replace(/只计这一情形，不计其他情形/g, '只计这一情\n形，不计其他情形')],
  ['half-width punctuation', (t) => t.replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':').replace(/，/g, ',')],
];

describe.each(VARIANTS)('%s', (_name, vary) => {
  test.each([3, 8])('seed %i: every cell right', async (seed) => {
    const r = makeReport(seed);
    const rec = await extract(new Uint8Array(Buffer.from(vary(reportText(r)))), { fileName: 'variant.txt' });
    const wrong: string[] = [];
    for (const [k] of REQUEST_ROWS) COLS.forEach((c, i) => get(rec, `requests.${k}.${c}`) !== r.requests[k]![i] && wrong.push(`${k}.${c}`));
    if (get(rec, 'proactive.licensing.decisions') !== r.proactive.licensing) wrong.push('licensing');
    expect(wrong).toEqual([]);
    expect(rec.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
