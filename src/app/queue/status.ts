/** `status`: what the queue holds, who is working on it and how fast, from the database alone. */
import type pg from 'pg';
import { PG_SCHEMA } from '../store/postgres-schema.js';
import { readQueueSettings } from './boss.js';
import { BOSS_SCHEMA, QUEUE, type QueueSettings } from './settings.js';

export interface WorkerSeen {
  id: string;
  host: string;
  pid: number;
  jobs: number;
  /** Documents it stored since it started. */
  documents: number;
  startedAt: string;
  secondsSinceSeen: number;
}

export interface QueueStatus {
  queued: number;
  active: number;
  retrying: number;
  done: number;
  failed: number;
  /** Workers whose heartbeat is less than a minute old, and which did not say they stopped. */
  workers: WorkerSeen[];
  /** Jobs finished (done or failed) per second, over the last minute and the last ten. */
  throughput: { lastMinute: number; last10Minutes: number };
  /** Queued and retrying at the last ten minutes' pace; null without a pace. */
  etaSeconds: number | null;
  settings: QueueSettings | null;
  /** The latest jobs failed for good, with their reasons. */
  failures: { path: string | null; code: string | null; message: string; at: string }[];
}

const EMPTY: Omit<QueueStatus, 'workers' | 'settings'> = {
  queued: 0,
  active: 0,
  retrying: 0,
  done: 0,
  failed: 0,
  throughput: { lastMinute: 0, last10Minutes: 0 },
  etaSeconds: null,
  failures: [],
};

type Queryable = Pick<pg.PoolClient, 'query'>;

export async function queueStatus(c: Queryable, maxFailures = 20): Promise<QueueStatus> {
  const workers = (
    await c.query<WorkerSeen>(
      `SELECT id, host, pid, jobs, documents, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "startedAt",
         round(extract(epoch FROM now() - last_seen))::int AS "secondsSinceSeen"
       FROM ${PG_SCHEMA}.workers WHERE last_seen > now() - interval '1 minute' AND stopped_at IS NULL ORDER BY started_at, id`,
    )
  ).rows;
  const settings = await readQueueSettings(c);
  if (!settings) return { ...EMPTY, workers, settings };
  // finished jobs move to the archive after a while (pg-boss maintenance): count both
  const jobs = `(SELECT state, completed_on, output, data FROM ${BOSS_SCHEMA}.job WHERE name = $1 UNION ALL SELECT state, completed_on, output, data FROM ${BOSS_SCHEMA}.archive WHERE name = $1) j`;
  // the jobs by state, and those finished in the last minute and ten, in one pass over both tables
  const { rows } = await c.query<{ state: string; n: number; m1: number; m10: number }>(
    `SELECT state::text, count(*)::int AS n,
            count(*) FILTER (WHERE completed_on > now() - interval '1 minute')::int AS m1,
            count(*) FILTER (WHERE completed_on > now() - interval '10 minutes')::int AS m10
     FROM ${jobs} GROUP BY state`,
    [QUEUE],
  );
  const n = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
  const finished = rows.filter((r) => r.state === 'completed' || r.state === 'failed');
  const pace = { m1: finished.reduce((a, r) => a + r.m1, 0), m10: finished.reduce((a, r) => a + r.m10, 0) };
  const failures = (
    await c.query<QueueStatus['failures'][number]>(
      `SELECT coalesce(output->>'path', data->>'path') AS path, output->>'code' AS code, coalesce(output->>'message', output->'value'->>'message', output::text, '') AS message,
         to_char(completed_on AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
       FROM ${jobs} WHERE state = 'failed' ORDER BY completed_on DESC LIMIT $2`,
      [QUEUE, maxFailures],
    )
  ).rows;
  const throughput = { lastMinute: pace.m1 / 60, last10Minutes: pace.m10 / 600 };
  const left = n('created') + n('retry');
  return {
    queued: n('created'),
    active: n('active'),
    retrying: n('retry'),
    done: n('completed'),
    failed: n('failed'),
    workers,
    throughput,
    etaSeconds: left && throughput.last10Minutes > 0 ? Math.round(left / throughput.last10Minutes) : left ? null : 0,
    settings,
    failures,
  };
}
