/**
 * The audit page: one self-contained HTML file (inline CSS and script, page
 * images as data: URIs, no fonts or anything else fetched) with the source
 * on the left and the record on the right. A strict Content-Security-Policy
 * allows only the page's own script, by its hash: even if some source text
 * slipped through unescaped, it could not run.
 */
import { createHash } from 'node:crypto';
import { displayWidth } from '../../../normalizers/text.js';
import type { ReportRecord } from '../../core/record.js';
import { CLIENT_SCRIPT } from './client.js';
import { escapeHtml as esc, jsonForScript } from './escape.js';
import { formatNumber, identityChecks, type IdentityCheck } from './identities.js';
import { dataUri } from './render.js';
import type { ImagePageView, PageView, TextPageView, TextToken } from './source-view.js';
import { STATUSES, cellStatus, findingsOf, type CellStatus } from '../../core/cell-status.js';
import { DEFAULT_LANG, MESSAGES, type Lang, type Messages } from './messages.js';
import { renderTables } from './tables.js';
import { cellValue, labelText, recordKeys, recordLabels } from './values.js';

/** What the page's script knows about one cell (shown in the detail panel). */
export interface CellInfo {
  labels: string;
  value: number | null;
  status: CellStatus;
  statusLabel: string;
  raw: string | null;
  confidence: number | null;
  method: string | null;
  repairs: string[];
  /** Indexes into the record's findings. */
  findings: number[];
  /** How the value is shown on the source: its own box, an inferred box, a highlighted text span, or not at all. */
  mark: 'box' | 'inferred' | 'span' | null;
  where: string;
}

export interface AuditModel {
  record: ReportRecord;
  keys: string[];
  cells: Record<string, CellInfo>;
  /** The identity checks, described in the page's language. */
  identities: IdentityCheck[];
}

