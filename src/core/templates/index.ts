/**
 * The known national formats, and what every other module asks of them:
 * which cells a format has (with a group of variant rows in one form or
 * another), their labels, and which format a stored record is in. Nothing
 * outside this folder names a format: a new one is a new data file, added
 * to the list below (or registered, as the tests' made-up format is).
 */
import { TEMPLATE_2019 } from './t2019.js';
import { TEMPLATE_2021 } from './t2021.js';
import type { CellValueKind, RowSpec, SectionSpec, Template, TableId } from './types.js';
import { cellKey } from './types.js';

export type { Template, TableId } from './types.js';
export { cellKey } from './types.js';

/** The formats, the newest first: where nothing else decides, the first wins. */
const TEMPLATE_LIST: Template[] = [TEMPLATE_2021, TEMPLATE_2019];
/** Bumped when a format is registered, so that what is derived from the list is derived again. */
let version = 0;

/** Every known format, the newest first. */
export function templates(): readonly Template[] {
  return TEMPLATE_LIST;
}

/** The format of this id, or undefined. */
export function findTemplate(id: string): Template | undefined {
  return TEMPLATE_LIST.find((t) => t.id === id);
}

/** The format of this id; an id no format has is a broken record, not a guess. */
export function templateOf(id: string): Template {
  const t = findTemplate(id);
  if (!t) throw new Error(`no report format '${id}' (known: ${TEMPLATE_LIST.map((x) => x.id).join(', ')})`);
  return t;
}

/** Adds a format (the newest first order is kept by `firstYear`). Everything derived from the formats follows. */
export function registerTemplate(template: Template): void {
  if (findTemplate(template.id)) throw new Error(`a report format '${template.id}' is already known`);
  TEMPLATE_LIST.push(template);
  TEMPLATE_LIST.sort((a, b) => b.firstYear - a.firstYear);
  version++;
}

/** A value computed from the list of formats, computed again after a format is registered. */
export function derived<T>(compute: () => T): () => T {
  let at = -1;
  let value: T;
  return () => {
    if (at !== version) {
      value = compute();
      at = version;
    }
    return value;
  };
}

/** Every format's section headings, each section once with the patterns of all: where sections are looked for before the format is known. */
export const allSections = derived((): SectionSpec[] => {
  const out = new Map<SectionSpec['id'], SectionSpec>();
  for (const t of TEMPLATE_LIST) {
    for (const s of t.sections) {
      const had = out.get(s.id);
      out.set(s.id, had ? { ...had, patterns: [...new Set([...had.patterns, ...s.patterns])] } : s);
    }
  }
  return [...out.values()];
});

/**
 * A value computed once per format: a template is data that never changes,
 * so what depends on it alone (its cells, keys, text fields) is computed on
 * first use, not again for every record an export or the audit reads.
 */
function perTemplate<T>(compute: (template: Template) => T): (template: Template) => T {
  const cache = new WeakMap<Template, T>();
  return (template) => {
    if (!cache.has(template)) cache.set(template, compute(template));
    return cache.get(template)!;
  };
}

/** Which option of each group of variant rows (`otherHandling` → `rows`). */
export type VariantChoice = Readonly<Record<string, string>>;

/** Each variant group of a format with its options in the form's order: the first is the form's own. */
export const variantOptions = perTemplate((template: Template): ReadonlyMap<string, readonly string[]> => {
  const out = new Map<string, string[]>();
  for (const table of Object.values(template.tables)) {
    for (const r of table.rows) {
      if (!r.variant) continue;
      const options = out.get(r.variant.group) ?? [];
      if (!options.includes(r.variant.option)) options.push(r.variant.option);
      out.set(r.variant.group, options);
    }
  }
  return out;
});

/** The form's own option of every variant group. */
export function formVariants(template: Template): Record<string, string> {
  return Object.fromEntries([...variantOptions(template)].map(([g, options]) => [g, options[0]!]));
}

/** Whether a row is in the table under this choice (a group the choice leaves out, or an option the format lacks, is the form's own). */
function rowIn(template: Template, r: RowSpec, choice: VariantChoice): boolean {
  if (!r.variant) return true;
  const options = variantOptions(template).get(r.variant.group) ?? [];
  const chosen = choice[r.variant.group];
  return r.variant.option === (chosen !== undefined && options.includes(chosen) ? chosen : options[0]);
}

