/** What a batch (ingest, enqueue) asks of what the store knows, before reading a file again; no store is loaded for it. */
import type { KnownDocument, KnownPath } from './store.js';

/**
 * Whether a batch (ingest, enqueue) leaves a stored document as it is: read
 * by this pipeline version, and not a failure that --retry-failed asks to read again.
 */
export function upToDate(k: KnownDocument | undefined, pipelineVersion: string, retryFailed: boolean | undefined): k is KnownDocument {
  return !!k && k.pipelineVersion === pipelineVersion && !(retryFailed && k.status === 'failed');
}

/** Whether the file a path held when stored is still there: the same size and modification time (to the millisecond). */
export function unchangedFile(kp: KnownPath, file: { size: number; mtimeMs: number }): boolean {
  return kp.size === file.size && Math.round(kp.mtimeMs) === Math.round(file.mtimeMs);
}
