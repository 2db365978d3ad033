/** `nianbao diff <a> <b> [--json] [--years]`: two records (or sources) cell by cell, or two years of one agency. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isProblem, numberOption, parseCommandArgs, SECONDS, usage } from './args.js';
import { startDeadline } from './deadline.js';
import { NianbaoError } from '../../core/errors.js';

export const HELP = `Usage: nianbao diff <a> <b> [--json]
       nianbao diff --years <a> <b> [--json]

a and b are record JSON files (a .json extension) or report sources, which
are extracted first.

Default: print every cell whose value differs (cell key, its Chinese row and
column labels, both values), the changed top-level facts (format, title,
agency, year) and the findings only one record has.

--years  a and b are two reports of one agency (ordered by their year):
         check this year's 上年结转 (requests.carriedOver.*) against last
         year's 结转下年度 (requests.carriedForward.*), and list the change in
         every cell.

Options:
  --json       print the comparison as JSON
  --years      year-over-year mode (above)
  --timeout S  stop with one line when the operands are not read within S
               seconds (exit 1; default: no limit)
  -h, --help   this help

Exit status: 0 identical (--years: every carried-over count matches or is
blank); 1 something differs (--years: a carried-over count does not match);
2 bad usage or an operand cannot be read.`;

const COMMAND = { name: 'diff', help: HELP };

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, years: { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 2) {
    return usage(COMMAND, `expected two records or sources`);
  }
  const [pa, pb] = parsed.positionals as [string, string];
  const timeout = numberOption('timeout', parsed.values.timeout, SECONDS, undefined);
  if (isProblem(timeout)) return usage(COMMAND, timeout.problem);
  const { loadRecord } = await import('../diff/load.js');
  let a, b;
  const stop = timeout ? startDeadline(COMMAND.name, `${pa}, ${pb}`, timeout) : () => undefined;
  try {
    a = await loadRecord(pa);
    b = await loadRecord(pb);
    stop();
  } catch (err) {
    stop();
    if (err instanceof NianbaoError) {
      process.stderr.write(`nianbao diff: ${err.describe()}\n`);
      return 2;
    }
    throw err;
  }
  if (parsed.values.years) {
    const { diffYears } = await import('../diff/years.js');
    const { formatYearsDiff } = await import('../diff/format.js');
    const d = diffYears(a, b, [path.basename(pa), path.basename(pb)]);
    process.stdout.write(parsed.values.json ? JSON.stringify(d, null, 2) + '\n' : formatYearsDiff(d));
    return d.carry.some((c) => c.result === 'mismatch') ? 1 : 0;
  }
  const { diffRecords, isEmptyDiff } = await import('../diff/records.js');
  const { formatRecordDiff } = await import('../diff/format.js');
  const d = diffRecords(a, b);
  process.stdout.write(parsed.values.json ? JSON.stringify(d, null, 2) + '\n' : formatRecordDiff(d, [path.basename(pa), path.basename(pb)]));
  return isEmptyDiff(d) ? 0 : 1;
}
