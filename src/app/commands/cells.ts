/** `nianbao cells`: the cell dictionary: every cell key with its labels in the form, its unit and its counterpart. */
import { parseArgs } from 'node:util';
import { parseCommandArgs, usage } from './args.js';
import { everyCell, templates, textFields } from '../../core/templates/index.js';
import { counterpart } from '../../core/templates/crosswalk.js';

export const HELP = `Usage: nianbao cells [--template ID] [--json]

Lists every cell key of the record with its table, its row label as printed
with the labels above it (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密),
its column label likewise, its unit, what it holds (a count, money or a
signed change) and the cell of the other format that counts the same thing.
Tab-separated with a header line, or JSON.

Options:
  --template ID only that format: ${templates()
    .map((t) => t.id)
    .join(' or ')} (default every format)
  --json        one JSON array
  -h, --help    show this help`;

const COMMAND = { name: 'cells', help: HELP };

export interface CellEntry {
  template: string;
  key: string;
  table: string;
  row: string;
  column: string;
  unit: string;
  holds: string;
  counterpart: string | null;
}

/** Every cell of every format (a variant group's rows in each of its forms, each once), and the text fields. */
export function cellDictionary(only?: string): CellEntry[] {
  const out: CellEntry[] = [];
  for (const t of templates()) {
    if (only && t.id !== only) continue;
    const text = textFields(t);
    for (const c of everyCell(t)) {
      out.push({ template: t.id, key: c.key, table: c.tableLabel, row: c.rowChain, column: c.columnChain, unit: c.unit, holds: c.value, counterpart: counterpart(c.key, t.id) ?? null });
      for (const f of text.filter((x) => x.of.key === c.key)) {
        out.push({ template: t.id, key: f.key, table: c.tableLabel, row: c.rowChain, column: `${c.columnLabel} (its unit as printed)`, unit: '', holds: 'text', counterpart: null });
      }
    }
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () => parseArgs({ args, options: { template: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  if (typeof parsed === 'number') return parsed;
  const t = parsed.values.template;
  const ids = templates().map((x) => x.id);
  if (t !== undefined && !ids.includes(t)) return usage(COMMAND, `--template must be ${ids.join(' or ')}, not '${t}'`);
  const cells = cellDictionary(t);
  if (parsed.values.json) {
    process.stdout.write(JSON.stringify(cells, null, 1) + '\n');
    return 0;
  }
  const fields = ['template', 'key', 'table', 'row', 'column', 'unit', 'holds', 'counterpart'] as const;
  const lines = [fields.join('\t'), ...cells.map((c) => fields.map((f) => c[f] ?? '').join('\t'))];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
