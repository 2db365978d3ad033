/** The parts of the two formats that are the same: sections, table 三 and table 四, and their identities. */
import type { ColumnSpec, Identity, RowSpec, SectionSpec, TableSpec } from './types.js';
import { cellKey } from './types.js';

/**
 * Headings by their words; a pattern led by the numeral takes 三 anywhere but
 * 3 never as a number's last digit (154 before a heading whose 四 OCR lost).
 */
export const SECTIONS: SectionSpec[] = [
  { id: 'overview', label: '一、总体情况', patterns: ['(?:一|(?<![0-9])1)总体情况', '总体情况'] },
  { id: 'proactive', label: '二、主动公开政府信息情况', patterns: ['(?:二|(?<![0-9])2)主动公开政府信息情况', '(?:二|(?<![0-9])2)主动公开政府信息', '主动公开政府信息情况(?=第二十条)'] },
  { id: 'requests', label: '三、收到和处理政府信息公开申请情况', patterns: ['(?:三|(?<![0-9])3)收到和处理政府信息公开申请', '收到和处理政府信息公开申请情况'] },
  {
    id: 'reviewLitigation',
    label: '四、政府信息公开行政复议、行政诉讼情况',
    patterns: ['(?:四|(?<![0-9])4)政府信息公开行政法?复议', '政府信息公开行政复议行政诉讼情况', '(?:四|(?<![0-9])4)行政复议行政诉讼', '(?:四|(?<![0-9])4)[^0-9]{0,8}行政复议行政诉讼情况'],
  },
  {
    id: 'problems',
    label: '五、存在的主要问题及改进情况',
    patterns: ['(?:五|(?<![0-9])5)存在的?主要问题(?:及改进情况|及整改情况|和改进措施|及改进措施)?', '存在的主要问题及改进情况', '(?:五|(?<![0-9])5)存在.{0,3}问题(?:及改进情况)?'],
  },
  { id: 'otherMatters', label: '六、其他需要报告的事项', patterns: ['(?:六|(?<![0-9])6)其他需要报告的事项', '其他需要报告的事项', '(?:六|(?<![0-9])6)其他需要报告'] },
];

const col = (key: string, label: string, ...match: string[]): ColumnSpec => ({ key, label, match });

const APPLICANTS = ['申请人情况'];
const ORGANISATIONS = ['申请人情况', '法人或其他组织'];
export const REQUEST_COLUMNS: ColumnSpec[] = [
  { ...col('naturalPerson', '自然人', '自然人'), parents: APPLICANTS },
  { ...col('commercial', '商业企业', '商业企业', '商业'), parents: ORGANISATIONS },
  { ...col('research', '科研机构', '科研机构', '科研'), parents: ORGANISATIONS },
  { ...col('publicInterest', '社会公益组织', '社会公益组织', '社会公益', '社会公', '公益'), parents: ORGANISATIONS },
  { ...col('legalService', '法律服务机构', '法律服务机构', '法律服务', '法律'), parents: ORGANISATIONS },
  { ...col('otherOrg', '其他', '其他'), parents: ORGANISATIONS },
  { ...col('total', '总计', '总计'), parents: APPLICANTS },
];

const row = (key: string, label: string, ...match: string[]): RowSpec => ({ key, label, match });

/** The heading of the result rows of table 三. */
const RESULTS = '三、本年度办理结果';

