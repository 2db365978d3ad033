/** The check's report as text for a terminal: a summary line, the mismatches and the jumps as aligned tables. */
import { displayWidth } from '../../../normalizers/text.js';
import { REQUEST_COLUMNS } from '../../core/templates/common.js';
import { doubts, type CarryMismatch, type CrossYearReport, type Jump } from './cross-year.js';
import type { FindingsWritten } from './persist.js';

const COLUMN_LABELS: Record<string, string> = Object.fromEntries(REQUEST_COLUMNS.map((c) => [c.key, c.label]));
const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;
const show = (v: number | null) => (v === null ? '(blank)' : String(v));

/** Rows of cells as columns aligned by display width (a Chinese character is two columns); `right` aligns the columns it names to the right. */
export function alignTable(rows: readonly string[][], right: ReadonlySet<number> = new Set()): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, displayWidth(c))), []);
  return rows.map((r) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - displayWidth(c));
        return right.has(i) ? pad + c : i === r.length - 1 ? c : c + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Why a pair's cells differ, as the table says it. */
function verdict(m: CarryMismatch): string {
  return m.blame === 'reports' ? 'the reports disagree (both read cleanly)' : `unsure: ${doubts([m.earlier, m.later])}`;
}

const years = (e: { year: number }, l: { year: number }) => `${e.year}→${l.year}`;

export function formatCheck(r: CrossYearReport, store: string, written: FindingsWritten | null): string {
  const out: string[] = [`${store}: ${plural(r.records, 'record')} of ${plural(r.agencies, 'agency', 'agencies')}; ${plural(r.pairs, 'pair')} of reports a year apart compared`];
  if (r.skipped.noAgency || r.skipped.noYear) {
    out.push(`  left out: ${plural(r.skipped.noAgency, 'record')} without an agency name, ${plural(r.skipped.noYear, 'record')} without a year`);
  }
  if (r.severalReports.length) {
    out.push(`  ${plural(r.severalReports.length, 'agency-year')} with several reports (each paired with each): ${r.severalReports.map((s) => `${s.agency} ${s.year} ×${s.reports}`).join(', ')}`);
  }
  const c = r.columns;
  out.push('', `上年结转 against the year before's 结转下年度: ${c.mismatches} of ${c.matches + c.mismatches + c.unassessable} columns differ, ${c.unassessable} blank on a side (not checked)`);
  if (r.mismatches.length) {
    const rows = [['agency', 'years', 'column', '结转下年度', '上年结转', 'judgement', 'files']];
    for (const m of r.mismatches) {
      rows.push([m.agency, years(m.earlier, m.later), COLUMN_LABELS[m.column] ?? m.column, show(m.earlier.value), show(m.later.value), verdict(m), `${m.earlier.file} → ${m.later.file}`]);
    }
    out.push(...alignTable(rows, new Set([3, 4])).map((l) => '  ' + l));
  }
  for (const figure of r.figures) {
    const jumps = r.jumps.filter((j) => j.figure === figure);
    out.push('', `${figure}: ${plural(jumps.length, 'change')} by more than ×${r.jump} from one year to the next`);
    if (!jumps.length) continue;
    const rows = [['agency', 'years', 'before', 'after', 'factor', 'note']];
    for (const j of jumps) rows.push([j.agency, years(j.earlier, j.later), show(j.earlier.value), show(j.later.value), `×${+j.factor.toFixed(1)}`, jumpNote(j)]);
    out.push(...alignTable(rows, new Set([2, 3, 4])).map((l) => '  ' + l));
  }
  out.push('');
  if (written === null) out.push('findings: none written (--dry-run)');
  else {
    out.push(`findings: ${written.added} added, ${written.removed} removed, on ${plural(written.documents, 'report')} (cross-year-mismatch or cross-year-unconfirmed, on the later report of a pair)`);
  }
  return out.join('\n') + '\n';
}

const jumpNote = (j: Jump) => (j.unsure ? `unsure: ${doubts([j.earlier, j.later], 'value')}` : '');
