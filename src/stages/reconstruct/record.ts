/**
 * Layout → canonical record: furniture removed, sections found, the format
 * recognised from the tables' own headers, each table read, digit runs
 * solved, cells restored where the identities determine them, every
 * identity checked, and provenance kept for every cell.
 */
import type { Finding } from '../../core/findings.js';
import type { Box, Layout } from '../../core/layout.js';
import type { CellProvenance, ReportRecord } from '../../core/record.js';
import { allSections, cellKey, formVariants, requestRowKeys, templateCells, templates, textFields, type Template } from '../../core/templates/index.js';
import { setAt } from '../../core/record-cells.js';
import type { Identity, SectionId, TableId, VariantGroup } from '../../core/templates/types.js';
import { CLEAR_CONFIDENCE } from '../../core/cell-status.js';
import { checkIdentities, checkNarrative, confirmedCells, correctByIdentities, derivedCell, rejectImpossible, restoreByIdentities, type LoneBlanks } from '../validate.js';
import { isFlagged, names } from '../../core/findings.js';
import { labelKey } from '../../../normalizers/label.js';
import { readMeta, type ReportMeta } from '../../../normalizers/meta.js';
import { voteAgency } from '../../../normalizers/agency-vote.js';
import { identifyAgency } from '../../../normalizers/agency.js';
import { joinInline, joinParagraphs, stripSignature } from '../../../normalizers/narrative.js';
import type { CellMap } from './cells.js';
import { missingCell } from './cells.js';
import { removeFurniture } from './furniture.js';
import { findSections, tableByItsLabels, type SectionSpan } from './sections.js';
import { solveOpenRows } from './solve.js';
import { afterPos, buildStream, posOf, sliceAtoms, type Stream } from './stream.js';
import { readTable } from './table.js';
import type { OpenRow } from './split-row.js';
import { NianbaoError } from '../../core/errors.js';
import { looksLikeOcr, OCR_TEXT_CONFIDENCE, tableGarble } from './garble.js';
import { holdsWithBlanks, reportBlankFailures, reportUnconfirmed } from '../unconfirmed.js';
import { findFuzzy } from './match.js';

export interface SourceFacts {
  file: string;
  sha256: string;
  pipeline: string;
}

/** A second OCR reading of one cell (from `Layout.reread`), to use in place of the first. */
export interface RereadReading {
  /** null when the cell read alone is a blank marker (a `/` OCR first took for 7). */
  value: number | null;
  raw: string;
  conf: number;
  /** Where it was read, for a cell first taken as blank (which had no place of its own). */
  at?: { page: number; box: Box };
  /** Another reader's different number for a cell kept as first read (reread.ts SECOND_LOOK): the cell is in dispute. */
  dissent?: { raw: string; conf: number };
  inkless?: undefined;
}

/** No reading: a cell taken as blank, which an identity would restore as 0, shows no digit's ink where it must stand (`at`): printed empty. */
export interface InklessCell {
  inkless: true;
  at: { page: number; box: Box };
}

/** What reading a cell again says of it (rereadDoubtful): a reading, or that no digit's ink stands there. */
export type Reread = RereadReading | InklessCell;

const TABLES: TableId[] = ['proactive', 'requests', 'reviewLitigation'];

