/** What enqueue, worker and status share: the Postgres store their --store names, opened or refused in one line. */
import { failure, usage, type CommandInfo } from './args.js';
import { isPostgresUrl, storeLocation } from '../store/location.js';
import { describePgError, PostgresStore } from '../store/postgres.js';
import { NianbaoError } from '../../core/errors.js';
import { isConnectionError } from '../queue/connection.js';

export const STORE_HELP = `  --store URL        the shared store: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (required;
                     the queue lives in the same database as the records)`;

/** The opened store, or the exit code after saying why not (2: usage, 1: the store). */
export async function openQueueStore(cmd: CommandInfo, store: string | undefined, options: { readOnly?: boolean; maxConnections?: number } = {}): Promise<PostgresStore | number> {
  if (store === undefined) return usage(cmd, '--store postgres://… is required: the queue lives in a shared Postgres store');
  if (!isPostgresUrl(store)) return usage(cmd, `--store must be a postgres:// URL here (the queue needs Postgres), not '${store}'`);
  const location = storeLocation({ store });
  if ('problem' in location) return usage(cmd, location.problem);
  if (location.kind !== 'postgres') return usage(cmd, '--store must be a postgres:// URL');
  try {
    return await PostgresStore.open(location, { ...options, applicationName: `nianbao ${cmd.name}` });
  } catch (err) {
    return failure(cmd, err);
  }
}

/**
 * A failure in the middle of a run: the store's own error (a NianbaoError),
 * or the database's (a lost connection, a refused query), as one line naming
 * the store (exit code 1). Anything else is a bug and goes on up.
 */
export function storeFailure(cmd: CommandInfo, err: unknown, name: string): number {
  if (err instanceof NianbaoError) return failure(cmd, err);
  const e = err as { severity?: unknown };
  if (!isConnectionError(err) && typeof e?.severity !== 'string') throw err;
  process.stderr.write(`nianbao ${cmd.name}: ${name}: ${describePgError(err as Error)}\n`);
  return 1;
}
