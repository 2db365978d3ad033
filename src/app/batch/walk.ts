/**
 * Walk the paths given to `ingest`: folders recursively, files as given.
 * Everything not taken is reported with the reason, never dropped silently.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type CandidateKind, classifyByHead, classifyByName } from './kinds.js';

export interface Candidate {
  /** Absolute path. */
  path: string;
  kind: CandidateKind;
  size: number;
  mtimeMs: number;
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface WalkResult {
  candidates: Candidate[];
  skipped: Skipped[];
}

/** Names of version-control and OS folders a walk never enters. */
const IGNORED_DIRS = new Set(['.git', '.svn', '.hg', 'node_modules', '__MACOSX']);

export async function walk(inputs: readonly string[]): Promise<WalkResult> {
  const result: WalkResult = { candidates: [], skipped: [] };
  const seen = new Set<string>();
  for (const input of inputs) await visit(path.resolve(input), true, result, seen);
  result.candidates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

async function visit(p: string, explicit: boolean, out: WalkResult, seen: Set<string>): Promise<void> {
  if (seen.has(p)) return;
  seen.add(p);
  let st;
  try {
    st = await stat(p); // follows symbolic links
  } catch (err) {
    out.skipped.push({ path: p, reason: `cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return;
  }
  const name = path.basename(p);
  if (st.isDirectory()) {
    if (!explicit && (IGNORED_DIRS.has(name) || name.startsWith('.'))) return;
    // A symbolic link back up the tree would make the walk endless.
    const real = `dir:${await realpath(p).catch(() => p)}`;
    if (seen.has(real)) return;
    seen.add(real);
    let entries: string[];
    try {
      entries = await readdir(p);
    } catch (err) {
      out.skipped.push({ path: p, reason: `cannot list the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
      return;
    }
    entries.sort();
    for (const e of entries) await visit(path.join(p, e), false, out, seen);
    return;
  }
  if (!st.isFile()) {
    out.skipped.push({ path: p, reason: 'not a regular file' });
    return;
  }
  // Hidden files (.DS_Store, editor swap files) are clutter, not reports.
  if (!explicit && name.startsWith('.')) return;
  const c = classifyByName(name) ?? classifyByHead(await readHead(p));
  if (c.take) out.candidates.push({ path: p, kind: c.kind, size: st.size, mtimeMs: st.mtimeMs });
  else out.skipped.push({ path: p, reason: c.reason });
}

/** The first `length` bytes of a file (fewer if it is shorter; none if it cannot be read). */
export async function readHead(p: string, length = 1024): Promise<Uint8Array> {
  const fh = await open(p, 'r').catch(() => null);
  if (!fh) return new Uint8Array(0);
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
