/**
 * The job queue's names and settings. One pg-boss queue in the schema
 * `pgboss` of the store's database, one job per content: its id is the
 * file's sha256 (its first 128 bits, as a UUID, pg-boss's job key), so a
 * report named by many paths or runs is queued, and read, once.
 */
import type { CandidateKind } from '../batch/kinds.js';

export const QUEUE = 'nianbao-documents';
export const BOSS_SCHEMA = 'pgboss';

export interface QueueSettings {
  /** How long a worker holds a job before it is taken back (pg-boss expireInSeconds). */
  leaseSeconds: number;
  /** Attempts after the first for a failure that reading again may cure (a timeout, a crash). */
  retries: number;
  /** The first retry's delay; each further one doubles it, with jitter (pg-boss retryBackoff). */
  retryDelaySeconds: number;
}

/**
 * The lease covers a document waiting behind one other in its worker and
 * then read, each within ingest's default 300 s limit, with room to spare.
 */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { leaseSeconds: 900, retries: 2, retryDelaySeconds: 30 };

/** What a job carries: the content it stands for and one path to read it from. */
export interface JobData {
  sha256: string;
  path: string;
  size: number;
  mtimeMs: number;
  /** The kind guessed from the name (the record's source.kind is the final word). */
  kind: CandidateKind;
}

/** A job's id: the sha256's first 32 hex digits as a UUID. */
export function jobIdOf(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  const h = sha256.slice(0, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
