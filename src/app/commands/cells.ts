/** `nianbao cells`: the cell dictionary: every cell key with its labels in the form, its unit and its counterpart. */
import { parseArgs } from 'node:util';
import { parseCommandArgs, usage } from './args.js';
import { TEMPLATES, templateCells } from '../../core/templates/index.js';
import { counterpart } from '../../core/templates/crosswalk.js';

export const HELP = `Usage: nianbao cells [--template 2021|2019] [--json]

Lists every cell key of the record with its table, its row label as printed
with the labels above it (三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密),
its column label likewise, its unit, what it holds (a count, money or a
signed change) and the cell of the other format that counts the same thing.
Tab-separated with a header line, or JSON.

Options:
  --template T  only the 2021 or the 2019 format (default both)
  --json        one JSON array
  -h, --help    show this help`;

const COMMAND = { name: 'cells', help: HELP };

export interface CellEntry {
  template: '2021' | '2019';
  key: string;
  table: string;
  row: string;
  column: string;
  unit: string;
  holds: string;
  counterpart: string | null;
}

/** Every cell of both formats (the 2021 format's three （六） rows and its one-row hybrid both listed). */
export function cellDictionary(only?: '2021' | '2019'): CellEntry[] {
  const out: CellEntry[] = [];
  for (const t of [TEMPLATES['2021'], TEMPLATES['2019']]) {
    if (only && t.id !== only) continue;
    const seen = new Set<string>();
    for (const form of ['rows', 'single'] as const) {
      for (const c of templateCells(t, form)) {
        if (seen.has(c.key)) continue;
        seen.add(c.key);
        out.push({ template: t.id, key: c.key, table: c.tableLabel, row: c.rowChain, column: c.columnChain, unit: c.unit, holds: c.value, counterpart: counterpart(c.key, t.id) ?? null });
      }
    }
    if (t.id === '2019') {
      out.push({
        template: '2019',
        key: 'proactive.procurement.unit',
        table: t.sections.find((s) => s.id === 'proactive')!.label,
        row: '第二十条第（九）项 › 政府集中采购',
        column: '采购总金额 (its unit as printed)',
        unit: '',
        holds: 'text',
        counterpart: null,
      });
    }
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(COMMAND, () => parseArgs({ args, options: { template: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  if (typeof parsed === 'number') return parsed;
  const t = parsed.values.template;
  if (t !== undefined && t !== '2021' && t !== '2019') return usage(COMMAND, `--template must be 2021 or 2019, not '${t}'`);
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