const REQUEST_ROWS_HEAD: RowSpec[] = [
  row('newReceived', '一、本年新收政府信息公开申请数量', '本年新收政府信息公开申请', '本年新收', '新收政府信息公开申请'),
  row('carriedOver', '二、上年结转政府信息公开申请数量', '上年结转政府信息公开申请', '上年结转'),
  { ...row('granted', '（一）予以公开', '予以公开'), parents: [RESULTS] },
  { ...row('partiallyGranted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '部分公开'), parents: [RESULTS] },
  { ...row('denied.stateSecret', '1.属于国家秘密', '属于国家秘密', '国家秘密'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('denied.prohibitedByLaw', '2.其他法律行政法规禁止公开', '其他法律行政法规禁止公开', '法规禁止公开', '其他法律行政法规', '禁止公开'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('denied.endangersSafety', '3.危及“三安全一稳定”', '危及三安全一稳定', '三安全一稳定', '三安全'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('denied.thirdPartyRights', '4.保护第三方合法权益', '保护第三方合法权益', '第三方合法权益', '保护第三方'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('denied.internalAffairs', '5.属于三类内部事务信息', '属于三类内部事务信息', '三类内部事务', '内部事务'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('denied.processInformation', '6.属于四类过程性信息', '属于四类过程性信息', '四类过程性', '过程性信息'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('denied.enforcementFiles', '7.属于行政执法案卷', '属于行政执法案卷', '行政执法案卷', '执法案卷'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('denied.administrativeQuery', '8.属于行政查询事项', '属于行政查询事项', '行政查询事项', '行政查询'), parents: [RESULTS, '（三）不予公开'] },
  { ...row('unavailable.notHeld', '1.本机关不掌握相关政府信息', '本机关不掌握相关政府信息', '不掌握相关政府信息', '不掌握相关', '不掌握'), parents: [RESULTS, '（四）无法提供'] },
  { ...row('unavailable.needsCreation', '2.没有现成信息需要另行制作', '没有现成信息需要另行制作', '没有现成信息', '需要另行制作', '另行制作'), parents: [RESULTS, '（四）无法提供'] },
  { ...row('unavailable.unclear', '3.补正后申请内容仍不明确', '补正后申请内容仍不明确', '补正后申请内容', '仍不明确'), parents: [RESULTS, '（四）无法提供'] },
  { ...row('notProcessed.complaint', '1.信访举报投诉类申请', '信访举报投诉类申请', '信访举报投诉', '举报投诉'), parents: [RESULTS, '（五）不予处理'] },
  { ...row('notProcessed.duplicate', '2.重复申请', '重复申请'), parents: [RESULTS, '（五）不予处理'] },
  { ...row('notProcessed.publication', '3.要求提供公开出版物', '要求提供公开出版物', '公开出版物', '出版物'), parents: [RESULTS, '（五）不予处理'] },
  { ...row('notProcessed.massRepeated', '4.无正当理由大量反复申请', '无正当理由大量反复申请', '大量反复申请', '大量反复'), parents: [RESULTS, '（五）不予处理'] },
  {
    ...row('notProcessed.confirmation', '5.要求行政机关确认或重新出具已获取信息', '要求行政机关确认或重新出具已获取信息', '确认或重新出具', '重新出具已获取', '重新出具'),
    parents: [RESULTS, '（五）不予处理'],
  },
];

/** （六）其他处理 as three rows (2021 format). */
export const OTHER_HANDLING_2021: RowSpec[] = [
  {
    ...row('otherHandling.noCorrection', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '无正当理由逾期不补正', '逾期不补正', '不补正'),
    parents: [RESULTS, '（六）其他处理'],
    variant: { group: 'otherHandling', option: 'rows' },
  },
  {
    ...row('otherHandling.unpaidFee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '逾期未按收费通知要求缴纳费用', '收费通知要求缴纳费用', '收费通知', '缴纳费用'),
    parents: [RESULTS, '（六）其他处理'],
    variant: { group: 'otherHandling', option: 'rows' },
  },
  { ...row('otherHandling.other', '3.其他', '3其他'), parents: [RESULTS, '（六）其他处理'], variant: { group: 'otherHandling', option: 'rows' } },
];

/** （六）其他处理 as a single row (2019 format, and hybrid 2021 reports). */
export const OTHER_HANDLING_SINGLE: RowSpec = {
  ...row('otherHandling.all', '（六）其他处理', '六其他处理', '其他处理'),
  parents: [RESULTS],
  variant: { group: 'otherHandling', option: 'single' },
};

const REQUEST_ROWS_TAIL: RowSpec[] = [
  { ...row('total', '（七）总计', '七总计~1', '总计'), parents: [RESULTS] },
  row('carriedForward', '四、结转下年度继续办理', '结转下年度继续办理', '结转下年度', '下年度继续办理'),
];

export const REQUEST_HEADER_WORDS = ['申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '勾稽关系', '第一项加第二项'];

export function requestsTable(otherHandling: RowSpec[]): TableSpec {
  return {
    id: 'requests',
    columns: REQUEST_COLUMNS,
    rows: [...REQUEST_ROWS_HEAD, ...otherHandling, ...REQUEST_ROWS_TAIL],
    headerWords: REQUEST_HEADER_WORDS,
    note: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  };
}

const GROUPS = [
  ['review', '行政复议'],
  ['litigationDirect', '行政诉讼·未经复议直接起诉'],
  ['litigationAfterReview', '行政诉讼·复议后起诉'],
] as const;
const OUTCOMES = [
  ['upheld', '结果维持', '结果维持'],
  ['corrected', '结果纠正', '结果纠正'],
  ['other', '其他结果', '其他结果'],
  ['pending', '尚未审结', '尚未审结'],
  ['total', '总计', '总计'],
] as const;

export const REVIEW_TABLE: TableSpec = {
  id: 'reviewLitigation',
  columns: GROUPS.flatMap(([g, gl]) => OUTCOMES.map(([o, ol, m]) => col(`${g}.${o}`, `${gl}·${ol}`, m))),
  rows: [{ key: '', label: '', match: [] }],
  headerWords: ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '其他结果', '尚未审结'],
};

/** The identities of tables 三 and 四, for the given table-三 rows. */
export function requestAndReviewIdentities(requestRows: readonly string[]): Identity[] {
  const req = (r: string, c: string) => cellKey('requests', r, c);
  const applicants = REQUEST_COLUMNS.slice(0, 6).map((c) => c.key);
  const results = requestRows.filter((r) => /^(granted|partiallyGranted|denied\.|unavailable\.|notProcessed\.|otherHandling\.)/.test(r));
  const out: Identity[] = [];
  for (const r of requestRows) {
    out.push({
      id: `row-total:${r}`,
      kind: 'row-total',
      lhs: [req(r, 'total')],
      rhs: applicants.map((c) => req(r, c)),
      description: `总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他 (row ${r})`,
    });
  }
  for (const c of REQUEST_COLUMNS) {
    out.push({
      id: `column-total:${c.key}`,
      kind: 'column-total',
      lhs: [req('total', c.key)],
      rhs: results.map((r) => req(r, c.key)),
      description: `（七）总计 = the sum of the results （一）…（六） (column ${c.label})`,
    });
    out.push({
      id: `balance:${c.key}`,
      kind: 'balance',
      lhs: [req('newReceived', c.key), req('carriedOver', c.key)],
      rhs: [req('total', c.key), req('carriedForward', c.key)],
      description: `第一项加第二项之和，等于第三项加第四项之和 (column ${c.label})`,
    });
  }
  for (const [g, gl] of GROUPS) {
    out.push({
      id: `group-total:${g}`,
      kind: 'group-total',
      lhs: [cellKey('reviewLitigation', '', `${g}.total`)],
      rhs: ['upheld', 'corrected', 'other', 'pending'].map((o) => cellKey('reviewLitigation', '', `${g}.${o}`)),
      description: `总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (${gl})`,
    });
  }
  return out;
}

export { col, row };
