/**
 * Output files the commands write (an export, an audit page): never one of
 * their inputs, and never half-written. An output that is the same file as
 * an input or the store (by device and inode, whatever the name) is refused;
 * the output is written beside its place under a temporary name and renamed
 * into place only when complete, so a failure leaves the old file intact.
 */
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NianbaoError } from '../../core/errors.js';

/** Throws when `out` is the same file as one of `inputs` (a path that does not exist yet is no input). */
export function refuseInputAsOutput(out: string, inputs: readonly string[]): void {
  const o = statOrNull(out);
  if (!o) return;
  for (const input of inputs) {
    const i = statOrNull(input);
    if (i && i.dev === o.dev && i.ino === o.ino) {
      throw new NianbaoError('output-is-input', `the output ${out} is the input ${input}: writing it would destroy it; choose another output file`, { file: out });
    }
  }
}

function statOrNull(p: string): { dev: number; ino: number } | null {
  try {
    const s = statSync(p);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}

const temporary = (out: string) => path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);

/** Write the whole file under a temporary name, then rename it into place. */
export async function writeFileAtomically(out: string, data: string): Promise<void> {
  const tmp = temporary(out);
  try {
    await writeFile(tmp, data, 'utf8');
    await rename(tmp, out);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** A stream to a temporary file: `commit` renames it into place, `discard` removes it. */
export function atomicStream(out: string): { stream: WriteStream; commit(): Promise<void>; discard(): Promise<void> } {
  const tmp = temporary(out);
  const stream = createWriteStream(tmp);
  return {
    stream,
    commit: () => rename(tmp, out),
    discard: async () => {
      stream.destroy();
      await rm(tmp, { force: true });
    },
  };
}
