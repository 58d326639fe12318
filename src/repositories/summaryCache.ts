/**
 * Reads the class summaries' documents (classSummary.ts) by `_id` with the driver, and keeps an
 * in-process copy of each bucket so that a class whose rows did not change is not read (and
 * decoded by the engine) again on every view: on the embedded engine 33 bucket reads of a class
 * of 3,000 took most of the overview's time (docs/benchmarks.md, "Teacher's cockpit").
 *
 * Never stale after a write:
 * - The copy is kept only in `lock` mode (the embedded engine), where this process is the only
 *   writer (db/concurrency.ts: the engine's lock refuses a second process), and every write to a
 *   summary document goes through classSummary.ts, which calls `bucketWritten` once it completed.
 * - A write gets the next tick of a clock; a copy records the clock when its read started and is
 *   used only while no write to its bucket has completed since (a read overlapping a write keeps
 *   nothing stale: the write's tick is later than the read's start).
 * - The `meta` documents (is the summary complete?) are read on every view: a summary deleted
 *   whole (a privacy deletion) is rebuilt, and a rebuild marks all its buckets written.
 * In `filter` mode (MongoDB, several instances) every view reads the buckets: other instances
 * write them. A test or a tool that writes summary documents behind classSummary.ts's back
 * must call `forgetSummaryCache()`.
 */
import { concurrencyMode } from '../db/concurrency.ts';
import { ClassSummary, type ClassSummaryDoc } from './models/ClassSummary.ts';

interface Copy {
  readAt: number;
  doc: ClassSummaryDoc | null;
  rows: number;
  /** Something derived from the document once (its rows as a list), kept with it, and by what. */
  memo?: unknown;
  memoBy?: unknown;
}

/** At most this many rows are kept in copies (about 200 bytes each): older buckets go first. */
const MAX_ROWS = 60_000;
/** Buckets whose last write is remembered; beyond that, every copy older than the forgetting is dropped. */
const MAX_WRITES = 50_000;

let clock = 0;
/** A copy read before this tick is not used (writes were forgotten then). */
let floor = 0;
const lastWrite = new Map<string, number>();
const copies = new Map<string, Copy>();
let rowsKept = 0;

/**
 * Records that a write to summary document `id` has completed (or failed: then it may have landed).
 * `set`, when the write succeeded and was exactly these `$set` fields (`rows.<id>`, `keys.<h>`), is
 * applied to the copy if the copy held everything written before (no other write since its read):
 * the copy then equals the document again and stays in use, so an answer costs the next view no read.
 */
export function bucketWritten(id: string, set?: Record<string, unknown>): void {
  const copy = copies.get(id);
  const patchable = set !== undefined && fresh(id, copy) && copy.doc !== null;
  if (lastWrite.size >= MAX_WRITES) {
    lastWrite.clear();
    floor = clock + 1;
  }
  lastWrite.set(id, ++clock);
  if (!patchable) return;
  const doc = copy.doc!;
  for (const [path, value] of Object.entries(set)) {
    const [field, key, ...rest] = path.split('.');
    if ((field !== 'rows' && field !== 'keys') || key === undefined || rest.length) {
      copies.delete(id); // not a change this function knows how to apply: read the document again
      rowsKept -= copy.rows;
      return;
    }
    (doc[field] ??= {})[key] = value;
  }
  rowsKept -= copy.rows;
  copy.rows = Object.keys(doc.rows ?? {}).length;
  rowsKept += copy.rows;
  copy.readAt = clock;
  copy.memo = copy.memoBy = undefined;
}

/** Drops every copy (for tests and tools that write summary documents directly). */
export function forgetSummaryCache(): void {
  copies.clear();
  rowsKept = 0;
  floor = ++clock;
}

function fresh(id: string, c: Copy | undefined): c is Copy {
  return c !== undefined && c.readAt >= floor && (lastWrite.get(id) ?? 0) <= c.readAt;
}

function keep(id: string, copy: Copy): void {
  const old = copies.get(id);
  if (old) rowsKept -= old.rows;
  copies.delete(id);
  copies.set(id, copy);
  rowsKept += copy.rows;
  for (const [k, c] of copies) {
    if (rowsKept <= MAX_ROWS || copies.size <= 1) break;
    copies.delete(k);
    rowsKept -= c.rows;
  }
}

/** One summary document by `_id` (the meta documents are never kept: they are read on every view). */
async function readDoc(id: string): Promise<ClassSummaryDoc | null> {
  return (await ClassSummary.collection.findOne({ _id: id as never })) as ClassSummaryDoc | null;
}

/**
 * A bucket document, from the copy when no write has completed since it was read. `memo` turns
 * the document into what the caller needs and is kept with the copy.
 */
export async function readBucket<T>(id: string, memo: (doc: ClassSummaryDoc | null) => T): Promise<T> {
  if (concurrencyMode() !== 'lock') return memo(await readDoc(id));
  const hit = copies.get(id);
  if (fresh(id, hit)) {
    copies.delete(id); // most recently used last
    copies.set(id, hit);
    if (hit.memoBy !== memo) [hit.memo, hit.memoBy] = [memo(hit.doc), memo];
    return hit.memo as T;
  }
  const readAt = clock;
  const doc = await readDoc(id);
  const copy: Copy = { readAt, doc, rows: Object.keys(doc?.rows ?? {}).length, memoBy: memo };
  copy.memo = memo(doc);
  keep(id, copy);
  return copy.memo as T;
}

/** The `meta` document of a summary (read every time). */
export const readMeta = readDoc;

/** A bucket's row as stored, with the bucket's `keys` (the skill-id lists packed rows refer to). */
export type StoredRow = [personId: string, stored: unknown, keys: Record<string, unknown>];

const rowsOf = (d: ClassSummaryDoc | null): StoredRow[] => {
  const keys = d?.keys ?? {};
  return Object.entries(d?.rows ?? {}).map(([pid, r]): StoredRow => [pid, r, keys]);
};

/** A summary: whether its meta document says complete, and the rows of its buckets. */
export async function readSummary(prefix: string, bucketIds: string[]): Promise<{ complete: boolean; rows: StoredRow[] }> {
  const [meta, ...buckets] = await Promise.all([readMeta(`${prefix}:meta`), ...bucketIds.map((id) => readBucket(id, rowsOf))]);
  return { complete: meta?.complete === true, rows: buckets.flat() };
}