export function buildRecord(rawLayout: Layout, facts: SourceFacts, rereads: ReadonlyMap<string, Reread> = new Map()): ReportRecord {
  const findings: Finding[] = [...rawLayout.findings];
  const { layout } = removeFurniture(rawLayout);
  const stream = buildStream(layout);
  const sections = findSections(stream.norm, allSections());
  const tablesFound = TABLES.filter((t) => sections.has(t));
  if (tablesFound.length === 0 && !/本年新收|予以公开|主动公开/.test(stream.norm)) {
    throw new NianbaoError('not-a-report', 'no section or table of a government information disclosure annual report (政府信息公开工作年度报告) was found', { file: facts.file });
  }

  const pre = sections.get('overview')?.heading ?? firstSectionStart(sections) ?? Math.min(stream.norm.length, 200);
  const metaLines = linesBetween(stream, 0, pre);
  const overview = sectionText(stream, sections.get('overview'));
  const asRead = readMeta(metaLines, overview ?? stream.norm.slice(0, 2000), layout.declaredTitle);
  if (asRead.titleAsRead) {
    const message = `the title reads '${asRead.titleAsRead}', its last character lost; taken as '${asRead.title}'`;
    findings.push({ code: 'title-completed', severity: 'warning', message, actual: asRead.titleAsRead, expected: asRead.title, stage: 'normalize' });
  }
  const meta = rawLayout.kind === 'pdf-scan' || rawLayout.kind === 'image' ? agreeAgency(asRead, rawLayout, findings) : asRead;
  const who = identifyAgency(meta.agency);
  findings.push(...who.findings);
  const template = chooseTemplate(stream, sections, meta.year, findings);

  const cells: CellMap = new Map();
  const open: OpenRow[] = [];
  const pages = new Map(layout.pages.map((p) => [p.number, p]));
  const form = formVariants(template);
  const variants: Record<string, string> = { ...form };
  for (const id of TABLES) {
    const span = sections.get(id) ?? tableByItsLabels(stream.norm, sections, id);
    if (!span) {
      findings.push({ code: 'table-missing', severity: 'error', cells: [id], message: `table ${id} (${template.sections.find((s) => s.id === id)!.label}) was not found`, stage: 'reconstruct' });
      continue;
    }
    const result = readTable(stream, span, template.tables[id], template.identities(requestRowKeys(template)), pages);
    for (const [k, v] of result.cells) cells.set(k, v);
    open.push(...result.open);
    findings.push(...result.findings);
    Object.assign(variants, result.variants);
  }
  const identities = template.identities(requestRowKeys(template, variants));
  // cells a sure second reading repeated: as printed, whatever the sums say
  const { repeated, inkless } = applyRereads(cells, rereads, findings);
  findings.push(...solveOpenRows(open, cells, identities));
  const cellList = templateCells(template, variants);
  const keys = cellList.map((c) => c.key);
  for (const k of keys) if (!cells.has(k)) cells.set(k, missingCell());
  findings.push(...rejectImpossible(cells, new Map(cellList.map((c) => [c.key, c.value]))));
  const ocr = layout.kind === 'pdf-scan' || layout.kind === 'image' || (layout.kind === 'text' && distrustOcrText(stream, sections, cells, findings));
  findings.push(...restoreByIdentities(cells, identities, loneBlanks(layout.kind, ocr, cells), inkless));
  // only where the cells can be read again (a scan): a second reading then tells a misreading from the source's own
  // slip; a text dump's number stands as printed, and the failing identity says it may be misread
  if (rawLayout.reread) findings.push(...correctByIdentities(cells, identities, repeated));
  for (const [group, option] of Object.entries(variants)) {
    const spec = template.variantGroups?.[group];
    if (spec && option !== form[group]) findings.push(otherFormFinding(template, group, spec, option, stream, sections, cells, identities, ocr));
  }
  reportUnreadable(cells, keys, findings);
  const rowCells = cellList.map((c) => ({ key: c.key, rowKey: cellKey(c.table, c.row, ''), rowLabel: c.rowLabel }));
  if (ocr) findings.push(...reportUnconfirmed(cells, rowCells, identities, findings), ...reportBlankFailures(cells, identities));
  findings.push(...checkIdentities(cells, identities, findings));
  reportLowConfidence(cells, keys, identities, findings);

  const narrative = {
    overview,
    problems: sectionText(stream, sections.get('problems')),
    otherMatters: sectionText(stream, sections.get('otherMatters')),
  };
  findings.push(...checkNarrative(overview, cells));

  const record: Record<string, unknown> = {
    schemaVersion: 1,
    template: template.id,
    title: meta.title,
    agency: meta.agency,
    agencyKey: who.agencyKey,
    region: who.region,
    year: meta.year,
    source: { file: facts.file, sha256: facts.sha256, kind: layout.kind, pages: layout.pages.length },
  };
  const provenance: Record<string, CellProvenance> = {};
  for (const k of keys) {
    const c = cells.get(k)!;
    setAt(record, k, c.value);
    provenance[k] = c.prov;
  }
  for (const field of textFields(template)) setAt(record, field.key, cells.get(field.of.key)?.unit ?? null);
  record.narrative = narrative;
  record.findings = findings;
  record.provenance = {
    pipeline: facts.pipeline,
    cells: provenance,
    pageSizes: layout.pages.map((p) => ({ page: p.number, width: p.width, height: p.height, unit: p.unit, ...(p.turn ? { turn: p.turn } : {}) })),
  };
  return record as unknown as ReportRecord;
}

