/**
 * One mongoose, one connection, shared with ltijs (which only knows mongoose's default
 * connection). Pathwise builds every index itself instead of letting mongoose do it on model
 * compile (`autoIndex: false`): FerretDB 1.x rejects TTL indexes, and mongoose would stop at the
 * first rejected index and leave ltijs's unique indexes unbuilt. So for every model we create each
 * index as declared, and where the engine cannot expire documents we create the same index without
 * `expireAfterSeconds`. The sweeper deletes expired documents on every engine, so nonce, state and
 * token records are purged even where TTL indexes do not exist.
 */
import mongoose from 'mongoose';
import type { Logger } from '../logger.ts';
import { setConcurrencyMode } from './concurrency.ts';

mongoose.set('autoIndex', false);
mongoose.set('strictQuery', true);
// While the engine is away, an operation waits this long for it (mongoose's default is 10 s).
mongoose.set('bufferTimeoutMS', 2_500);

export interface TtlRule {
  collection: string;
  field: string;
  seconds: number;
}

/**
 * Driver time limits: a request never waits long on a database that is down (server selection,
 * connect) or frozen. A frozen engine is noticed by the heartbeat (every 2 s, 5 s limit), which
 * interrupts the operation in flight on the connection and fails what waits for it; the error
 * handler turns those failures into a 503 page. The socket and wait-queue limits are only the
 * backstop for one operation that is slow on a living engine, and are generous for that reason:
 * on the embedded engine's single connection everything queues behind it, and on a busy 2-core
 * machine a legitimate bulk insert took more than 15 s (the socket limit then closed the
 * connection and failed every operation queued on it), as a 5 s wait-queue limit turned
 * legitimate queues into errors at load 25.
 */
export const DB_TIMEOUTS = {
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  heartbeatFrequencyMS: 2_000,
  socketTimeoutMS: 60_000,
  waitQueueTimeoutMS: 30_000,
} as const;

/**
 * Driver options a caller may set over DB_TIMEOUTS: the engine's pool size, command monitoring
 * (tests), a longer socket limit (bulk seeding in benchmarks).
 */
export interface ClientOptions {
  maxPoolSize?: number;
  monitorCommands?: boolean;
  socketTimeoutMS?: number;
}

export async function connectDatabase(uri: string, clientOptions: ClientOptions = {}): Promise<typeof mongoose> {
  if (mongoose.connection.readyState === 0) await mongoose.connect(uri, { ...DB_TIMEOUTS, ...clientOptions });
  // FerretDB answers buildInfo with `ferretdbVersion` (1.x): its updates need the in-process guard.
  const info = await mongoose.connection.db?.admin().command({ buildInfo: 1 });
  setConcurrencyMode(isFerretDb(info) ? 'lock' : 'filter');
  return mongoose;
}

/** True for FerretDB's buildInfo (1.24 names its version `ferretdbVersion`; a `ferretdb` section is also accepted). */
export function isFerretDb(info: Record<string, unknown> | undefined): boolean {
  return Boolean(info && ('ferretdbVersion' in info || 'ferretdb' in info));
}

export async function disconnectDatabase(): Promise<void> {
  mongoose.connection.removeAllListeners();
  await mongoose.disconnect();
}

/** Asks the engine whether it accepts TTL indexes. */
export async function supportsTtlIndexes(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const probe = db.collection('pathwise_ttl_probe');
  try {
    await probe.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    return true;
  } catch {
    return false;
  } finally {
    await probe.drop().catch(() => undefined);
  }
}

/**
 * Creates the declared indexes of every registered model and returns the TTL rules found.
 * `ttlMinimum` raises a TTL per collection (ltijs keeps nonces 10 s; we keep them as long as a
 * token may be old when it arrives, or a replay would pass once the nonce is gone).
 */
export async function ensureIndexes(log: Logger, ttlMinimum: Record<string, number> = {}): Promise<TtlRule[]> {
  const ttlSupported = await supportsTtlIndexes();
  const rules: TtlRule[] = [];
  for (const model of Object.values(mongoose.connection.models)) {
    await model.createCollection().catch(() => undefined);
    const collection = model.collection.collectionName;
    for (const [fields, options] of model.schema.indexes()) {
      const opts: Record<string, unknown> = { ...options, background: undefined };
      delete opts.background;
      const ttl = typeof opts.expireAfterSeconds === 'number' ? Math.max(opts.expireAfterSeconds, ttlMinimum[collection] ?? 0) : undefined;
      if (ttl !== undefined) {
        const field = Object.keys(fields)[0] ?? 'createdAt';
        rules.push({ collection, field, seconds: ttl });
        if (ttlSupported) opts.expireAfterSeconds = ttl;
        else delete opts.expireAfterSeconds;
      }
      try {
        await model.collection.createIndex(fields as Record<string, 1 | -1>, opts);
      } catch (err) {
        // An index of the same keys with other options (e.g. an older TTL): replace it.
        if ((err as { codeName?: string }).codeName === 'IndexOptionsConflict' || (err as { code?: number }).code === 85) {
          const existing = (await model.collection.indexes()).find((i) => JSON.stringify(i.key) === JSON.stringify(fields));
          if (existing?.name) await model.collection.dropIndex(existing.name);
          await model.collection.createIndex(fields as Record<string, 1 | -1>, opts);
        } else {
          throw err;
        }
      }
    }
  }
  log.info({ ttlSupported, ttlRules: rules.length }, 'database indexes ready');
  return rules;
}

/** Deletes documents past their TTL; returns how many were removed per collection. */
export async function sweepExpired(rules: TtlRule[], now = Date.now()): Promise<Record<string, number>> {
  const db = mongoose.connection.db;
  if (!db) return {};
  const removed: Record<string, number> = {};
  for (const r of rules) {
    const res = await db.collection(r.collection).deleteMany({ [r.field]: { $lt: new Date(now - r.seconds * 1000) } });
    removed[r.collection] = (removed[r.collection] ?? 0) + res.deletedCount;
  }
  return removed;
}

/** Runs the sweeper every `intervalSeconds`; returns a stop function. */
export function startSweeper(rules: TtlRule[], intervalSeconds: number, log: Logger): () => void {
  const timer = setInterval(() => {
    sweepExpired(rules).catch((err: unknown) => log.warn({ err }, 'expired-record sweep failed'));
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
