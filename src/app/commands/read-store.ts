/** What export and stats share: the store their --db/--store names, opened for reading or refused in one line. */
import { failure, usage, type CommandInfo } from './args.js';
import type { RecordStore } from '../store/interface.js';
import { type StoreLocation, storeLocation } from '../store/location.js';
import { openForReading } from '../store/open.js';

/**
 * The opened store, or the exit code after saying why not (2: usage, 1: the
 * store). `before` runs once the location is known and before it is opened;
 * what it throws is said as the store's failure is (export refuses an output
 * that is the store).
 */
export async function openStoreForReading(cmd: CommandInfo, options: { store?: string; db?: string }, before?: (location: StoreLocation) => void): Promise<RecordStore | number> {
  const location = storeLocation(options);
  if ('problem' in location) return usage(cmd, location.problem);
  try {
    before?.(location);
    return await openForReading(location);
  } catch (err) {
    return failure(cmd, err);
  }
}
