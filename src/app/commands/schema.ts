/** `nianbao schema`: the record's JSON Schema, from the one zod schema the pipeline validates with. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseCommandArgs } from './args.js';
import { ReportRecord } from '../../core/record.js';

export const HELP = `Usage: nianbao schema

Prints the JSON Schema (draft 2020-12) of the record that extract prints
and the store holds, for validating records in other tools. The record
itself is described in docs/record.md.

Options:
  -h, --help  show this help`;

const COMMAND = { name: 'schema', help: HELP };

/** The record's JSON Schema, with a title and where its contract lives. */
export function recordJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ReportRecord, { target: 'draft-2020-12' }),
    title: 'nianbao report record',
    description: 'One government information disclosure annual report (政府信息公开工作年度报告) as checked data; see docs/record.md',
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () => parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } }));
  if (typeof parsed === 'number') return parsed;
  process.stdout.write(JSON.stringify(recordJsonSchema(), null, 2) + '\n');
  return 0;
}
