/**
 * The record's three tables laid out as the official form prints them:
 * table 二 as its blocks of rows with their own column headers, table 三 with
 * its nested row labels and the 申请人情况 column header, table 四 with its
 * 行政复议 / 行政诉讼 header. Every value cell comes from `valueCell`, so the
 * page decides how a value looks and what it links to.
 */
import type { ReportRecord } from '../../core/record.js';
import { TEMPLATES, cellKey } from '../../core/templates/index.js';
import type { ColumnSpec, RowSpec } from '../../core/templates/types.js';
import { escapeHtml as esc } from './escape.js';
import { requestRowKeys } from './values.js';

export type ValueCell = (key: string) => string;

const SECTION_TITLES = {
  proactive: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  reviewLitigation: '四、政府信息公开行政复议、行政诉讼情况',
} as const;

/** `unitNote` words the note under table 二 that gives the procurement amount's unit as printed (2019 format). */
export function renderTables(record: ReportRecord, valueCell: ValueCell, unitNote: (unit: string) => string): string {
  return [proactiveTable(record, valueCell, unitNote), requestsTable(record, valueCell), reviewTable(valueCell)].join('\n');
}

function proactiveTable(record: ReportRecord, valueCell: ValueCell, unitNote: (unit: string) => string): string {
  const rows = TEMPLATES[record.template].tables.proactive.rows;
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
  const unit = record.template === '2019' && record.proactive.procurement.unit ? `<p class="note">${esc(unitNote(record.proactive.procurement.unit))}</p>` : '';
  return section('proactive', `<table class="form">${body}</table>${unit}`);
}

/** Table 三's row labels as the form nests them: an outer label spans the rows it heads. */
const REQUEST_GROUPS: [RegExp, string[]][] = [
  [/^(granted|partiallyGranted|total|otherHandling\.all)$/, ['三、本年度办理结果']],
  [/^denied\./, ['三、本年度办理结果', '（三）不予公开']],
  [/^unavailable\./, ['三、本年度办理结果', '（四）无法提供']],
  [/^notProcessed\./, ['三、本年度办理结果', '（五）不予处理']],
  [/^otherHandling\./, ['三、本年度办理结果', '（六）其他处理']],
];
const LABEL_COLUMNS = 3;

function requestsTable(record: ReportRecord, valueCell: ValueCell): string {
  const spec = TEMPLATES[record.template].tables.requests;
  const keys = requestRowKeys(record);
  const rows = spec.rows.filter((r) => keys.includes(r.key));
  const paths = rows.map((r) => [...(REQUEST_GROUPS.find(([re]) => re.test(r.key))?.[1] ?? []), r.label]);
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
  return section('requests', `<table class="form">${head}${body.join('')}</table>`);
}

function reviewTable(valueCell: ValueCell): string {
  const cols = TEMPLATES['2021'].tables.reviewLitigation.columns;
  const outcome = (c: ColumnSpec) => c.label.split('·').pop()!;
  const group = (g: string) => cols.filter((c) => c.key.startsWith(g + '.'));
  const head =
    `<tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>` +
    `<tr>${group('review')
      .map((c) => `<th rowspan="2">${esc(outcome(c))}</th>`)
      .join('')}<th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>` +
    `<tr>${[...group('litigationDirect'), ...group('litigationAfterReview')].map((c) => `<th>${esc(outcome(c))}</th>`).join('')}</tr>`;
  const values = `<tr>${cols.map((c) => valueCell(cellKey('reviewLitigation', '', c.key))).join('')}</tr>`;
  return section('reviewLitigation', `<table class="form">${head}${values}</table>`);
}

function section(id: keyof typeof SECTION_TITLES, inner: string): string {
  return `<section class="table" id="t-${id}"><h3>${esc(SECTION_TITLES[id])}</h3>${inner}</section>`;
}