/**
 * A text dump that OCR made (its tables print characters the form does not)
 * gives its numbers no confidence of their own: they count as OCR of unknown
 * confidence, so that none goes unflagged unless an identity confirms it,
 * and none is ever taken as the agency's own inconsistency.
 */
function distrustOcrText(stream: Stream, sections: Map<SectionId, SectionSpan>, cells: CellMap, findings: Finding[]): boolean {
  const garble = tableGarble(stream.norm, sections);
  if (!looksLikeOcr(garble)) return false;
  for (const [k, c] of cells) {
    if (c.prov.unit === 'char' && c.prov.raw !== null && c.prov.confidence > OCR_TEXT_CONFIDENCE) cells.set(k, { ...c, prov: { ...c.prov, confidence: OCR_TEXT_CONFIDENCE } });
  }
  findings.push({
    code: 'ocr-text',
    severity: 'info',
    message: `the text looks like OCR output: ${garble.foreign} of the ${garble.total} Chinese characters in its tables are not the form's (${garble.sample}…); its numbers count as OCR readings of unknown confidence (${OCR_TEXT_CONFIDENCE})`,
    stage: 'reconstruct',
  });
  return true;
}

/**
 * A scan's agency name as the rest of the document prints it (its running
 * headers, signature, body: agency-vote.ts), where the title's reading
 * differs; the title follows, and a finding says so. The layout before
 * furniture is removed: the running headers print the name on every page.
 */
function agreeAgency(meta: ReportMeta, layout: Layout, findings: Finding[]): ReportMeta {
  const asRead = meta.agency;
  const text = layout.pages.flatMap((p) => p.lines.map((l) => l.tokens.map((t) => t.text).join(''))).join('\n');
  const vote = asRead ? voteAgency(asRead, text) : undefined;
  if (!asRead || !vote) return meta;
  const message = `the title's agency reads '${asRead}', but most of the document's ${vote.printings} printings of the name read '${vote.agency}'; taken as they read it`;
  findings.push({ code: 'agency-misread', severity: 'warning', message, actual: asRead, expected: vote.agency, stage: 'normalize' });
  return { ...meta, agency: vote.agency, title: meta.title?.startsWith(asRead) ? vote.agency + meta.title.slice(asRead.length) : meta.title };
}

