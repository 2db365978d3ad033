/** nianbao's library entry: extract a report into its canonical, checked record. */
export { extract, type ExtractOptions } from './pipeline.js';
export { ReportRecord, CellProvenance } from './record/schema.js';
export { NianbaoError, type ErrorCode } from './errors.js';
export type { Finding, Severity } from './findings.js';
export type { Layout, Page, Line, Token, Box, SourceKind } from './layout.js';
