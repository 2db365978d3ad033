/** `nianbao extract <file>`: print one report's record as JSON on stdout. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCommandArgs, usage } from './args.js';
import { NianbaoError } from '../errors.js';
import { extract } from '../pipeline.js';

export const HELP = `Usage: nianbao extract <file> [--compact]

Extracts one report (text, PDF, scanned PDF, image, HTML or DOCX) and prints
its canonical record (spec/record.md) as JSON on stdout. Problems with the
numbers are findings inside the record; a file that cannot be read at all is
one line on stderr naming it, and exit code 1.

Options:
  --compact   print the JSON on one line
  -h, --help  show this help`;

const COMMAND = { name: 'extract', help: HELP };

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({ args, allowPositionals: true, options: { compact: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage(COMMAND, 'expected one file');
  const file = positionals[0]!;
  try {
    // the record names the file as the spec does (its base name); an error names it as given
    const record = await extract(file, { fileName: path.basename(file) });
    process.stdout.write(JSON.stringify(record, null, values.compact ? undefined : 1) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof NianbaoError) {
      err.file = file;
      process.stderr.write(`nianbao: ${err.describe()}\n`);
      return 1;
    }
    throw err;
  }
}