/** What a lone blank in a full row means in this source (validate.ts, `LoneBlanks`). */
function loneBlanks(kind: Layout['kind'], ocr: boolean, cells: CellMap): LoneBlanks {
  if (kind !== 'text') return ocr ? 'lost' : 'kept';
  // a text that prints its blanks as marks (/, —, 无) has no empty place of its own for a blank
  const marksBlanks = [...cells.values()].some((c) => c.status === 'blank' && c.prov.raw !== null);
  return ocr || marksBlanks ? 'lost' : 'doubtful';
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * A report whose variant rows were read in another form than its format's own
 * (a 2021 report printing （六）其他处理 as the 2019 form's one row). The
 * form was chosen because the own rows' labels were not found; that is
 * evidence only where labels cannot be lost (not OCR), none of their words
 * is in the table, and the column sums hold with the rows read. Else the own
 * rows may be there unread: a warning names the whole group.
 */
function otherFormFinding(
  template: Template,
  group: string,
  spec: VariantGroup,
  option: string,
  stream: Stream,
  sections: Map<SectionId, SectionSpan>,
  cells: CellMap,
  identities: Identity[],
  ocr: boolean,
): Finding {
  const table = Object.values(template.tables).find((t) => t.rows.some((r) => r.variant?.group === group))!;
  const rowsOf = (o: string) => table.rows.filter((r) => r.variant?.group === group && r.variant.option === o).map((r) => cellKey(table.id, r.key, ''));
  const read = rowsOf(option);
  const own = rowsOf(formVariants(template)[group]!);
  const span = sections.get(table.id);
  const region = span ? stream.norm.slice(span.from, span.to) : stream.norm;
  const words = spec.evidence.filter((w) => findFuzzy(region, w));
  const sumsHold = identities.filter((i) => i.kind === 'column-total').every((i) => holdsWithBlanks(i, cells));
  const tableName = `table ${template.sections.find((s) => s.id === table.id)?.label.split('、')[0] ?? table.id}`;
  const other = spec.otherForms[option] ?? { name: option, note: '' };
  if (!ocr && !words.length && sumsHold) {
    return {
      code: 'hybrid-other-handling',
      severity: 'info',
      cells: read,
      message: `${tableName} prints ${spec.label} as ${[other.name, other.note].filter(Boolean).join(', ')}: recorded as ${read.join(', ')}`,
      stage: 'reconstruct',
    };
  }
  const why = [
    ocr ? 'the source was read by OCR, which can lose labels' : '',
    words.length ? `the table has words of the ${COUNT_WORDS[own.length] ?? own.length} rows (${words.join('、')})` : '',
    sumsHold ? '' : 'the column sums do not confirm the one row',
  ].filter(Boolean);
  const n = COUNT_WORDS[own.length] ?? String(own.length);
  return {
    code: 'other-handling-form',
    severity: 'warning',
    cells: [`${table.id}.${group}`],
    message: `${spec.label} was read as ${other.name} (${read.join(', ')}) because the labels of its ${n} ${template.id} rows were not found, but ${why.join('; ')}: the ${n} rows may be there unread`,
    stage: 'reconstruct',
  };
}

function applyRereads(cells: CellMap, rereads: ReadonlyMap<string, Reread>, findings: Finding[]): { repeated: Set<string>; inkless: Set<string> } {
  const repeated = new Set<string>();
  const inkless = new Set<string>();
  for (const [key, r] of rereads) {
    const cell = cells.get(key);
    if (!cell) continue;
    if (r.inkless) {
      if (cell.status === 'blank' && cell.prov.raw === null) {
        inkless.add(key);
        if (cell.prov.box === null) cells.set(key, { ...cell, prov: { ...cell.prov, page: r.at.page, box: r.at.box, unit: 'px' } });
      }
      continue;
    }
    if (r.dissent) {
      if (cell.value !== r.value) continue;
      findings.push({
        code: 'ocr-disputed',
        severity: 'warning',
        cells: [key],
        message: `${key} was read '${cell.prov.raw}' (confidence ${cell.prov.confidence.toFixed(2)}), and no identity checks it; another reader sees '${r.dissent.raw}' there`,
        stage: 'ocr',
      });
      continue;
    }
    if (cell.value === r.value) {
      if (r.conf >= CLEAR_CONFIDENCE) repeated.add(key);
      continue;
    }
    const before = cell.prov.raw;
    const at = r.at && cell.prov.box === null ? { page: r.at.page, box: r.at.box, unit: 'px' as const } : {};
    cells.set(key, { value: r.value, status: r.value === null ? 'blank' : 'read', prov: { ...cell.prov, ...at, raw: r.raw, confidence: r.conf, repairs: [...cell.prov.repairs, 'ocr-reread'] } });
    findings.push({
      code: 'ocr-reread',
      severity: 'warning',
      cells: [key],
      message: `${key} was read again from its cell alone: '${r.raw}' (first reading ${before === null ? 'nothing' : `'${before}'`})`,
      stage: 'ocr',
    });
  }
  return { repeated, inkless };
}

/** Cells nothing could be read for, and no identity restored, get an error (rows already reported are not repeated). */
function reportUnreadable(cells: CellMap, keys: string[], findings: Finding[]): void {
  const named = (k: string) => findings.some((f) => f.severity === 'error' && names(f, k));
  const lost = keys.filter((k) => cells.get(k)!.status === 'missing' && !named(k));
  if (lost.length) {
    findings.push({ code: 'cell-unread', severity: 'error', cells: lost, message: `no value could be read for ${lost.length} cells: ${lost.join(', ')}`, stage: 'reconstruct' });
  }
}

/**
 * A number OCR was not sure of is never confident: a warning names every such
 * cell not already named. A number no identity confirms (table 二 has none)
 * must be read surer still, since nothing else would catch a misread digit.
 */
function reportLowConfidence(cells: CellMap, keys: string[], identities: Identity[], findings: Finding[]): void {
  const confirmed = confirmedCells(
    identities,
    (k) => cells.get(k)?.value,
    (k) => derivedCell(cells.get(k)?.prov),
  );
  const doubtful = keys.filter((k) => {
    const c = cells.get(k)!;
    // a blank mark read unsurely (a fax's broken 0 as -) is as doubtful as a number
    const mark = c.value === null && c.status === 'blank' && c.prov.raw !== null;
    const needed = confirmed.has(k) ? CLEAR_CONFIDENCE : UNCHECKED_CONFIDENCE;
    return (c.value !== null || mark) && c.prov.confidence < needed && !isFlagged(findings, k);
  });
  if (doubtful.length) {
    findings.push({
      code: 'ocr-low-confidence',
      severity: 'warning',
      cells: doubtful,
      message: `OCR was unsure of ${doubtful.length} values (confidence below ${CLEAR_CONFIDENCE}, or ${UNCHECKED_CONFIDENCE} where no identity confirms the value): ${doubtful.map((k) => `${k} '${cells.get(k)!.prov.raw}' ${cells.get(k)!.prov.confidence.toFixed(2)}`).join(', ')}`,
      stage: 'ocr',
    });
  }
}

/** Below this OCR confidence a number that no identity confirms is flagged. */
const UNCHECKED_CONFIDENCE = 0.9;

/** The table whose headers tell the formats apart (their table 二 differs; 三 and 四 are alike). */
const MARKER_TABLE: TableId = 'proactive';

/**
 * The format from the tables' own header words (本年制发件数 against
 * 本年新制作数量), then from words only one format prints (2021's （六）
 * rows); the year only as a last resort, said in a finding.
 */
function chooseTemplate(stream: Stream, sections: Map<SectionId, SectionSpan>, year: number | null, findings: Finding[]): Template {
  const span = sections.get(MARKER_TABLE);
  const region = span ? stream.norm.slice(span.from, span.to) : stream.norm;
  const score = (t: Template) => t.markers.filter((m) => region.includes(labelKey(m))).length;
  const best = Math.max(...templates().map(score));
  const tied = templates().filter((t) => score(t) === best);
  if (tied.length === 1) return tied[0]!;
  const worded = tied.filter((t) => t.distinctWords?.some((w) => stream.norm.includes(labelKey(w))));
  if (worded.length === 1) return worded[0]!;
  // the newest format the year was reported in (tied is newest first), else the oldest
  const guess = tied.find((t) => year !== null && t.firstYear <= year) ?? (year === null ? tied[0]! : tied[tied.length - 1]!);
  const groups = templates().flatMap((t) => Object.values(t.tables).flatMap((tb) => [...new Set(tb.rows.flatMap((r) => (r.variant ? [`${tb.id}.${r.variant.group}`] : [])))]));
  findings.push({
    code: 'template-guessed',
    severity: 'warning',
    cells: [MARKER_TABLE, ...new Set(groups)],
    message: `the tables' headers do not say which format this is; taken as the ${guess.id} format from the year`,
    stage: 'reconstruct',
  });
  return guess;
}

function firstSectionStart(sections: Map<SectionId, SectionSpan>): number | undefined {
  const starts = [...sections.values()].map((s) => s.heading);
  return starts.length ? Math.min(...starts) : undefined;
}

/** The text lines of a label-view range, each line's tokens joined. */
function linesBetween(stream: Stream, from: number, to: number): string[] {
  if (to <= from) return [];
  const out: string[] = [];
  let lastLine = -1;
  for (const seg of sliceAtoms(stream, afterPos(stream, from), posOf(stream, to))) {
    const line = stream.atoms[seg.atom]!.line;
    if (line !== lastLine) out.push(seg.text);
    else out[out.length - 1] = joinInline(out[out.length - 1]!, seg.text);
    lastLine = line;
  }
  return out;
}

function sectionText(stream: Stream, span: SectionSpan | undefined): string | null {
  if (!span) return null;
  const lines = linesBetween(stream, span.from, span.to);
  // the heading's own trailing punctuation (一、总体情况：)
  if (lines.length) lines[0] = lines[0]!.replace(/^[\s:：。.]+/, '');
  const structured = stream.atoms[posOf(stream, span.from).atom]?.unit === 'cell';
  return joinParagraphs(stripSignature(lines), structured);
}