export interface CellLabels {
  table: TableId;
  /** The table's section heading as printed (三、收到和处理政府信息公开申请情况). */
  tableLabel: string;
  row: string;
  column: string;
  /** The row label as printed (empty for table 四's single row of values). */
  rowLabel: string;
  columnLabel: string;
  /** What the cell holds (a count unless the column says otherwise). */
  value: CellValueKind;
  /** The row's label with the labels it stands under: 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密. */
  rowChain: string;
  /** The column's label with the headers above it: 申请人情况 › 法人或其他组织 › 商业企业. */
  columnChain: string;
  unit: string;
}

const chain = (parents: readonly string[] | undefined, label: string) => [...(parents ?? []), label].filter(Boolean).join(' › ');

/** A cell of a template with its labels. */
export type TemplateCell = CellLabels & { key: string };

/** The cells of the rows kept, in reading order, with their labels. */
function cellsOfRows(template: Template, keep: (r: RowSpec) => boolean): readonly TemplateCell[] {
  const out: TemplateCell[] = [];
  for (const table of Object.values(template.tables)) {
    for (const r of table.rows) {
      if (!keep(r)) continue;
      for (const c of r.columns ?? table.columns) {
        out.push({
          key: cellKey(table.id, r.key, c.key),
          table: table.id,
          tableLabel: template.sections.find((s) => s.id === table.id)?.label ?? table.id,
          row: r.key,
          column: c.key,
          rowLabel: r.label,
          columnLabel: c.label,
          value: c.value ?? 'count',
          rowChain: chain(r.parents, r.label),
          columnChain: chain(c.parents, c.label),
          unit: c.unit ?? '件',
        });
      }
    }
  }
  return out;
}

/** The option each group of a format takes under a choice, as one key (the cache's). */
const choiceKey = (template: Template, choice: VariantChoice) =>
  [...variantOptions(template)].map(([g, options]) => (choice[g] !== undefined && options.includes(choice[g]) ? choice[g] : options[0])).join('\u0000');

const cellsByChoice = perTemplate(() => new Map<string, readonly TemplateCell[]>());

/** Every cell of a template in reading order, with its labels, for the variant rows chosen (the form's own by default). */
export function templateCells(template: Template, choice: VariantChoice = {}): readonly TemplateCell[] {
  const cache = cellsByChoice(template);
  const key = choiceKey(template, choice);
  let cells = cache.get(key);
  if (!cells) cache.set(key, (cells = cellsOfRows(template, (r) => rowIn(template, r, choice))));
  return cells;
}

/** The keys of table 三's rows for the variant rows chosen. */
export function requestRowKeys(template: Template, choice: VariantChoice = {}): string[] {
  return template.tables.requests.rows.filter((r) => rowIn(template, r, choice)).map((r) => r.key);
}

/** A field of the record that holds text (a unit as printed), beside the cell whose unit it is. */
export interface TextField {
  key: string;
  /** The cell whose unit it records. */
  of: TemplateCell;
}

/** Every cell of a format with its labels, each once, in reading order: the rows of every variant option included. */
export const everyCell = perTemplate((template: Template) => cellsOfRows(template, () => true));

/** The record's text fields of a format: a unit the source prints beside a number. */
export const textFields = perTemplate((template: Template): readonly TextField[] => {
  const cells = new Map(everyCell(template).map((c) => [c.key, c]));
  const out: TextField[] = [];
  for (const table of Object.values(template.tables)) {
    for (const r of table.rows) {
      for (const c of r.columns ?? table.columns) {
        const of = cells.get(cellKey(table.id, r.key, c.key));
        if (c.unitField && of) out.push({ key: cellKey(table.id, r.key, c.unitField), of });
      }
    }
  }
  return out;
});

/** Every key a record of this format may hold, in reading order: the cells of every variant row, and each text field after its cell. */
export const formatKeys = perTemplate((template: Template): readonly string[] => {
  const text = textFields(template);
  return everyCell(template).flatMap((c) => [c.key, ...text.filter((t) => t.of.key === c.key).map((t) => t.key)]);
});

const LABELS = derived(() => {
  const m = new Map<string, CellLabels>();
  // the newest format's labels first
  for (const t of TEMPLATE_LIST) for (const c of everyCell(t)) if (!m.has(c.key)) m.set(c.key, c);
  return m;
});

/** The Chinese row and column labels of a cell key, in the newest format that has it, or undefined for an unknown key. */
export function cellLabels(key: string): CellLabels | undefined {
  return LABELS().get(key);
}
