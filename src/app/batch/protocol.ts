/** Messages between the batch and its extraction processes (child.ts). */

export interface TaskMessage {
  type: 'task';
  id: number;
  path: string;
  /** The name the record and errors use. */
  fileName: string;
}

/** `lanes`: how many OCR threads the process may use from now on (cores lent at the end of a batch). */
export type ParentMessage = TaskMessage | { type: 'lanes'; n: number } | { type: 'shutdown' };

/**
 * `cpuMs`: CPU time (user + system, every thread of the process) spent
 * starting up (`ready`) or on this document (`result`), for the batch's profile.
 */
export type ChildMessage =
  | { type: 'ready'; cpuMs: number }
  | { type: 'result'; id: number; cpuMs: number; ok: true; sha256: string; size: number; record: unknown }
  | { type: 'result'; id: number; cpuMs: number; ok: false; sha256: string | null; size: number | null; code: string; message: string };

/**
 * Error codes of failures the batch itself detects, beside the extractor's
 * own NianbaoError codes (src/core/errors.ts): stored in documents.error_code.
 */
export type BatchFailureCode = 'timeout' | 'out-of-memory' | 'crashed' | 'internal';

/**
 * Test seam: an ES module exporting `extract(path, { fileName })` used in
 * place of src/stages/pipeline.ts, so tests can make a document hang, crash or eat
 * memory on purpose. Never set it outside tests.
 */
export const EXTRACT_MODULE_ENV = 'NIANBAO_EXTRACT_MODULE';
