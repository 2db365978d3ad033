/** `nianbao audit <file> [--out FILE]` or `nianbao audit <sha256|file> --store FILE`: the self-contained HTML page showing every extracted number against its source. */
import { refuseInputAsOutput, writeFileAtomically } from './output.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { failure, isProblem, numberOption, parseCommandArgs, SECONDS, usage } from './args.js';
import { startDeadline } from './deadline.js';
import { NianbaoError } from '../../core/errors.js';
import type { AuditResult } from '../audit/index.js';
import { DEFAULT_LANG, LANGS, type Lang } from '../audit/messages.js';
import type { StoreLocation } from '../store/location.js';

export const HELP = `Usage: nianbao audit <file> [--out audit.html] [--lang zh|en]
       nianbao audit <sha256|file> --store FILE|postgres://… [--out audit.html] [--lang zh|en]

Extract one report (or, with --store, take a stored one) and write a
self-contained HTML page (no network, no external fonts or scripts) that
shows the source beside the record: every
page image with a box around each extracted value (PDFs, scans, images), or
the source text with the values' spans highlighted (text, HTML, DOCX),
coloured by status (read cleanly, repaired, uncertain, source inconsistent,
missing); the three tables in the official layout; the identity checks with
their arithmetic; and the findings. Click a value to see its raw text,
confidence, method, repairs and findings.

With --store, the record is the one the store holds (as \`nianbao ingest\`
made it, with the findings of \`nianbao check\`): nothing is extracted or
OCR'd again. The document is named by its sha256 (or its first 8 or more
hex digits) or by a path to its source; the source is still read, for its
page images (a scan's page is cleaned up again as OCR saw it, without OCR)
and its text. With a sha256, it is read from the first path the store knows
that still holds it.

Options:
  -o, --out FILE   where to write the page (default: <file name>.audit.html in
                   the current directory)
  --store S        audit the stored record of a document in this store: a
                   SQLite file, or postgres://… for a shared one
  --lang L         the language of the page's own words: zh (Chinese, the
                   default) or en (English); the record's labels, findings'
                   messages and codes are shown as they are
  --timeout S      stop with one line (exit 1) when the page is not made within
                   S seconds (default: no limit)
  -h, --help       this help

Exit status: 0 written; 1 the source cannot be read (or is not in the store,
or was stored as failed), or --out is the source or the store; 2 bad usage.`;

const COMMAND = { name: 'audit', help: HELP };

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        store: { type: 'string' },
        lang: { type: 'string', default: DEFAULT_LANG },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { store } = parsed.values;
  if (parsed.positionals.length !== 1) {
    return usage(COMMAND, store === undefined ? 'expected one source file' : 'expected one sha256 or source file');
  }
  const ref = parsed.positionals[0]!;
  const lang = parsed.values.lang as Lang;
  if (!LANGS.includes(lang)) return usage(COMMAND, `--lang must be ${LANGS.join(' or ')}, not '${lang}'`);
  const timeout = numberOption('timeout', parsed.values.timeout, SECONDS, undefined);
  if (isProblem(timeout)) return usage(COMMAND, timeout.problem);
  const location = store === undefined ? undefined : (await import('../store/location.js')).storeLocation({ store });
  if (location && 'problem' in location) return usage(COMMAND, location.problem);
  const stop = timeout ? startDeadline(COMMAND.name, ref, timeout) : () => undefined;
  try {
    const made = store === undefined ? await fromSource(ref, parsed.values.out, lang) : await fromStore(ref, location!, parsed.values.out, lang);
    await writeFileAtomically(made.out, made.result.html);
    const { record } = made.result;
    const errors = record.findings.filter((f) => f.severity === 'error').length;
    process.stderr.write(`nianbao audit: wrote ${made.out} (${record.source.kind}, ${record.source.pages} pages, ${record.findings.length} findings, ${errors} errors)${made.note}\n`);
    return 0;
  } catch (err) {
    if (err instanceof NianbaoError) err.file ??= path.basename(ref);
    return failure(COMMAND, err);
  } finally {
    stop();
  }
}

interface Made {
  out: string;
  result: AuditResult;
  /** Said after the line that names the page written. */
  note: string;
}

async function fromSource(source: string, outGiven: string | undefined, lang: Lang): Promise<Made> {
  const out = outGiven ?? `${path.basename(source)}.audit.html`;
  refuseInputAsOutput(out, [source]);
  const { auditSource } = await import('../audit/index.js');
  return { out, result: await auditSource(source, { lang }), note: '' };
}

async function fromStore(ref: string, location: StoreLocation, outGiven: string | undefined, lang: Lang): Promise<Made> {
  const { openForReading } = await import('../store/open.js');
  const { loadStored, looksLikeHash } = await import('../audit/stored.js');
  const store = await openForReading(location);
  let input;
  try {
    input = await loadStored(store, ref, looksLikeHash(ref, existsSync(ref)));
  } finally {
    await store.close();
  }
  const out = outGiven ?? `${path.basename(input.sourcePath)}.audit.html`;
  refuseInputAsOutput(out, location.kind === 'sqlite' ? [input.sourcePath, location.file] : [input.sourcePath]);
  const { auditStored } = await import('../audit/index.js');
  const { PIPELINE_VERSION } = await import('../../stages/pipeline.js');
  const note = input.pipelineVersion === PIPELINE_VERSION ? '' : `; the stored record was made by nianbao ${input.pipelineVersion}, not this ${PIPELINE_VERSION}`;
  return { out, result: await auditStored(input.record, input.bytes, path.basename(input.sourcePath), lang), note: ` from the store, source ${input.sourcePath}${note}` };
}
