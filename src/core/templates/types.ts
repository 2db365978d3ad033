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
   * Rows that may stand in for this one and the ones after it with the same
   * `variantOf` (the hybrid single （六）其他处理 row in 2021 reports).
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

export interface Template {
  id: '2021' | '2019';
  sections: SectionSpec[];
  tables: Record<TableId, TableSpec>;
  /** Header words only this format's tables carry (how a table's format is recognised). */
  markers: string[];
  /** All identities for the given requests rows (which depend on the （六） variant found). */
  identities(requestRows: readonly string[]): Identity[];
}

export const cellKey = (table: TableId, row: string, col: string) => [table, row, col].filter(Boolean).join('.');
