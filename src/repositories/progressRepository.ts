/**
 * Progress documents: one per (activity, student), read and written by `_id` alone on every hot
 * path. `mutate` is the only way a request changes one: a compare-and-set on `version`, made
 * atomic as the engine allows (see db/concurrency.ts), retried on a fresh copy after a conflict.
 * After each write the class overview's summary row follows (classSummary.ts), under the same
 * lock; if that second write fails, the reconciler rewrites the row from the document.
 */
import { AppError } from '../errors.ts';
import { guarded, withKeyLock, WrittenVersions } from '../db/concurrency.ts';
import { Progress, type ProgressDoc } from './models/Progress.ts';
import { writeProgressRow } from './classSummary.ts';

const MAX_TRIES = 8;
const written = new WrittenVersions();

export interface ProgressChange<R> {
  set: Record<string, unknown>;
  inc?: Record<string, number>;
  unset?: string[];
  result: R;
}

export async function findProgress(id: string): Promise<ProgressDoc | null> {
  return Progress.findById(id).lean<ProgressDoc>();
}

/** Called when a summary row could not follow a progress write (the reconciler repairs it). */
export const summaryFailures: { onFailure?: (err: unknown, id: string) => void } = {};

async function followSummary(doc: ProgressDoc): Promise<void> {
  try {
    await writeProgressRow(doc);
  } catch (err) {
    summaryFailures.onFailure?.(err, doc._id);
  }
}

/** Creates the document unless it exists (a concurrent first visit keeps what it wrote). */
export async function createProgressIfAbsent(id: string, fields: Record<string, unknown>): Promise<void> {
  await withKeyLock(`progress:${id}`, async () => {
    const r = await Progress.updateOne({ _id: id }, { $setOnInsert: { ...fields, version: 0 } }, { upsert: true });
    if (r.upsertedCount > 0) await followSummary({ ...fields, _id: id, version: 0 } as unknown as ProgressDoc);
  });
}

const notFound = () =>
  new AppError('no_progress', 'Your progress in this activity was not found.', {
    status: 404,
    hint: 'Open the activity again from the course page.',
  });

/**
 * Applies `change` to the latest document until it sticks, starting from `start` (the copy the
 * request already read, so an uncontended request reads it once). `change` returns the fields to
 * set (and counters to increment), or `{ done }` to return without writing.
 */
export async function mutateProgress<R>(
  start: ProgressDoc,
  change: (p: ProgressDoc) => ProgressChange<R> | { done: R },
): Promise<{ result: R; progress: ProgressDoc; written: boolean }> {
  const id = start._id;
  return withKeyLock(`progress:${id}`, async () => {
    let p: ProgressDoc | null = written.isCurrent(id, start.version ?? 0) ? start : await findProgress(id);
    for (let i = 0; i < MAX_TRIES; i++) {
      if (!p) throw notFound();
      const c = change(p);
      if ('done' in c) return { result: c.done, progress: p, written: false };
      const update: Record<string, unknown> = { $set: c.set, $inc: { version: 1, ...(c.inc ?? {}) } };
      if (c.unset?.length) update.$unset = Object.fromEntries(c.unset.map((f) => [f, '']));
      const updated = await Progress.findOneAndUpdate(guarded(id, { version: p.version }), update, { new: true }).lean<ProgressDoc>();
      if (updated) {
        written.wrote(id, updated.version ?? 0);
        await followSummary(updated);
        return { result: c.result, progress: updated, written: true };
      }
      p = await findProgress(id);
    }
    throw new AppError('busy', 'Too many changes at once to your progress.', { status: 409, hint: 'Reload the page and try again.' });
  });
}

/** Marks one answer's effects applied (removes them); commutes with any concurrent answer. */
export async function clearEffect(id: string, attemptId: string): Promise<void> {
  await Progress.updateOne({ _id: id }, { $unset: { [`pending.${attemptId}`]: '' } });
}

/** Every progress document that still holds unapplied effects (the reconciler's scan). */
export async function* withPendingEffects(): AsyncGenerator<ProgressDoc> {
  for await (const p of Progress.find({}, { pending: 1, personId: 1, activityId: 1, courseId: 1, version: 1 })
    .lean<ProgressDoc[]>()
    .cursor()) {
    const doc = p as unknown as ProgressDoc;
    if (doc.pending && Object.keys(doc.pending).length > 0) yield doc;
  }
}

/** Forgets what this process wrote (tests that rewrite documents behind its back). */
export function forgetWrittenVersions(): void {
  written.clear();
}
