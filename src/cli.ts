#!/usr/bin/env node
/**
 * The nianbao command line. Each command lives in src/app/commands/<name>.ts and
 * exports `run(args): Promise<number>` (the exit code), so commands are
 * testable without spawning a process.
 */
import { NianbaoError } from './core/errors.js';
import { shutdown } from './core/shutdown.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  extract: { summary: 'extract one report and print its record as JSON', load: () => import('./app/commands/extract.js') },
  ingest: { summary: 'extract every report under folders into the store', load: () => import('./app/commands/ingest.js') },
  export: { summary: 'export stored records as JSON, NDJSON or CSV', load: () => import('./app/commands/export.js') },
  enqueue: { summary: 'queue every report under folders in a shared Postgres store', load: () => import('./app/commands/enqueue.js') },
  worker: { summary: 'read queued reports into the shared store until stopped', load: () => import('./app/commands/worker.js') },
  status: { summary: "the shared queue's counts, workers and pace", load: () => import('./app/commands/status.js') },
  stats: { summary: 'counts by status, kind, year and format; frequent findings', load: () => import('./app/commands/stats.js') },
  audit: { summary: 'write a self-contained HTML page showing every number against its source (or a stored document)', load: () => import('./app/commands/audit.js') },
  check: { summary: "check the stored reports against each other: 上年结转 against last year's 结转下年度, and jumps", load: () => import('./app/commands/check.js') },
  diff: { summary: 'compare two records (or sources), or two years of one agency', load: () => import('./app/commands/diff.js') },
  schema: { summary: "print the record's JSON Schema", load: () => import('./app/commands/schema.js') },
  cells: { summary: 'list every cell key with its labels in the form, unit and counterpart', load: () => import('./app/commands/cells.js') },
};

export const USAGE = `nianbao — government information disclosure annual reports (政府信息公开工作年度报告) into checked records

Usage: nianbao <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run 'nianbao <command> --help' for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    const { PIPELINE_VERSION } = await import('./stages/pipeline.js');
    process.stdout.write(PIPELINE_VERSION + '\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`nianbao: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  return (await command.load()).run(rest);
}

// a reader that stops early (\`nianbao cells | head\`) closes the pipe: the output is over, not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`nianbao: ${err instanceof NianbaoError ? err.describe() : ((err as Error)?.message ?? String(err))}\n`);
      process.exitCode = 1;
    },
  )
  // the OCR worker, if a scan started one, holds memory until terminated
  .finally(shutdown);
