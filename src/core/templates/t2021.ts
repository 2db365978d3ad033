/** The 2021 format (reports for 2021 onward). */
import { OTHER_HANDLING_2021, OTHER_HANDLING_SINGLE, REVIEW_TABLE, SECTIONS, col, requestAndReviewIdentities, requestsTable, row } from './common.js';
import type { Template } from './types.js';

const FILE_COLUMNS = [
  col('issued', '本年制发件数', '本年制发件数', '制发件数', '制发'),
  col('repealed', '本年废止件数', '本年废止件数', '废止件数', '废止'),
  col('inForce', '现行有效件数', '现行有效件数', '现行有效', '有效件数'),
];
const DECISIONS = [col('decisions', '本年处理决定数量', '本年处理决定数量', '处理决定数量', '处理决定')];

export const TEMPLATE_2021: Template = {
  id: '2021',
  firstYear: 2021,
  sections: SECTIONS,
  markers: ['本年制发件数', '制发件数', '本年废止件数', '现行有效件数', '行政规范性文件', '本年收费金额'],
  distinctWords: ['逾期不补正', '收费通知要求缴纳'],
  variantGroups: {
    otherHandling: {
      label: '（六）其他处理',
      evidence: ['逾期不补正', '收费通知', '缴纳费用', '逾期未按'],
      otherForms: { single: { name: 'a single row', note: 'as the 2019 format did' } },
    },
  },
  tables: {
    proactive: {
      id: 'proactive',
      columns: [],
      headerWords: ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额', '第二十条'],
      rows: [
        { ...row('rules', '规章', '规章'), columns: FILE_COLUMNS, parents: ['第二十条第（一）项'] },
        { ...row('normativeDocuments', '行政规范性文件', '行政规范性文件', '规范性文件'), columns: FILE_COLUMNS, parents: ['第二十条第（一）项'] },
        { ...row('licensing', '行政许可', '行政许可'), columns: DECISIONS, parents: ['第二十条第（五）项'] },
        { ...row('penalty', '行政处罚', '行政处罚'), columns: DECISIONS, parents: ['第二十条第（六）项'] },
        { ...row('coercion', '行政强制', '行政强制'), columns: DECISIONS, parents: ['第二十条第（六）项'] },
        {
          ...row('fees', '行政事业性收费', '行政事业性收费', '事业性收费'),
          columns: [{ ...col('amount', '本年收费金额（单位：万元）', '本年收费金额', '收费金额'), value: 'money', unit: '万元' }],
          parents: ['第二十条第（八）项'],
        },
      ],
    },
    requests: requestsTable([...OTHER_HANDLING_2021, OTHER_HANDLING_SINGLE]),
    reviewLitigation: REVIEW_TABLE,
  },
  identities: requestAndReviewIdentities,
};
