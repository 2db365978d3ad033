/** `nianbao audit <file> [--out FILE]`: the self-contained HTML page showing every extracted number against its source. */
import { refuseInputAsOutput, writeFileAtomically } from './output.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { failure, parseCommandArgs, positiveNumber, usage } from './args.js';
import { startDeadline } from './deadline.js';
import { NianbaoError } from '../../core/errors.js';

export const HELP = `Usage: nianbao audit <file> [--out audit.html]

Extract one report and write a self-contained HTML page (no network, no
external fonts or scripts) that shows the source beside the record: every
page image with a box around each extracted value (PDFs, scans, images), or
the source text with the values' spans highlighted (text, HTML, DOCX),
coloured by status (read cleanly, repaired, uncertain, source inconsistent,
missing); the three tables in the official layout; the identity checks with
their arithmetic; and the findings. Click a value to see its raw text,
confidence, method, repairs and findings.

Options:
  -o, --out FILE   where to write the page (default: <file name>.audit.html in
                   the current directory)
  --timeout S      stop with one line (exit 1) when the page is not made within
                   S seconds (default: no limit)
  -h, --help       this help

Exit status: 0 written; 1 the source cannot be read, or --out is the source;
2 bad usage.`;

const COMMAND = { name: 'audit', help: HELP };

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({ args, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }),
  );
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) {
    return usage(COMMAND, `expected one source file`);
  }
  const source = parsed.positionals[0]!;
  const out = parsed.values.out ?? `${path.basename(source)}.audit.html`;
  const timeout = parsed.values.timeout === undefined ? undefined : positiveNumber(parsed.values.timeout, false);
  if (timeout === null) return usage(COMMAND, `--timeout must be a number of seconds above 0, not '${parsed.values.timeout}'`);
  const stop = timeout ? startDeadline(COMMAND.name, source, timeout) : () => undefined;
  try {
    refuseInputAsOutput(out, [source]);
    const { auditSource } = await import('../audit/index.js');
    const { html, record } = await auditSource(source);
    await writeFileAtomically(out, html);
    const errors = record.findings.filter((f) => f.severity === 'error').length;
    process.stderr.write(`nianbao audit: wrote ${out} (${record.source.kind}, ${record.source.pages} pages, ${record.findings.length} findings, ${errors} errors)\n`);
    return 0;
  } catch (err) {
    if (err instanceof NianbaoError) err.file ??= path.basename(source);
    return failure(COMMAND, err);
  } finally {
    stop();
  }
}
