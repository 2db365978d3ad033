/**
 * The Chinese row and column labels of a cell key, for the long CSV. The one
 * place export reads labels from: they come from the lead's templates
 * (src/core/templates), per template, since a few columns are printed differently
 * in the two formats (本年处理决定数量 / 处理决定数量).
 */
import type { TemplateId } from '../../core/record.js';
import { TEMPLATES, templateCells } from '../../core/templates/index.js';

export interface Labels {
  /** The row's label with the labels it stands under (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密). */
  row: string;
  /** The column's label with the headers above it. */
  column: string;
  /** The table's heading (三、收到和处理政府信息公开申请情况). */
  table: string;
  unit: string;
}

const BY_TEMPLATE = new Map<TemplateId, Map<string, Labels>>();
for (const id of ['2021', '2019'] as const) {
  const m = new Map<string, Labels>();
  for (const variant of ['rows', 'single'] as const) {
    for (const c of templateCells(TEMPLATES[id], variant)) {
      if (!m.has(c.key)) m.set(c.key, { row: c.rowChain, column: c.columnChain, table: c.tableLabel, unit: c.unit });
    }
  }
  BY_TEMPLATE.set(id, m);
}

/** Labels not in the tables themselves (the unit printed beside 采购总金额). */
const EXTRA: Record<string, Labels> = {
  'proactive.procurement.unit': { row: '第二十条第（九）项 › 政府集中采购', column: '采购总金额单位', table: '二、主动公开政府信息情况', unit: '' },
};

export function labelsOf(key: string, template: TemplateId): Labels {
  return BY_TEMPLATE.get(template)?.get(key) ?? EXTRA[key] ?? { row: '', column: '', table: '', unit: '' };
}
