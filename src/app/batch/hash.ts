import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 and size of a file, streamed (reports can be large scans). */
export async function hashFile(p: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(p)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}