export function auditModel(record: ReportRecord, views: readonly PageView[], lang: Lang = DEFAULT_LANG): AuditModel {
  const m = MESSAGES[lang];
  const keys = recordKeys(record);
  const labels = recordLabels(record);
  const located = new Map<string, { page: number; mark: NonNullable<CellInfo['mark']> }>();
  for (const v of views) {
    if (v.type === 'image') for (const m of v.marks) located.set(m.key, { page: v.number, mark: m.inferred ? 'inferred' : 'box' });
    else for (const line of v.lines) for (const t of line) for (const k of t.keys) located.set(k, { page: v.number, mark: 'span' });
  }
  const cells: Record<string, CellInfo> = {};
  for (const key of keys) {
    const prov = record.provenance.cells[key];
    const value = cellValue(record, key) ?? null;
    const fs = findingsOf(record.findings, key);
    const status = cellStatus(value, prov, fs);
    const at = located.get(key);
    cells[key] = {
      labels: labelText(labels.get(key), key),
      value,
      status,
      statusLabel: m.statuses[status],
      raw: prov?.raw ?? null,
      confidence: prov ? Math.round(prov.confidence * 1000) / 1000 : null,
      method: prov?.method ?? null,
      repairs: prov?.repairs ?? [],
      findings: fs.map((f) => record.findings.indexOf(f)),
      mark: at?.mark ?? null,
      where: at ? (at.mark === 'inferred' ? m.whereInferred(at.page) : m.whereBox(at.page)) : prov?.page ? m.whereNoBox(prov.page) : m.notLocated,
    };
  }
  const identities = identityChecks(record).map((c) => {
    const total = labels.get(c.cells[0]!);
    return { ...c, description: m.identity({ kind: c.kind, description: c.description, rowLabel: total?.rowLabel ?? '', columnLabel: total?.columnLabel ?? '' }) };
  });
  return { record, keys, cells, identities };
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:13px/1.45 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d2330;background:#f4f5f7}
header{padding:10px 16px;background:#fff;border-bottom:1px solid #d5d9e0}
header h1{font-size:17px;margin:0 0 4px}
.meta{color:#4a5263}.meta span{margin-right:14px}
.legend{margin-top:6px}.legend span{display:inline-block;margin-right:10px;padding:1px 6px;border-radius:3px}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px;padding:12px;height:calc(100vh - 92px)}
#source,#record-body{overflow:auto;background:#fff;border:1px solid #d5d9e0;border-radius:4px;padding:8px}
#record{display:flex;flex-direction:column;gap:8px;min-height:0}#record-body{flex:1}
.pg{margin-bottom:16px}.pgh{font-weight:600;color:#4a5263;margin:4px 0}
.sheet{position:relative;border:1px solid #ccd;background:#fff}
.sheet img{display:block;width:100%;height:auto}
.sheet.noimg{aspect-ratio:var(--ar)}
.mk{position:absolute;outline:2px solid;outline-offset:1px;cursor:pointer;background:transparent}
.mk.inf{outline-style:dashed}
.mk.hov{background:rgba(255,230,0,.25)}
.mk.sel{outline-width:4px;outline-offset:3px;background:rgba(255,200,0,.35);z-index:2}
.text .ln{white-space:pre;font-family:ui-monospace,"Noto Sans Mono CJK SC",monospace;min-height:1.2em}
.grid{display:grid;gap:1px;background:#ccd;border:1px solid #ccd;margin:6px 0}
.grid>span{background:#fff;padding:1px 4px}
.para{margin:4px 0}
.tok.val{border-radius:2px;box-shadow:inset 0 -2px 0 currentColor;cursor:pointer}
.tok.hov{background:rgba(255,230,0,.35)}.tok.sel{background:rgba(255,200,0,.6);outline:2px solid #b45309}
table.form{border-collapse:collapse;margin:4px 0 12px;font-size:12px}
table.form th,table.form td{border:1px solid #b8bfcc;padding:2px 5px}
table.form th{background:#eef0f4;font-weight:500}
table.form th.row{text-align:left;max-width:260px}
td.v{text-align:right;min-width:34px;cursor:pointer;font-variant-numeric:tabular-nums}
td.v.hov{outline:2px solid #e0b000}td.v.sel{outline:3px solid #b45309;background:#fff3c4}
.table h3,#checks h3,#findings h3{font-size:14px;margin:10px 0 4px}
#detail{background:#fffbe8;border:1px solid #e7d58a;border-radius:4px;padding:6px 10px;min-height:56px;max-height:38%;overflow:auto;flex:none}
#detail h3{margin:2px 0;font-size:14px}#detail .key{margin:0;color:#5b6272;font-family:monospace}
#detail dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:6px 0}#detail dt{color:#5b6272}#detail dd{margin:0}
#detail h4{margin:6px 0 2px;font-size:13px}
ul.list,ul.cell-findings{padding-left:18px;margin:4px 0}
ul.list li{cursor:pointer;margin:2px 0}ul.list li:hover{background:#f0f3ff}
.sev-error code,.res-fails b{color:#b91c1c}.sev-warning code{color:#b45309}.sev-info code{color:#4a5263}
.arith{font-family:ui-monospace,monospace;white-space:pre-wrap}
.s-clean{color:#15803d}.s-repaired{color:#c2410c}.s-uncertain{color:#a16207}.s-inconsistent{color:#7e22ce}.s-missing{color:#b91c1c}.s-blank{color:#6b7280}

.legend span{outline:2px solid currentColor}
td.v.s-missing{background:#fde8e8}td.v.s-inconsistent{background:#f3e8ff}td.v.s-repaired{background:#ffedd5}td.v.s-uncertain{background:#fef9c3}
`;

export interface PageInput {
  record: ReportRecord;
  views: readonly PageView[];
  /** The language of the page's own words (default Chinese). */
  lang?: Lang;
}

/** The whole audit page as one HTML string. */
export function renderAuditPage({ record, views, lang = DEFAULT_LANG }: PageInput): string {
  const m = MESSAGES[lang];
  const model = auditModel(record, views, lang);
  const scriptHash = createHash('sha256').update(CLIENT_SCRIPT, 'utf8').digest('base64');
  const csp = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; base-uri 'none'; form-action 'none'`;
  const counts = STATUSES.map((s) => [s, model.keys.filter((k) => model.cells[k]!.status === s).length] as const);
  const title = record.title ?? record.agency ?? record.source.file;
  const data = { cells: model.cells, findings: record.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })), text: m.client };
  const valueCell = (key: string) => {
    const c = model.cells[key];
    if (!c) return `<td class="v s-blank" title="${esc(m.notInRecord)}"></td>`;
    const shown = c.value === null ? (c.status === 'missing' ? '?' : '') : formatNumber(c.value);
    return `<td class="v s-${c.status}" data-key="${esc(key)}" tabindex="0" title="${esc(m.labelled(c.labels, c.statusLabel))}">${esc(shown)}</td>`;
  };
  const kind = m.kinds[record.source.kind] ?? record.source.kind;
  return `<!doctype html>
<html lang="${esc(m.htmlLang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.title(title))}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<div class="meta"><span>${esc(m.labelled(m.agency, record.agency ?? m.notFound))}</span><span>${esc(m.labelled(m.year, String(record.year ?? m.notFound)))}</span><span>${esc(m.format(record.template))}</span><span>${esc(m.source(record.source.file, kind, record.source.pages))}</span><span>${esc(m.pipeline(record.provenance.pipeline))}</span></div>
<div class="legend">${counts.map(([s, n]) => `<span class="s-${s}">${esc(m.labelled(m.statuses[s], String(n)))}</span>`).join('')}</div>
</header>
<main>
<section id="source" aria-label="${esc(m.sourceSide)}">
${views.map((v) => (v.type === 'image' ? imagePage(v, model, m) : textPage(v, model, m))).join('\n')}
</section>
<section id="record" aria-label="${esc(m.recordSide)}">
<aside id="detail" aria-live="polite"><p>${esc(m.detailHint)}</p></aside>
<div id="record-body">
${renderTables(record, valueCell, m.printedUnit)}
${checksSection(model.identities, m)}
${findingsSection(record, m)}
</div>
</section>
</main>
<script type="application/json" id="audit-data">${jsonForScript(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(3)}%`;

function imagePage(v: ImagePageView, model: AuditModel, m: Messages): string {
  const marks = v.marks
    .filter((m) => model.cells[m.key])
    .map((m) => {
      const c = model.cells[m.key]!;
      const style = `left:${pct(m.box.x, v.width)};top:${pct(m.box.y, v.height)};width:${pct(m.box.w, v.width)};height:${pct(m.box.h, v.height)}`;
      return `<div class="mk s-${c.status}${m.inferred ? ' inf' : ''}" data-key="${esc(m.key)}" style="${style}" title="${esc(c.labels)}"></div>`;
    })
    .join('');
  const img = v.image ? `<img src="${dataUri(v.image)}" alt="${esc(m.page(v.number))}" width="${v.image.width}" height="${v.image.height}">` : '';
  const sheetStyle = v.image ? '' : ` style="--ar:${v.width} / ${v.height}"`;
  return `<div class="pg" id="page-${v.number}"><div class="pgh">${esc(m.page(v.number))}${v.image ? '' : esc(m.imageUnavailable)}</div><div class="sheet${v.image ? '' : ' noimg'}"${sheetStyle}>${img}${marks}</div></div>`;
}

function tokenHtml(t: TextToken, model: AuditModel, extraAttr = ''): string {
  const keys = t.keys.filter((k) => model.cells[k]);
  if (!keys.length) return `<span class="tok"${extraAttr}>${esc(t.text)}</span>`;
  const worst = keys.map((k) => model.cells[k]!.status).sort((a, b) => STATUSES.indexOf(b) - STATUSES.indexOf(a))[0]!;
  return `<span class="tok val s-${worst}" data-keys="${esc(keys.join(' '))}"${extraAttr}>${esc(t.text)}</span>`;
}

function textPage(v: TextPageView, model: AuditModel, m: Messages): string {
  const out: string[] = [];
  if (v.unit === 'char') {
    for (const line of v.lines) {
      let col = 0;
      const parts = line.map((t, i) => {
        const gap = Math.max(i === 0 ? 0 : 1, Math.round(t.box.x) - col);
        col = Math.round(t.box.x) + Math.max(Math.round(t.box.w), displayWidth(t.text));
        return ' '.repeat(Math.min(gap, 200)) + tokenHtml(t, model);
      });
      out.push(`<div class="ln">${parts.join('')}</div>`);
    }
  } else {
    // structured sources: grid cells as a CSS grid per table, paragraphs as they come
    let grid: { table: number; items: string[]; cols: number } | undefined;
    const flush = () => {
      if (grid) out.push(`<div class="grid" style="grid-template-columns:repeat(${grid.cols},auto)">${grid.items.join('')}</div>`);
      grid = undefined;
    };
    for (const line of v.lines) {
      const cell = line.find((t) => t.cell)?.cell;
      if (!cell) {
        flush();
        out.push(`<p class="para">${line.map((t) => tokenHtml(t, model)).join(' ')}</p>`);
        continue;
      }
      if (!grid || grid.table !== cell.table) {
        flush();
        grid = { table: cell.table, items: [], cols: 1 };
      }
      for (const t of line) {
        const c = t.cell;
        if (!c) continue;
        grid.cols = Math.max(grid.cols, c.col + c.colSpan);
        grid.items.push(tokenHtml(t, model, ` style="grid-column:${c.col + 1} / span ${c.colSpan};grid-row:${c.row + 1} / span ${c.rowSpan}"`));
      }
    }
    flush();
  }
  return `<div class="pg text" id="page-${v.number}"><div class="pgh">${esc(m.page(v.number))}</div>${out.join('\n')}</div>`;
}

function checksSection(checks: readonly IdentityCheck[], m: Messages): string {
  const item = (c: IdentityCheck) =>
    `<li class="res-${c.result}" data-cells="${esc(c.cells.join(' '))}" data-title="${esc(c.description)}" tabindex="0"><b>${c.result === 'fails' ? '✗' : c.result === 'holds' ? '✓' : '?'}</b> ${esc(c.description)}<br><span class="arith">${esc(c.arithmetic + (c.result === 'unassessable' ? m.checkBlank : ''))}</span></li>`;
  const failing = checks.filter((c) => c.result === 'fails');
  const blank = checks.filter((c) => c.result === 'unassessable');
  const holding = checks.filter((c) => c.result === 'holds');
  return `<section id="checks"><h3>${esc(m.checksTitle(failing.length, blank.length, holding.length))}</h3>
<ul class="list">${[...failing, ...blank].map(item).join('')}</ul>
<details><summary>${esc(m.checksHolding(holding.length))}</summary><ul class="list">${holding.map(item).join('')}</ul></details></section>`;
}

function findingsSection(record: ReportRecord, m: Messages): string {
  const items = record.findings.map(
    (f, i) =>
      `<li class="sev-${esc(f.severity)}" id="finding-${i}"${f.cells?.length ? ` data-cells="${esc(f.cells.join(' '))}" data-title="${esc(f.code)}" tabindex="0"` : ''}><code>${esc(f.code)}</code> <small>${esc(m.severities[f.severity])}</small> ${esc(f.message)}</li>`,
  );
  return `<section id="findings"><h3>${esc(m.findingsTitle(record.findings.length))}</h3><ul class="list">${items.join('')}</ul></section>`;
}
