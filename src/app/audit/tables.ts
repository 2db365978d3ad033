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

export function renderTables(record: ReportRecord, valueCell: ValueCell): string {
  const template = recordTemplate(record);
  return [proactiveTable(template, record, valueCell), requestsTable(template, record, valueCell), reviewTable(template, valueCell)].join('\n');
}

function proactiveTable(template: Template, record: ReportRecord, valueCell: ValueCell): string {
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
    .map((f) => `<p class="note">${esc(f.of.columnLabel)} unit as printed: ${esc(textValue(record, f.key)!)}</p>`)
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
  const head =
    `<tr><th colspan="${LABEL_COLUMNS}" rowspan="3" class="corner">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan="${cols.length}">申请人情况</th></tr>` +
    `<tr><th rowspan="2">${esc(cols[0]!.label)}</th><th colspan="${cols.length - 2}">法人或其他组织</th><th rowspan="2">${esc(cols[cols.length - 1]!.label)}</th></tr>` +
    `<tr>${cols
      .slice(1, -1)
      .map((c) => `<th>${esc(c.label)}</th>`)
      .join('')}</tr>`;
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
  const outcome = (c: ColumnSpec) => c.label.split('·').pop()!;
  const group = (g: string) => cols.filter((c) => c.key.startsWith(g + '.'));
  const head =
    `<tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>` +
    `<tr>${group('review')
      .map((c) => `<th rowspan="2">${esc(outcome(c))}</th>`)
      .join('')}<th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>` +
    `<tr>${[...group('litigationDirect'), ...group('litigationAfterReview')].map((c) => `<th>${esc(outcome(c))}</th>`).join('')}</tr>`;
  const values = `<tr>${cols.map((c) => valueCell(cellKey('reviewLitigation', '', c.key))).join('')}</tr>`;
  return section(template, 'reviewLitigation', `<table class="form">${head}${values}</table>`);
}

function section(template: Template, id: TableId, inner: string): string {
  const title = template.sections.find((s) => s.id === id)?.label ?? id;
  return `<section class="table" id="t-${id}"><h3>${esc(title)}</h3>${inner}</section>`;
}
