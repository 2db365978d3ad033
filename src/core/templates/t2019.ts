/** The 2019 format (reports for 2019 and 2020, and some later ones). */
import { OTHER_HANDLING_SINGLE, REVIEW_TABLE, SECTIONS, col, requestAndReviewIdentities, requestsTable, row } from './common.js';
import type { ColumnSpec, Template } from './types.js';

const FILE_COLUMNS = [
  col('made', '本年新制作数量', '本年新制作数量', '新制作数量', '新制作'),
  col('published', '本年新公开数量', '本年新公开数量', '新公开数量', '新公开'),
  col('total', '对外公开总数量', '对外公开总数量', '公开总数量'),
];
const ITEM_COLUMNS: ColumnSpec[] = [
  { ...col('previous', '上一年项目数量', '上一年项目数量', '上一年项目'), unit: '个' },
  { ...col('change', '本年增/减', '本年增减', '增减'), value: 'signed', unit: '个' },
  col('decisions', '处理决定数量', '处理决定数量', '处理决定'),
];

export const TEMPLATE_2019: Template = {
  id: '2019',
  firstYear: 2019,
  sections: SECTIONS,
  markers: ['本年新制作数量', '新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '政府集中采购', '第二十条第九项', '采购总金额'],
  tables: {
    proactive: {
      id: 'proactive',
      columns: [],
      headerWords: ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增减', '处理决定数量', '采购项目数量', '采购总金额', '第二十条'],
      rows: [
        { ...row('rules', '规章', '规章'), columns: FILE_COLUMNS, parents: ['第二十条第（一）项'] },
        { ...row('normativeDocuments', '规范性文件', '规范性文件'), columns: FILE_COLUMNS, parents: ['第二十条第（一）项'] },
        { ...row('licensing', '行政许可', '行政许可'), columns: ITEM_COLUMNS, parents: ['第二十条第（五）项'] },
        { ...row('otherServices', '其他对外管理服务事项', '其他对外管理服务事项', '对外管理服务事项', '对外管理服务'), columns: ITEM_COLUMNS, parents: ['第二十条第（五）项'] },
        { ...row('penalty', '行政处罚', '行政处罚'), columns: ITEM_COLUMNS, parents: ['第二十条第（六）项'] },
        { ...row('coercion', '行政强制', '行政强制'), columns: ITEM_COLUMNS, parents: ['第二十条第（六）项'] },
        { ...row('fees', '行政事业性收费', '行政事业性收费', '事业性收费'), columns: ITEM_COLUMNS.slice(0, 2), parents: ['第二十条第（八）项'] },
        {
          ...row('procurement', '政府集中采购', '政府集中采购', '集中采购'),
          columns: [
            { ...col('projects', '采购项目数量', '采购项目数量', '采购项目'), unit: '个' },
            { ...col('amount', '采购总金额', '采购总金额'), value: 'money' as const, unit: '元 or 万元, as printed (proactive.procurement.unit)', unitField: 'unit' },
          ],
          parents: ['第二十条第（九）项'],
        },
      ],
    },
    // the form's only （六） row: no variant of anything
    requests: requestsTable([{ ...OTHER_HANDLING_SINGLE, variant: undefined }]),
    reviewLitigation: REVIEW_TABLE,
  },
  identities: requestAndReviewIdentities,
};
