/** Plain-text reports of record and year diffs, for the terminal. */
import { REQUEST_COLUMNS } from '../../core/templates/common.js';
import type { RecordDiff, Side } from './records.js';
import type { YearsDiff } from './years.js';

const COLUMN_LABELS: Record<string, string> = Object.fromEntries(REQUEST_COLUMNS.map((c) => [c.key, c.label]));

const show = (v: Side | string) => (v === null ? '(blank)' : v === 'absent' ? '(no such cell)' : String(v));

export function formatRecordDiff(d: RecordDiff, names: [string, string]): string {
  const out: string[] = [`--- ${names[0]}`, `+++ ${names[1]}`];
  for (const f of d.facts) out.push(`${f.field}: ${show(f.a)} → ${show(f.b)}`);
  if (d.cells.length) {
    out.push('', `${d.cells.length} cells differ:`);
    for (const c of d.cells) out.push(`  ${c.key}  ${c.labels}: ${show(c.a)} → ${show(c.b)}`);
  }
  if (d.findingsRemoved.length || d.findingsAdded.length) {
    out.push('', `findings: ${d.findingsRemoved.length} only in the first, ${d.findingsAdded.length} only in the second`);
    for (const f of d.findingsRemoved) out.push(`  - [${f.severity}] ${f.code}: ${f.message}`);
    for (const f of d.findingsAdded) out.push(`  + [${f.severity}] ${f.code}: ${f.message}`);
  }
  if (out.length === 2) out.push('identical');
  return out.join('\n') + '\n';
}

export function formatYearsDiff(d: YearsDiff): string {
  const name = (s: YearsDiff['earlier']) => `${s.file} (${s.year ?? 'year unknown'}, ${s.agency ?? 'agency unknown'})`;
  const out = [`earlier: ${name(d.earlier)}`, `later:   ${name(d.later)}`];
  for (const w of d.warnings) out.push(`warning: ${w}`);
  const bad = d.carry.filter((c) => c.result === 'mismatch');
  const blank = d.carry.filter((c) => c.result === 'unassessable');
  out.push('', `上年结转 (this year) against 结转下年度 (last year): ${bad.length} mismatches, ${blank.length} cannot be checked (blank)`);
  for (const c of d.carry) {
    const label = COLUMN_LABELS[c.column] ?? c.column;
    const mark = c.result === 'mismatch' ? '✗' : c.result === 'matches' ? '✓' : '?';
    out.push(`  ${mark} ${label.padEnd(6, '　')} last year 结转下年度 ${show(c.carriedForward.value)}, this year 上年结转 ${show(c.carriedOver.value)}`);
  }
  const changed = d.changes.filter((c) => c.earlier !== c.later);
  out.push('', `changes from ${d.earlier.year ?? 'the earlier'} to ${d.later.year ?? 'the later'}: ${changed.length} cells changed, ${d.changes.length - changed.length} unchanged`);
  for (const c of changed) {
    const delta = c.delta === null ? '' : ` (${c.delta > 0 ? '+' : ''}${c.delta})`;
    out.push(`  ${c.key}  ${c.labels}: ${show(c.earlier)} → ${show(c.later)}${delta}`);
  }
  return out.join('\n') + '\n';
}
