/**
 * Second readings for a scan. The cells worth reading again are those OCR
 * could not read as a number where a mark stands, and the low-confidence
 * cells of an identity that fails. Each is read again alone (single line,
 * digits only, through `Layout.reread`); a reading that is a number becomes a
 * repair (a warning), and the identities then check it like any other value.
 * A number that an identity of read numbers already confirms is not read
 * again, however low its confidence: alone, a cell's `11` can come back `1`.
 */
import type { Layout } from './layout.js';
import type { Reread } from './reconstruct/record.js';
import type { ReportRecord } from './record/schema.js';
import { isBlankMarker, parseValue } from '../normalizers/number.js';
import { TEMPLATES } from './templates/index.js';

/** How many cells of one document are read again at most (each costs an OCR call). */
const MAX_REREADS = 40;
/** Cells below this confidence in a failing identity are read again. */
const DOUBT = 0.9;
/** Cells below this confidence are read again wherever they are. */
const LOW = 0.6;

export async function rereadDoubtful(layout: Layout, record: ReportRecord): Promise<Map<string, Reread>> {
  const out = new Map<string, Reread>();
  if (!layout.reread) return out;
  const cells = record.provenance.cells;
  const failing = new Set(record.findings.filter((f) => f.code === 'identity-failed').flatMap((f) => f.cells ?? []));
  const confirmed = confirmedCells(record);
  const doubtful = Object.entries(cells)
    .filter(([, p]) => p.box && p.page !== null && p.unit === 'px' && !(p.raw !== null && isBlankMarker(p.raw)))
    // a low-confidence number that an identity of read numbers confirms is right as read (11 re-read alone as 1)
    .filter(([key]) => !confirmed.has(key))
    .filter(([key, p]) => (p.raw !== null && valueOf(record, key) === null) || (failing.has(key) && p.confidence < DOUBT) || p.confidence < LOW || p.repairs.includes('ocr-lookalike'))
    .slice(0, MAX_REREADS);
  for (const [key, p] of doubtful) {
    const readings = await layout.reread(p.page!, p.box!);
    for (const r of readings) {
      const v = parseValue(r.text);
      if (v && (v.value === null || (Number.isInteger(v.value) && v.value >= 0))) {
        out.set(key, { value: v.value, raw: r.text, conf: Math.min(r.conf, 0.85) });
        break;
      }
    }
  }
  return out;
}

/** Cells with a number that some identity, all of whose cells hold numbers, satisfies. */
function confirmedCells(record: ReportRecord): Set<string> {
  const template = TEMPLATES[record.template];
  const single = 'requests.otherHandling.all' in record.provenance.cells;
  const rows = template.tables.requests.rows.filter((r) => !r.variant || template.id === '2019' || r.variant.option === (single ? 'single' : 'rows')).map((r) => r.key);
  const out = new Set<string>();
  for (const id of template.identities(rows)) {
    const keys = [...id.lhs, ...id.rhs];
    const vals = keys.map((k) => valueOf(record, k));
    if (!vals.every((v) => typeof v === 'number')) continue;
    const sum = (side: string[]) => side.reduce((a, k) => a + (valueOf(record, k) as number), 0);
    if (Math.abs(sum(id.lhs) - sum(id.rhs)) < 1e-6) for (const k of keys) out.add(k);
  }
  return out;
}

function valueOf(record: ReportRecord, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], record);
}
