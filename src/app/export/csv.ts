/**
 * CSV fields per RFC 4180 (quoted when they hold a comma, a quote or a line
 * break; CRLF between records), guarded against formula injection: a text
 * field a spreadsheet would run as a formula (= + - @, or a leading tab or
 * CR) gets a leading apostrophe. Numbers are written as numbers, never
 * guarded, so -4 stays -4.
 */
export const BOM = '\ufeff';
export const EOL = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map(csvField).join(',') + EOL;
}
