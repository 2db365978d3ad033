/**
 * The record's three tables laid out as the official form prints them:
 * table 二 as its blocks of rows with their own column headers, table 三 with
 * its nested row labels and the 申请人情况 column header, table 四 with its
 * 行政复议 / 行政诉讼 header. Every value cell comes from `valueCell`, so the
 * page decides how a value looks and what it links to.
 */
import type { ReportRecord } from '../../core/record.js';
import { recordTemplate, textValue } from '../../core/record-cells.js';
import { cellKey, textFields, type Template } from '../../core/templates/index.js';
import type { ColumnSpec, RowSpec, TableId } from '../../core/templates/types.js';
import { escapeHtml as esc } from './escape.js';
import { requestRowKeys } from './values.js';

export type ValueCell = (key: string) => string;

/** `unitNote` words the note under table 二 that gives a number's unit as the report printed it (the 2019 form's 采购总金额). */
export function renderTables(record: ReportRecord, valueCell: ValueCell, unitNote: (column: string, unit: string) => string): string {
  const template = recordTemplate(record);
  return [proactiveTable(template, record, valueCell, unitNote), requestsTable(template, record, valueCell), reviewTable(template, valueCell)].join('\n');
}

function proactiveTable(template: Template, record: ReportRecord, valueCell: ValueCell, unitNote: (column: string, unit: string) => string): string {
  const rows = template.tables.proactive.rows;
  // consecutive rows with the same columns share one header row, as in the form
  const blocks: { columns: ColumnSpec[]; rows: RowSpec[] }[] = [];
  for (const r of rows) {
    const cols = r.columns ?? [];
    const last = blocks[blocks.length - 1];
    if (last && last.columns.map((c) => c.key).join() === cols.map((c) => c.key).join()) last.rows.push(r);
    else blocks.push({ columns: cols, rows: [r] });
  }
  const width = Math.max(...blocks.map((b) => b.columns.length));
  const body = blocks
    .map((b) => {
      const pad = (n: number) => (n < width ? `<td class="pad" colspan="${width - n}"></td>` : '');
      const head = `<tr><th>信息内容</th>${b.columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}${pad(b.columns.length)}</tr>`;
      const lines = b.rows.map((r) => `<tr><th class="row">${esc(r.label)}</th>${b.columns.map((c) => valueCell(cellKey('proactive', r.key, c.key))).join('')}${pad(b.columns.length)}</tr>`);
      return head + lines.join('');
    })
    .join('');
  const units = textFields(template)
    .filter((f) => f.of.table === 'proactive' && textValue(record, f.key))
    .map((f) => `<p class="note">${esc(unitNote(f.of.columnLabel, textValue(record, f.key)!))}</p>`)
    .join('');
  return section(template, 'proactive', `<table class="form">${body}</table>${units}`);
}

const LABEL_COLUMNS = 3;

/** Table 三 with its row labels as the form nests them: an outer label (a row's `parents`) spans the rows it heads. */
function requestsTable(template: Template, record: ReportRecord, valueCell: ValueCell): string {
  const spec = template.tables.requests;
  const keys = requestRowKeys(record);
  const rows = spec.rows.filter((r) => keys.includes(r.key));
  const paths = rows.map((r) => [...(r.parents ?? []), r.label]);
  const cols = spec.columns;
  const corner = (depth: number) => `<th colspan="${LABEL_COLUMNS}" rowspan="${depth}" class="corner">${esc(spec.note ?? '')}</th>`;
  const head = headerRows(cols, corner);
  const body = rows.map((r, i) => {
    const path = paths[i]!;
    const labels = path
      .map((text, level) => {
        const isLast = level === path.length - 1;
        const same = (j: number) => j >= 0 && j < paths.length && paths[j]!.length - 1 > level && paths[j]!.slice(0, level + 1).join('\u0000') === path.slice(0, level + 1).join('\u0000');
        if (!isLast && same(i - 1)) return ''; // covered by the rowspan of the row above
        let span = 1;
        if (!isLast) while (same(i + span)) span++;
        const colspan = isLast ? LABEL_COLUMNS - level : 1;
        return `<th class="row"${span > 1 ? ` rowspan="${span}"` : ''}${colspan > 1 ? ` colspan="${colspan}"` : ''}>${esc(text)}</th>`;
      })
      .join('');
    return `<tr>${labels}${cols.map((c) => valueCell(cellKey('requests', r.key, c.key))).join('')}</tr>`;
  });
  return section(template, 'requests', `<table class="form">${head}${body.join('')}</table>`);
}

function reviewTable(template: Template, valueCell: ValueCell): string {
  const cols = template.tables.reviewLitigation.columns;
  const head = headerRows(cols);
  const values = `<tr>${cols.map((c) => valueCell(cellKey('reviewLitigation', '', c.key))).join('')}</tr>`;
  return section(template, 'reviewLitigation', `<table class="form">${head}${values}</table>`);
}

/**
 * A table's column header as the form nests it, from each column's label
 * path (the headers above it, then its label, whose `·` parts are levels
 * too: 行政诉讼·未经复议直接起诉·结果维持): a heading spans the columns it
 * heads, a label that ends early reaches down to the last header row.
 */
export function headerRows(cols: readonly ColumnSpec[], corner?: (depth: number) => string): string {
  const paths = cols.map((c) => [...(c.parents ?? []), ...c.label.split('·')]);
  const depth = Math.max(...paths.map((p) => p.length));
  const rows: string[] = [];
  for (let level = 0; level < depth; level++) {
    let cells = level === 0 && corner ? corner(depth) : '';
    for (let i = 0; i < paths.length;) {
      const path = paths[i]!;
      if (path.length <= level) {
        i++; // its label reaches down from a row above
        continue;
      }
      if (path.length - 1 === level) {
        cells += `<th${depth - level > 1 ? ` rowspan="${depth - level}"` : ''}>${esc(path[level]!)}</th>`;
        i++;
        continue;
      }
      const prefix = path.slice(0, level + 1).join('\u0000');
      let span = 1;
      while (i + span < paths.length && paths[i + span]!.length - 1 > level && paths[i + span]!.slice(0, level + 1).join('\u0000') === prefix) span++;
      cells += `<th${span > 1 ? ` colspan="${span}"` : ''}>${esc(path[level]!)}</th>`;
      i += span;
    }
    rows.push(`<tr>${cells}</tr>`);
  }
  return rows.join('');
}

function section(template: Template, id: TableId, inner: string): string {
  const title = template.sections.find((s) => s.id === id)?.label ?? id;
  return `<section class="table" id="t-${id}"><h3>${esc(title)}</h3>${inner}</section>`;
}
