/** Writing text or bytes to a stream with back-pressure: wait for 'drain' instead of buffering a whole export. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class Sink {
  private failed: Error | undefined;

  constructor(private readonly stream: Writable) {
    stream.on('error', (err: Error) => {
      this.failed ??= err;
    });
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.stream.write(chunk)) await this.drained();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', onError);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      const onError = (err: Error) => done(err);
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
    });
  }

  /** Finish the stream (a file is flushed and closed; stdout is left open). */
  async end(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.stream === process.stdout) return;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
