/**
 * The Chinese row and column labels of a cell key, for the long CSV. The one
 * place export reads labels from: they come from the lead's templates
 * (src/templates), per template, since a few columns are printed differently
 * in the two formats (本年处理决定数量 / 处理决定数量).
 */
import type { TemplateId } from '../record/schema.js';
import { TEMPLATES, templateCells } from '../templates/index.js';

export interface Labels {
  row: string;
  column: string;
}

const BY_TEMPLATE = new Map<TemplateId, Map<string, Labels>>();
for (const id of ['2021', '2019'] as const) {
  const m = new Map<string, Labels>();
  for (const variant of ['rows', 'single'] as const) {
    for (const c of templateCells(TEMPLATES[id], variant)) if (!m.has(c.key)) m.set(c.key, { row: c.rowLabel, column: c.columnLabel });
  }
  BY_TEMPLATE.set(id, m);
}

/** Labels not in the tables themselves (the unit printed beside 采购总金额). */
const EXTRA: Record<string, Labels> = {
  'proactive.procurement.unit': { row: '政府集中采购', column: '采购总金额单位' },
};

export function labelsOf(key: string, template: TemplateId): Labels {
  return BY_TEMPLATE.get(template)?.get(key) ?? EXTRA[key] ?? { row: '', column: '' };
}
