/** `nianbao stats`: what the store holds, by status, kind, year and format, and the frequent findings; or documents by agency, region or year. */
import { parseArgs } from 'node:util';
import { isProblem, numberOption, parseCommandArgs, usage as usageOf } from './args.js';
import { openStoreForReading } from './read-store.js';
import { type Count, type GroupCount, GROUPINGS, type Grouping, type StoreStats } from '../store/queries.js';
import { DEFAULT_STORE } from '../store/store.js';

export const HELP = `Usage: nianbao stats [--db FILE | --store S] [--top N] [--by agency|region|year] [--json]

Counts the documents in the store by status (ok, warnings, errors, failed),
source kind, reporting year, format (template) and pipeline version; why
documents failed; how many agencies have two reports or more for one year
(duplicate-report); and the most frequent finding codes.

Options:
  --db FILE   the store (default ./${DEFAULT_STORE})
  --store S   the store: a SQLite file as --db, or postgres://… for a shared one
  --top N     how many finding codes to list (default 15)
  --by G      only the documents per group, one line each: agency (the
              agency key), region (the region code, with its names) or year;
              documents without one (failed ones among them) count under —
  --json      print the numbers as JSON
  -h, --help  show this help`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      options: {
        db: { type: 'string' },
        store: { type: 'string' },
        top: { type: 'string' },
        by: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const top = numberOption('top', v.top, { whole: true, least: 0 }, 15);
  if (isProblem(top)) return usage(top.problem);
  if (v.by !== undefined && !GROUPINGS.includes(v.by as Grouping)) return usage(`--by must be one of ${GROUPINGS.join(', ')}, not '${v.by}'`);
  const store = await openStoreForReading(COMMAND, v);
  if (typeof store === 'number') return store;
  try {
    if (v.by !== undefined) {
      const groups = await store.countBy(v.by as Grouping);
      process.stdout.write(v.json ? JSON.stringify(groups, null, 1) + '\n' : formatGroups(groups, v.by as Grouping));
      return 0;
    }
    const stats = await store.stats(top);
    process.stdout.write(v.json ? JSON.stringify(stats, null, 1) + '\n' : formatStats(stats, store.name));
    return 0;
  } finally {
    await store.close();
  }
}

export function formatStats(s: StoreStats, db: string): string {
  const lines = [`${db}: ${s.documents} document${s.documents === 1 ? '' : 's'} (${s.paths} path${s.paths === 1 ? '' : 's'})`];
  const table = (title: string, rows: Count[], none = '(none)') => {
    lines.push('', title);
    if (!rows.length) lines.push(`  ${none}`);
    for (const r of rows) lines.push(`  ${String(r.key ?? '—').padEnd(16)} ${String(r.count).padStart(7)}`);
  };
  table('by status', s.byStatus);
  table('by kind', s.byKind);
  table('by year', s.byYear);
  table('by format', s.byTemplate);
  table('by pipeline version', s.byPipelineVersion);
  if (s.failures.length) table('failed, by cause', s.failures);
  lines.push('', `agencies with two reports or more for one year: ${s.duplicateGroups}${s.duplicateGroups ? ' (duplicate-report; export --dedupe keeps one of each)' : ''}`);
  lines.push('', 'most frequent findings (code, severity: findings in documents)');
  if (!s.topFindings.length) lines.push('  (none)');
  for (const f of s.topFindings) lines.push(`  ${f.code.padEnd(32)} ${f.severity.padEnd(8)} ${String(f.count).padStart(7)} in ${f.documents}`);
  return lines.join('\n') + '\n';
}

/** One line per group: the documents, then the key (and a region's names). */
export function formatGroups(groups: readonly GroupCount[], by: Grouping): string {
  const head = `${'documents'.padStart(9)}  ${by === 'agency' ? 'agency key' : by}`;
  const lines = groups.map((g) => `${String(g.documents).padStart(9)}  ${g.key ?? '—'}${g.names ? `  ${g.names.join(' ')}` : ''}`);
  return [head, ...lines].join('\n') + '\n';
}

const COMMAND = { name: 'stats', help: HELP };
const usage = (message: string) => usageOf(COMMAND, message);
