/**
 * A national report format as data: its sections, its tables with their
 * rows, columns and the label variants seen in the wild, and the identities
 * its numbers must satisfy. The reconstructor, normalizers and validator are
 * generic over this, so a third format is a new data file.
 */
export type SectionId = 'overview' | 'proactive' | 'requests' | 'reviewLitigation' | 'problems' | 'otherMatters';
export type TableId = 'proactive' | 'requests' | 'reviewLitigation';

export interface SectionSpec {
  id: SectionId;
  /** The heading as printed, e.g. 一、总体情况. */
  label: string;
  /** Regular expressions (sources) matched on label-normalized text (normalizers/label.ts: no spaces or punctuation), most specific first. */
  patterns: string[];
}

export interface ColumnSpec {
  /** The last part of the cell key (`naturalPerson`, `issued`, `review.upheld`). */
  key: string;
  /** The column header as printed. */
  label: string;
  /** Header words that locate the column, label-normalized. */
  match: string[];
  /** What the cells hold: a count (a non-negative integer, the default), money (a non-negative decimal) or a signed change (本年增/减). */
  value?: CellValueKind;
  /** The unit of its numbers (件 unless said). */
  unit?: string;
  /** The header labels above this one, outermost first (申请人情况 › 法人或其他组织). */
  parents?: string[];
  /**
   * Where the source prints its own unit beside the number (元 or 万元), the
   * row's field that records it as printed (`unit` → `proactive.procurement.unit`).
   */
  unitField?: string;
}

export type CellValueKind = 'count' | 'money' | 'signed';

export interface RowSpec {
  /** Row key inside the table (`denied.stateSecret`); '' for a table that is one row of values. */
  key: string;
  /** The label as printed in the official form. */
  label: string;
  /** Keywords that find the row, label-normalized, most specific first. */
  match: string[];
  /** Columns of this row when they differ from the table's (proactive rows). */
  columns?: ColumnSpec[];
  /** The labels this row stands under in the form, outermost first (三、本年度办理结果 › （三）不予公开). */
  parents?: string[];
  /**
   * Rows of one group that take each other's place: the rows of a group's
   * first option are the form's own, the others forms seen in the wild (the
   * one-row （六）其他处理 of 2021 reports printed on the 2019 form).
   */
  variant?: { group: string; option: string };
}

export interface TableSpec {
  id: TableId;
  /** Column set shared by all rows unless a row says otherwise. */
  columns: ColumnSpec[];
  rows: RowSpec[];
  /** Words of the table's header (for rejecting label matches inside repeated headers). */
  headerWords: string[];
  /** What the form prints in the header's corner above the row labels (table 三's 勾稽关系 note). */
  note?: string;
}

/** sum(lhs) = sum(rhs), over cell keys. */
export interface Identity {
  id: string;
  kind: 'row-total' | 'column-total' | 'balance' | 'group-total';
  lhs: string[];
  rhs: string[];
  /** How the form states it, for findings and the audit. */
  description: string;
}

/** What the findings say of a group of variant rows whose form's own option was not found. */
export interface VariantGroup {
  /** The group's heading as printed (（六）其他处理). */
  label: string;
  /** Words only the form's own rows print: any of them in the table says those rows are there, unread. */
  evidence: string[];
  /** Each other option as the findings describe it (`single` → 'a single row', 'as the 2019 format did'). */
  otherForms: Record<string, { name: string; note: string }>;
}

export interface Template {
  /** The format's name, stored in every record (`template`). */
  id: string;
  /** The first report year the format was prescribed for: a report whose tables do not say its format is taken for the latest format of its year. */
  firstYear: number;
  sections: SectionSpec[];
  tables: Record<TableId, TableSpec>;
  /** Header words only this format's table 二 carries (how a table's format is recognised). */
  markers: string[];
  /** Words anywhere in a report that only this format prints, to tell formats apart where the markers tie. */
  distinctWords?: string[];
  /** The groups of variant rows, by group name (`otherHandling`). */
  variantGroups?: Record<string, VariantGroup>;
  /** All identities for the given requests rows (which depend on the （六） variant found). */
  identities(requestRows: readonly string[]): Identity[];
}

export const cellKey = (table: TableId, row: string, col: string) => [table, row, col].filter(Boolean).join('.');
