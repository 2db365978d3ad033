/** nianbao's library entry: extract a report into its canonical, checked record. */
export { extract, type ExtractOptions } from './stages/pipeline.js';
export { ReportRecord, CellProvenance } from './core/record.js';
export { NianbaoError, type ErrorCode } from './core/errors.js';
export type { Finding, Severity } from './core/findings.js';
export type { Layout, Page, Line, Token, Box, SourceKind } from './core/layout.js';
