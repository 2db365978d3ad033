/**
 * Synthetic 2021-format reports for tests: consistent numbers (every identity
 * holds) laid out as a text dump or as positioned PDF items, so tests can
 * break them in known ways and check what comes back.
 */
import type { PdfItem } from './make-pdf.js';

export const REQUEST_ROWS: [string, string][] = [
  ['newReceived', '一、本年新收政府信息公开申请数量'],
  ['carriedOver', '二、上年结转政府信息公开申请数量'],
  ['granted', '（一）予以公开'],
  ['partiallyGranted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
  ['denied.stateSecret', '1.属于国家秘密'],
  ['denied.prohibitedByLaw', '2.其他法律行政法规禁止公开'],
  ['denied.endangersSafety', '3.危及“三安全一稳定”'],
  ['denied.thirdPartyRights', '4.保护第三方合法权益'],
  ['denied.internalAffairs', '5.属于三类内部事务信息'],
  ['denied.processInformation', '6.属于四类过程性信息'],
  ['denied.enforcementFiles', '7.属于行政执法案卷'],
  ['denied.administrativeQuery', '8.属于行政查询事项'],
  ['unavailable.notHeld', '1.本机关不掌握相关政府信息'],
  ['unavailable.needsCreation', '2.没有现成信息需要另行制作'],
  ['unavailable.unclear', '3.补正后申请内容仍不明确'],
  ['notProcessed.complaint', '1.信访举报投诉类申请'],
  ['notProcessed.duplicate', '2.重复申请'],
  ['notProcessed.publication', '3.要求提供公开出版物'],
  ['notProcessed.massRepeated', '4.无正当理由大量反复申请'],
  ['notProcessed.confirmation', '5.要求行政机关确认或重新出具已获取信息'],
  ['otherHandling.noCorrection', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'],
  ['otherHandling.unpaidFee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
  ['otherHandling.other', '3.其他'],
  ['total', '（七）总计'],
  ['carriedForward', '四、结转下年度继续办理'],
];

export type Row = (number | null)[];

export interface SyntheticReport {
  agency: string;
  year: number;
  proactive: { rules: Row; normativeDocuments: Row; licensing: number; penalty: number; coercion: number; fees: number };
  /** Six applicant columns per row; the total column is computed. */
  requests: Record<string, Row>;
  review: Row;
}

/** A report whose numbers satisfy every identity: results spread over rows, totals computed. */
export function makeReport(seed = 1, agency = '测试市测试局', year = 2023): SyntheticReport {
  let s = seed;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const results = REQUEST_ROWS.slice(2, 23).map(([k]) => k);
  const requests: Record<string, Row> = {};
  const zero = () => [0, 0, 0, 0, 0, 0];
  for (const k of results) requests[k] = zero().map((_, c) => (c === 0 ? rnd(30) : rnd(3)));
  const total = zero().map((_, c) => results.reduce((t, k) => t + (requests[k]![c] as number), 0));
  const carriedForward = zero().map((_, c) => rnd(2) + (c === 0 ? 2 : 0));
  const carriedOver = zero().map(() => rnd(2));
  const newReceived = total.map((t, c) => t + carriedForward[c]! - carriedOver[c]!);
  if (newReceived.some((v) => v < 0)) return makeReport(seed + 1, agency, year);
  Object.assign(requests, { newReceived, carriedOver, total, carriedForward });
  for (const k of Object.keys(requests)) requests[k] = [...requests[k]!, requests[k]!.reduce((a, b) => (a as number) + (b as number), 0)];
  const g = () => {
    const v = [rnd(5), rnd(3), rnd(3), rnd(2)];
    return [...v, v.reduce((a, b) => a + b, 0)];
  };
  return {
    agency,
    year,
    proactive: { rules: [0, 0, 1], normativeDocuments: [rnd(20), rnd(5), 50 + rnd(100)], licensing: 100 + rnd(900), penalty: rnd(300), coercion: rnd(20), fees: 12.5 },
    requests,
    review: [...g(), ...g(), ...g()],
  };
}

const cell = (v: number | null) => (v === null ? '' : String(v));

/** The report as a tab-separated text dump. */
export function reportText(r: SyntheticReport): string {
  const lines = [
    `${r.agency}${r.year}年政府信息公开工作年度报告`,
    '一、总体情况',
    `${r.year}年，我局共收到政府信息公开申请${r.requests.newReceived![6]}件。`,
    '二、主动公开政府信息情况',
    '第二十条第（一）项',
    '信息内容\t本年制发件数\t本年废止件数\t现行有效件数',
    `规章\t${r.proactive.rules.map(cell).join('\t')}`,
    `行政规范性文件\t${r.proactive.normativeDocuments.map(cell).join('\t')}`,
    '第二十条第（五）项',
    '信息内容\t本年处理决定数量',
    `行政许可\t${r.proactive.licensing}`,
    '第二十条第（六）项',
    '信息内容\t本年处理决定数量',
    `行政处罚\t${r.proactive.penalty}`,
    `行政强制\t${r.proactive.coercion}`,
    '第二十条第（八）项',
    '信息内容\t本年收费金额（单位：万元）',
    `行政事业性收费\t${r.proactive.fees}`,
    '三、收到和处理政府信息公开申请情况',
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况',
    '\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计',
    ...REQUEST_ROWS.map(([k, label]) => `${label}\t${r.requests[k]!.map(cell).join('\t')}`),
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议\t行政诉讼',
    '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
    r.review.map(cell).join('\t'),
    '五、存在的主要问题及改进情况',
    '一是公开内容还不够全面。',
    '六、其他需要报告的事项',
    '无。',
  ];
  return lines.join('\n') + '\n';
}

/** The report as positioned PDF items on pages of `rowsPerPage` table-三 rows (a table crossing pages). */
export function reportPdfItems(r: SyntheticReport, rowsPerPage = 14): PdfItem[][] {
  const pages: PdfItem[][] = [];
  let items: PdfItem[] = [];
  let y = 800;
  const text = (t: string, x: number, size = 10) => items.push({ text: t, x, y, size });
  const next = (dy = 18) => {
    y -= dy;
    if (y < 60) newPage();
  };
  const newPage = () => {
    items.push({ text: `- ${pages.length + 1} -`, x: 280, y: 30, size: 9 });
    pages.push(items);
    items = [];
    y = 800;
  };
  const valueX = (c: number) => 250 + c * 45;
  text(`${r.agency}${r.year}年政府信息公开工作年度报告`, 120, 16);
  next(30);
  for (const [t, x] of [
    ['一、总体情况', 60],
    [`${r.year}年，我局共收到政府信息公开申请${r.requests.newReceived![6]}件。`, 60],
    ['二、主动公开政府信息情况', 60],
  ] as const) {
    text(t, x);
    next();
  }
  text('信息内容', 60);
  ['本年制发件数', '本年废止件数', '现行有效件数'].forEach((h, c) => text(h, valueX(c) - 10));
  next();
  for (const [label, vals] of [
    ['规章', r.proactive.rules],
    ['行政规范性文件', r.proactive.normativeDocuments],
  ] as const) {
    text(label, 60);
    vals.forEach((v, c) => v !== null && text(String(v), valueX(c)));
    next();
  }
  for (const [label, v] of [
    ['行政许可', r.proactive.licensing],
    ['行政处罚', r.proactive.penalty],
    ['行政强制', r.proactive.coercion],
    ['行政事业性收费', r.proactive.fees],
  ] as const) {
    text(label, 60);
    text(String(v), valueX(0));
    next();
  }
  text('三、收到和处理政府信息公开申请情况', 60);
  next();
  ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'].forEach((h, c) => text(h, valueX(c) - 8, 7));
  next();
  let onPage = 0;
  for (const [k, label] of REQUEST_ROWS) {
    if (onPage === rowsPerPage) {
      newPage();
      onPage = 0;
    }
    text(label.length > 16 ? label.slice(0, 16) : label, 60, 8);
    r.requests[k]!.forEach((v, c) => v !== null && text(String(v), valueX(c)));
    if (label.length > 16) {
      next(10);
      text(label.slice(16), 60, 8);
    }
    next();
    onPage++;
  }
  text('四、政府信息公开行政复议、行政诉讼情况', 60);
  next();
  const heads = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  for (let c = 0; c < 15; c++) text(heads[c % 5]!, 40 + c * 35, 6);
  next();
  r.review.forEach((v, c) => v !== null && text(String(v), 48 + c * 35));
  next();
  for (const t of ['五、存在的主要问题及改进情况', '一是公开内容还不够全面。', '六、其他需要报告的事项', '无。']) {
    text(t, 60);
    next();
  }
  newPage();
  return pages;
}
