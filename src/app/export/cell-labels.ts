/**
 * The Chinese labels of a cell key, for the long CSV: the one place export
 * reads labels from. They come from the templates, per format, since a few
 * columns are printed differently in different formats (本年处理决定数量 / 处理决定数量).
 */
import { derived, everyCell, templates, textFields } from '../../core/templates/index.js';

export interface Labels {
  /** The row's label with the labels it stands under (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密). */
  row: string;
  /** The column's label with the headers above it. */
  column: string;
  /** The table's heading (三、收到和处理政府信息公开申请情况). */
  table: string;
  unit: string;
}

const NONE: Labels = { row: '', column: '', table: '', unit: '' };

/** Each format's labels by key: its cells, and its text fields (a unit as printed) labelled as the unit of their cell. */
const byTemplate = derived(() => {
  const out = new Map<string, Map<string, Labels>>();
  for (const t of templates()) {
    const m = new Map<string, Labels>();
    for (const c of everyCell(t)) m.set(c.key, { row: c.rowChain, column: c.columnChain, table: c.tableLabel, unit: c.unit });
    for (const f of textFields(t)) m.set(f.key, { row: f.of.rowChain, column: `${f.of.columnLabel}单位`, table: f.of.tableLabel, unit: '' });
    out.set(t.id, m);
  }
  return out;
});

export function labelsOf(key: string, template: string): Labels {
  return byTemplate().get(template)?.get(key) ?? NONE;
}
