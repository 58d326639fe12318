/**
 * Database health for the probes and the error page: a ping with a short time limit, and the
 * recognition of errors that mean "the database is unreachable right now" (down, frozen,
 * restarting), which Pathwise answers with 503 and Retry-After instead of a generic 500.
 */
import mongoose from 'mongoose';

/** Seconds a client should wait before trying again during a database outage. */
export const OUTAGE_RETRY_AFTER_S = 5;

export async function databaseReady(timeoutMs = 1500): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db
        .admin()
        .command({ ping: 1 })
        .then(() => true),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const OUTAGE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'WaitQueueTimeoutError',
  'MongoWaitQueueTimeoutError',
  'PoolClearedError',
  'MongoPoolClearedError',
]);

/** True for errors that mean the database could not be reached (as opposed to a bug or bad input). */
export function isDatabaseOutage(err: unknown): boolean {
  for (let e = err as { name?: string; message?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.name && OUTAGE_NAMES.has(e.name)) return true;
    if (
      typeof e.message === 'string' &&
      /buffering timed out|connection .* (closed|timed out)|ECONNREFUSED|Client must be connected/i.test(e.message)
    )
      return true;
  }
  return false;
}
