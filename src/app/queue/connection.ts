/**
 * Riding out a database that goes away for a while (a restart, a failover,
 * a network blip): an operation that failed for want of a connection is
 * tried again, with growing pauses, instead of ending the worker.
 */

/** SQLSTATE classes and socket errors that mean "no connection", not "bad query". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|database system is (starting up|shutting down|in recovery)|terminating connection/i;

export function isConnectionError(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.some(isConnectionError);
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  return CONNECTION_CODES.has(code) || code.startsWith('08') || (typeof e?.message === 'string' && CONNECTION_MESSAGES.test(e.message));
}

export interface PersistOptions {
  /** Told once when the connection is lost and once when it is back. */
  onLost?: (err: Error) => void;
  onBack?: () => void;
  /** Give up (rethrow) when this says so: the worker is stopping, or the lease ran out. */
  giveUp?: () => boolean;
  /** Longest pause between tries. */
  maxPauseMs?: number;
}

/** `fn`, tried again after a pause (0.25 s doubling to maxPauseMs) while it fails for want of a connection. */
export async function persist<T>(fn: () => Promise<T>, options: PersistOptions = {}): Promise<T> {
  let pause = 250;
  let lost = false;
  for (;;) {
    try {
      const result = await fn();
      if (lost) options.onBack?.();
      return result;
    } catch (err) {
      if (!isConnectionError(err) || options.giveUp?.()) throw err;
      if (!lost) options.onLost?.(err as Error);
      lost = true;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, options.maxPauseMs ?? 5000);
    }
  }
}
