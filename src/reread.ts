/**
 * Second readings for a scan. The cells worth reading again are those OCR
 * could not read as a number where a mark stands, and the low-confidence
 * cells of an identity that fails. Each is read again alone (single line,
 * digits only, through `Layout.reread`); a reading that is a number becomes a
 * repair (a warning), and the identities then check it like any other value.
 */
import type { Layout } from './layout.js';
import type { Reread } from './reconstruct/record.js';
import type { ReportRecord } from './record/schema.js';
import { isBlankMarker, parseValue } from '../normalizers/number.js';

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
  const doubtful = Object.entries(cells)
    .filter(([, p]) => p.box && p.page !== null && p.unit === 'px' && !(p.raw !== null && isBlankMarker(p.raw)))
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

function valueOf(record: ReportRecord, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], record);
}
