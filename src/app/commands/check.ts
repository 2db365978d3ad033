/** `nianbao check [--store FILE] [--jump FACTOR] [--figure KEY…] [--json] [--dry-run]`: checks across the stored reports. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NianbaoError } from '../../core/errors.js';
import { failure, parseCommandArgs, usage as usageOf } from './args.js';
import { everyCell, templates } from '../../core/templates/index.js';
import type { RecordStore } from '../store/interface.js';
import { storeLocation } from '../store/location.js';
import { openForReading, openForWriting } from '../store/open.js';
import { DEFAULT_STORE } from '../store/store.js';
import { DEFAULT_FIGURES, DEFAULT_JUMP } from '../check/cross-year.js';

export const HELP = `Usage: nianbao check [--store FILE|postgres://…] [--jump FACTOR] [--figure KEY]… [--json] [--dry-run]

Checks the stored reports against each other. Reports are paired when they
are of one agency (its name without spaces) and of consecutive years.

Carry-over: the later report's 上年结转 (requests.carriedOver.*) must equal
what the earlier one carried forward, 结转下年度 (requests.carriedForward.*),
column by column (the identity of \`nianbao diff --years\`). Each mismatch is
listed and recorded as a finding on the later report, in the store:
  cross-year-mismatch     both cells read as printed (clean, or read cleanly
                          but inconsistent within their own report): the
                          reports disagree
  cross-year-unconfirmed  a cell is not read cleanly (uncertain, repaired,
                          missing): our reading may explain it, not the agency
A column blank on either side is not checked. Running the check again
replaces the findings of the run before (a record re-extracted by ingest
loses them until the next check).

Jumps: a figure that grows or shrinks by more than FACTOR times from one
year to the next is listed (not recorded as a finding). The factor is the
larger value over the smaller, a zero counted as 1 (0 → 12 is ×12). The
figure is requests.newReceived.total (本年新收政府信息公开申请数量, 总计)
unless --figure names others.

Options:
  --store S      the store: a SQLite file (default ./${DEFAULT_STORE}; --db is
                 the same), or postgres://… for a shared one
  --jump FACTOR  list figures changing by more than FACTOR times (default ${DEFAULT_JUMP}; above 1)
  --figure KEY   a cell key whose jumps to list (repeatable; \`nianbao cells\`
                 lists the keys); default ${DEFAULT_FIGURES.join(', ')}
  --json         print the report as JSON
  --dry-run      report only: record no finding (the store is opened read-only)
  -h, --help     this help

Exit status: 0 the check ran (mismatches are in its report); 1 the store
cannot be read; 2 bad usage.`;

const COMMAND = { name: 'check', help: HELP };
const usage = (message: string) => usageOf(COMMAND, message);

/** Every cell key of any format. */
const knownKeys = () => new Set(templates().flatMap((t) => everyCell(t).map((c) => c.key)));

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      options: {
        store: { type: 'string' },
        db: { type: 'string' },
        jump: { type: 'string' },
        figure: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const location = storeLocation({ store: v.store, db: v.db });
  if ('problem' in location) return usage(location.problem);
  const jump = v.jump === undefined ? DEFAULT_JUMP : Number(v.jump);
  if (!Number.isFinite(jump) || jump <= 1) return usage(`--jump must be a factor above 1, not '${v.jump}'`);
  const figures = v.figure ?? [...DEFAULT_FIGURES];
  const unknown = figures.find((f) => !knownKeys().has(f));
  if (unknown !== undefined) return usage(`--figure '${unknown}' is not a cell key (nianbao cells lists them)`);

  const dryRun = !!v['dry-run'];
  let store: RecordStore;
  try {
    // a store that is not there is a mistake to say, not one to create empty
    if (location.kind === 'sqlite' && !existsSync(location.file)) throw new NianbaoError('unreadable', 'no store here (run `nianbao ingest` first, or name it with --store)', { file: location.file });
    store = dryRun ? await openForReading(location) : await openForWriting(location);
  } catch (err) {
    return failure(COMMAND, err);
  }
  try {
    const { readSummaries, writeCrossReportFindings } = await import('../check/persist.js');
    const { checkAcrossYears, crossYearFindings } = await import('../check/cross-year.js');
    const { summaries, skipped } = await readSummaries(store, figures);
    const report = checkAcrossYears(summaries, skipped, { jump, figures });
    const written = dryRun ? null : await writeCrossReportFindings(store, summaries, crossYearFindings(report));
    if (v.json) process.stdout.write(JSON.stringify({ store: store.name, ...report, findings: written }, null, 1) + '\n');
    else process.stdout.write((await import('../check/format.js')).formatCheck(report, store.name, written));
    return 0;
  } catch (err) {
    return failure(COMMAND, err); // the store failed while read or written (a NianbaoError naming it); anything else is a bug and goes on up
  } finally {
    await store.close();
  }
}
