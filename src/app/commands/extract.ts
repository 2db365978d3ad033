/** `nianbao extract <file>`: print one report's record as JSON on stdout. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COUNT, failure, isProblem, numberOption, parseCommandArgs, SECONDS, usage } from './args.js';
import { startDeadline } from './deadline.js';
import { NianbaoError } from '../../core/errors.js';
import { OcrLanes } from '../../../extractors/ocr/lanes.js';
import { extract, MAX_INPUT_BYTES } from '../../stages/pipeline.js';
import { MAX_SCANNED_PAGES } from '../../../extractors/types.js';

/** OCR threads by default: two where there are two cores (each a worker's memory, `npm run bench -- ocr`; more is left to --jobs). */
const DEFAULT_JOBS = Math.min(2, availableParallelism());

export const HELP = `Usage: nianbao extract <file|-> [--compact] [--jobs N] [--name NAME]

Extracts one report (text, PDF, scanned PDF, image, HTML or DOCX) and prints
its canonical record as JSON on stdout; \`-\` reads the report from standard
input. Problems with the numbers are findings inside the record; a file that
cannot be read at all is one line on stderr naming it, and exit code 1 (2 for
bad usage).

Options:
  --compact   print the JSON on one line
  --jobs N    OCR threads for a scan or an image: its pages and cells are
              read N at a time, about 180 MB each (default ${DEFAULT_JOBS}); the
              record is the same whatever N is
  --name NAME the file name the record gives its source (default: the file's
              base name; 'stdin' for -)
  --max-pages N  scanned pages of a PDF read at most (default ${MAX_SCANNED_PAGES});
              beyond it the record says which pages were not read
  --timeout S stop with one line (exit 1) when no record is made within S
              seconds (default: no limit)
  -h, --help  show this help`;

const COMMAND = { name: 'extract', help: HELP };

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        compact: { type: 'boolean' },
        jobs: { type: 'string' },
        name: { type: 'string' },
        'max-pages': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage(COMMAND, 'expected one file');
  const jobs = numberOption('jobs', values.jobs, COUNT, DEFAULT_JOBS);
  if (isProblem(jobs)) return usage(COMMAND, jobs.problem);
  const maxPages = numberOption('max-pages', values['max-pages'], COUNT, undefined);
  if (isProblem(maxPages)) return usage(COMMAND, maxPages.problem);
  const timeout = numberOption('timeout', values.timeout, SECONDS, undefined);
  if (isProblem(timeout)) return usage(COMMAND, timeout.problem);
  const file = positionals[0]!;
  const stdin = file === '-';
  const stop = timeout ? startDeadline(COMMAND.name, file, timeout) : () => undefined;
  try {
    // the record names the file as the spec does (its base name); an error names it as given
    const fileName = values.name ?? (stdin ? 'stdin' : path.basename(file));
    const record = await extract(stdin ? await readStdin(fileName) : file, { fileName, ocr: { lanes: new OcrLanes(jobs), ...(maxPages ? { maxPages } : {}) } });
    process.stdout.write(JSON.stringify(record, null, values.compact ? undefined : 1) + '\n');
    return 0;
  } catch (err) {
    // a fault of ours is still one line naming the file, as a bad file's is (the file as given, not the record's name)
    const failed = NianbaoError.from(err);
    failed.file = stdin ? (values.name ?? 'stdin') : file;
    return failure(COMMAND, failed);
  } finally {
    stop();
  }
}

/** Standard input, whole, refused past the size a file may have. */
async function readStdin(file: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new NianbaoError('too-large', `standard input is over the ${MAX_INPUT_BYTES / 1048576} MiB limit`, { file });
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
