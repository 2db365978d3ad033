/**
 * pg-boss on the store's own connections: the queue lives in the same
 * database as the records, so a document's record and its job's completion
 * are written in one transaction, and a worker holds one small pool of
 * connections for both.
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { PostgresStore } from '../store/postgres.js';
import { BOSS_SCHEMA, DEFAULT_QUEUE_SETTINGS, QUEUE, type QueueSettings } from './settings.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** pg-boss's Db over a pool or one connection (a transaction's). */
export function bossDb(c: Queryable): PgBoss.Db {
  return { executeSql: (text: string, values?: unknown[]) => c.query(text, values) };
}

export interface BossOptions {
  /**
   * Run pg-boss's maintenance (taking back expired jobs among other things)
   * every so many seconds; one process of all those running does each round.
   * Leave undefined in a process that only queues or reads the counts.
   */
  maintenanceSeconds?: number;
}

/** Start pg-boss (creating or migrating its schema on first use) on the store's pool. */
export async function startBoss(store: PostgresStore, options: BossOptions = {}): Promise<PgBoss> {
  const supervise = options.maintenanceSeconds !== undefined;
  const boss = new PgBoss({
    db: bossDb(store.pool),
    schema: BOSS_SCHEMA,
    schedule: false,
    supervise,
    ...(supervise ? { maintenanceIntervalSeconds: options.maintenanceSeconds } : {}),
  });
  // without a listener an 'error' event would throw; the callers see failures in their own calls
  boss.on('error', () => {});
  await boss.start();
  return boss;
}

/** Make the queue if it is missing; apply `settings` to the jobs queued from now on. */
export async function ensureQueue(boss: PgBoss, settings?: Partial<QueueSettings>): Promise<QueueSettings> {
  const existing = await boss.getQueue(QUEUE);
  const current: QueueSettings = existing
    ? {
        leaseSeconds: existing.expireInSeconds ?? DEFAULT_QUEUE_SETTINGS.leaseSeconds,
        retries: existing.retryLimit ?? DEFAULT_QUEUE_SETTINGS.retries,
        retryDelaySeconds: existing.retryDelay ?? DEFAULT_QUEUE_SETTINGS.retryDelaySeconds,
      }
    : DEFAULT_QUEUE_SETTINGS;
  const wanted = { ...current, ...settings };
  const options = { expireInSeconds: wanted.leaseSeconds, retryLimit: wanted.retries, retryDelay: wanted.retryDelaySeconds, retryBackoff: true };
  if (!existing) await boss.createQueue(QUEUE, { name: QUEUE, ...options });
  else if (settings && Object.keys(settings).length) await boss.updateQueue(QUEUE, { name: QUEUE, ...options });
  return wanted;
}

/** The queue's settings without starting pg-boss (null when nothing was ever queued). */
export async function readQueueSettings(c: Queryable): Promise<QueueSettings | null> {
  const exists = await c.query<{ t: string | null }>(`SELECT to_regclass('${BOSS_SCHEMA}.queue')::text AS t`);
  if (!exists.rows[0]?.t) return null;
  const { rows } = await c.query<{ lease: number | null; retries: number | null; delay: number | null }>(
    `SELECT expire_seconds AS lease, retry_limit AS retries, retry_delay AS delay FROM ${BOSS_SCHEMA}.queue WHERE name = $1`,
    [QUEUE],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    leaseSeconds: r.lease ?? DEFAULT_QUEUE_SETTINGS.leaseSeconds,
    retries: r.retries ?? DEFAULT_QUEUE_SETTINGS.retries,
    retryDelaySeconds: r.delay ?? DEFAULT_QUEUE_SETTINGS.retryDelaySeconds,
  };
}

/**
 * Give an active job back to the queue as it was before this attempt (a
 * worker stopping with documents it will not finish): no attempt counted,
 * no backoff. pg-boss 10 has no call for it; this is its job table's own
 * columns (the queue tests cover it).
 */
export async function releaseJob(c: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await c.query(
    `UPDATE ${BOSS_SCHEMA}.job SET state = CASE WHEN retry_count > 0 THEN 'retry'::${BOSS_SCHEMA}.job_state ELSE 'created'::${BOSS_SCHEMA}.job_state END, started_on = NULL
     WHERE name = $1 AND id = $2 AND state = 'active'`,
    [QUEUE, id],
  );
  return (rowCount ?? 0) > 0;
}

/** Fail an active job for good, whatever attempts it has left: reading the same bytes again would give the same answer. */
export async function failJobFinally(boss: PgBoss, c: Queryable, id: string, output: object): Promise<void> {
  await c.query(`UPDATE ${BOSS_SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active'`, [QUEUE, id]);
  await boss.fail(QUEUE, id, output, { db: bossDb(c) });
}

/** Jobs not finished: queued, retrying or being read. */
export async function unfinishedJobs(c: Queryable): Promise<number> {
  const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND state < 'completed'`, [QUEUE]);
  return rows[0]!.n;
}
