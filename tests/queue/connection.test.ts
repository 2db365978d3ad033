/** The pieces of the queue that need no database: job keys, and telling a lost connection from a bad query. */
import { expect, test } from '@jest/globals';
import { isConnectionError, persist } from '../../src/app/queue/connection.js';
import { jobIdOf } from '../../src/app/queue/settings.js';
import { maintenanceSecondsFor } from '../../src/app/queue/worker.js';

test('a job id is the sha256 as a UUID: the same content, the same job', () => {
  const a = 'ab'.repeat(32);
  expect(jobIdOf(a)).toBe('abababab-abab-abab-abab-abababababab');
  expect(jobIdOf('0123456789abcdef'.repeat(4))).toBe('01234567-89ab-cdef-0123-456789abcdef');
  expect(() => jobIdOf('not a hash')).toThrow(/not a sha256/);
});

test('connection errors are told apart from errors of the query', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'ERROR' });
  expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
  expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isConnectionError(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
  expect(isConnectionError(pgError('57P03', 'the database system is starting up'))).toBe(true);
  expect(isConnectionError(pgError('08006'))).toBe(true);
  expect(isConnectionError(new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]))).toBe(true);
  expect(isConnectionError(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
  expect(isConnectionError(pgError('42P01', 'relation "x" does not exist'))).toBe(false);
  expect(isConnectionError(new TypeError('cannot read properties of undefined'))).toBe(false);
});

test('persist tries again while the connection is lost, says so once each way, and rethrows anything else at once', async () => {
  let calls = 0;
  const told: string[] = [];
  const result = await persist(
    async () => {
      if (++calls < 3) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
      return 'stored';
    },
    { onLost: () => told.push('lost'), onBack: () => told.push('back'), maxPauseMs: 10 },
  );
  expect(result).toBe('stored');
  expect(calls).toBe(3);
  expect(told).toEqual(['lost', 'back']);
  let tries = 0;
  await expect(
    persist(async () => {
      tries++;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }),
  ).rejects.toThrow('duplicate key');
  expect(tries).toBe(1);
  await expect(persist(async () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), { giveUp: () => true })).rejects.toThrow('refused');
});

test('maintenance, which takes expired jobs back, runs every quarter of the lease, between 1 s and a minute', () => {
  expect(maintenanceSecondsFor(4)).toBe(1);
  expect(maintenanceSecondsFor(120)).toBe(30);
  expect(maintenanceSecondsFor(900)).toBe(60);
});
