/**
 * How a compare-and-set on one document is made atomic, per engine.
 *
 * - `filter` (MongoDB, Atlas, a replica set): the guard goes into the update's filter
 *   (`{_id, version}`); the engine applies each single-document update atomically, so of two
 *   writers with the same expected version exactly one matches. Any number of instances.
 * - `lock` (the embedded FerretDB 1.24 on SQLite): FerretDB uses the `_id` index only when the
 *   filter is `_id` alone (anything more reads the whole collection), and its update is a
 *   read-modify-write that two connections can interleave. Pathwise therefore talks to it over
 *   one connection, from one process (the engine's pid-file lock refuses a second one), and
 *   serialises every compare-and-set of one document in process with a per-key lock: the guard is
 *   checked in memory under the lock and the write filters on `_id` alone.
 *
 * Callers never choose: they call `guarded()` and `withKeyLock()`, which do the right thing.
 */
export type ConcurrencyMode = 'filter' | 'lock';

let mode: ConcurrencyMode = 'filter';

export function setConcurrencyMode(m: ConcurrencyMode): void {
  mode = m;
}

export function concurrencyMode(): ConcurrencyMode {
  return mode;
}

/** The filter of a guarded single-document write: `_id` plus the guard only where the engine is atomic. */
export function guarded(id: unknown, guard: Record<string, unknown>): Record<string, unknown> {
  return mode === 'filter' ? { _id: id, ...guard } : { _id: id };
}

const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every earlier `fn` of the same key has finished (in `lock` mode); in `filter`
 * mode runs it at once (the database arbitrates). Keys with nothing waiting are forgotten.
 */
export async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  if (mode === 'filter') return fn();
  const before = tails.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/**
 * The last version this process wrote per document (lock mode only): a document read before the
 * lock was taken is still current when its version equals the one written last, so the request
 * need not read it again. Bounded; once an entry has been evicted, unknown keys are re-read.
 */
export class WrittenVersions {
  private readonly map = new Map<string, number>();
  private evicted = false;

  constructor(private readonly max = 200_000) {}

  /** True when a document of this version read earlier is known to be the latest. */
  isCurrent(id: string, version: number): boolean {
    const v = this.map.get(id);
    if (v === undefined) return !this.evicted;
    return v === version;
  }

  wrote(id: string, version: number): void {
    this.map.delete(id);
    if (this.map.size >= this.max) {
      this.map.delete(this.map.keys().next().value as string);
      this.evicted = true;
    }
    this.map.set(id, version);
  }

  clear(): void {
    this.map.clear();
    this.evicted = false;
  }
}
