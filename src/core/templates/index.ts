/** The known national formats, and the Chinese labels of any cell key. */
import { TEMPLATE_2019 } from './t2019.js';
import { TEMPLATE_2021 } from './t2021.js';
import type { CellValueKind, Template, TableId } from './types.js';
import { cellKey } from './types.js';

export const TEMPLATES: Record<Template['id'], Template> = { '2021': TEMPLATE_2021, '2019': TEMPLATE_2019 };
export type { Template, TableId } from './types.js';
export { cellKey } from './types.js';

export interface CellLabels {
  table: TableId;
  /** The table's section heading as printed (三、收到和处理政府信息公开申请情况). */
  tableLabel: string;
  row: string;
  column: string;
  /** The row label as printed (empty for table 四's single row of values). */
  rowLabel: string;
  columnLabel: string;
  /** What the cell holds (a count unless the column says otherwise). */
  value: CellValueKind;
  /** The row's label with the labels it stands under: 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密. */
  rowChain: string;
  /** The column's label with the headers above it: 申请人情况 › 法人或其他组织 › 商业企业. */
  columnChain: string;
  unit: string;
}

const chain = (parents: readonly string[] | undefined, label: string) => [...(parents ?? []), label].filter(Boolean).join(' › ');

/** Every cell of a template in reading order, with its labels. */
export function templateCells(template: Template, otherHandling: 'rows' | 'single' = 'rows'): (CellLabels & { key: string })[] {
  const out: (CellLabels & { key: string })[] = [];
  for (const table of Object.values(template.tables)) {
    for (const r of table.rows) {
      if (r.variant && r.variant.option !== otherHandling && template.id === '2021') continue;
      for (const c of r.columns ?? table.columns) {
        out.push({
          key: cellKey(table.id, r.key, c.key),
          table: table.id,
          tableLabel: template.sections.find((s) => s.id === table.id)?.label ?? table.id,
          row: r.key,
          column: c.key,
          rowLabel: r.label,
          columnLabel: c.label,
          value: c.value ?? 'count',
          rowChain: chain(r.parents, r.label),
          columnChain: chain(c.parents, c.label),
          unit: c.unit ?? '件',
        });
      }
    }
  }
  return out;
}

/** The keys of table 三's rows in the given form of the （六） rows (the 2019 format has one form). */
export function requestRowKeys(template: Template, otherHandling: 'rows' | 'single'): string[] {
  return template.tables.requests.rows.filter((r) => !r.variant || r.variant.option === otherHandling || template.id === '2019').map((r) => r.key);
}

const LABELS = new Map<string, CellLabels>();
// the current format's labels first (object keys like '2019' would iterate in numeric order)
for (const t of [TEMPLATE_2021, TEMPLATE_2019]) {
  for (const option of ['rows', 'single'] as const) for (const c of templateCells(t, option)) if (!LABELS.has(c.key)) LABELS.set(c.key, c);
}

/** The Chinese row and column labels of a cell key, or undefined for an unknown key. */
export function cellLabels(key: string): CellLabels | undefined {
  return LABELS.get(key);
}
