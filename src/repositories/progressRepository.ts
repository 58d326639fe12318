/**
 * Progress documents: one per (activity, student), read and written by `_id` alone on every hot
 * path. `mutate` is the only way a request changes one: a compare-and-set on `version`, made
 * atomic as the engine allows (see db/concurrency.ts), retried on a fresh copy after a conflict.
 * After each write the class overview's summary row follows (classSummary.ts), under the same
 * lock; if that second write fails, the reconciler rewrites the row from the document.
 *
 * An answer's effects (`pending`, see commands/answerEffects.ts) are marked applied without a
 * write of their own: this process remembers which it applied (`effectApplied`) and the
 * document's next write removes them in the same update. Until then they stay in the document,
 * where re-applying them changes nothing (deterministic ids); a crash only leaves them for the
 * reconciler, which applies and removes them.
 */
import { AppError } from '../errors.ts';
import { guarded, withKeyLock, WrittenVersions } from '../db/concurrency.ts';
import type { Schema } from 'mongoose';
import { Progress, type ProgressDoc } from './models/Progress.ts';
import { writeProgressRow } from './classSummary.ts';

const MAX_TRIES = 8;
const written = new WrittenVersions();

/** Effects applied by this process and not yet removed from their document (bounded; a lost entry only waits for the reconciler). */
const applied = new Map<string, Set<string>>();
const APPLIED_KEPT = 100_000;

/** Records that an effect of document `id` was applied: its next write removes it. */
export function effectApplied(id: string, attemptId: string): void {
  const set = applied.get(id) ?? new Set<string>();
  set.add(attemptId);
  applied.delete(id);
  if (applied.size >= APPLIED_KEPT) applied.delete(applied.keys().next().value as string);
  applied.set(id, set);
}

/** True when this process applied that effect (it is only waiting to be removed). */
export function isEffectApplied(id: string, attemptId: string): boolean {
  return applied.get(id)?.has(attemptId) ?? false;
}

/** The `pending.<attempt>` fields of `p` that were applied and can go with this write. */
function appliedFields(p: ProgressDoc): string[] {
  const set = applied.get(p._id);
  if (!set) return [];
  for (const a of set) if (!p.pending?.[a]) set.delete(a); // removed meanwhile (a resubmission, the reconciler)
  return [...set].map((a) => `pending.${a}`);
}

function forgetApplied(id: string, fields: string[]): void {
  const set = applied.get(id);
  if (!set) return;
  for (const f of fields) set.delete(f.slice('pending.'.length));
  if (set.size === 0) applied.delete(id);
}

export interface ProgressChange<R> {
  set: Record<string, unknown>;
  inc?: Record<string, number>;
  unset?: string[];
  result: R;
}

/**
 * The hot path talks to the driver (through the model's collection, so an outage behaves as with
 * the model): the model's query layer cost ~5 ms of CPU per answer (casting the whole update,
 * walking the policy state for array filters, a stack trace per query), and these documents need
 * none of it: `state` and `pending` are stored as given, and the step on screen is cast here.
 */
export async function findProgress(id: string): Promise<ProgressDoc | null> {
  return (await Progress.collection.findOne({ _id: id as never })) as ProgressDoc | null;
}

const known = (path: string) => Progress.schema.path(path.split('.')[0]!) !== undefined;

/** The step-on-screen schema's fields in order, with their type and default (what the model's cast applies). */
const currentFields = (() => {
  const schema = (Progress.schema.path('current') as unknown as { schema: Schema }).schema;
  const fields: Array<{ name: string; type: string; fallback?: unknown }> = [];
  schema.eachPath((name, t) => {
    const d = (t as unknown as { defaultValue?: unknown }).defaultValue;
    fields.push({ name, type: t.instance, ...(d !== undefined && typeof d !== 'function' ? { fallback: d } : {}) });
  });
  return fields;
})();

/**
 * The step on screen as the model's cast writes it (schema fields only, in order, defaults for
 * missing ones, values cast to their type); the model's own cast cost ~1.4 ms per write.
 */
export function castCurrent(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of currentFields) {
    const v = c[f.name] === undefined ? f.fallback : c[f.name];
    if (v === undefined) continue;
    if (v === null) out[f.name] = null;
    else if (f.type === 'String') out[f.name] = typeof v === 'string' ? v : String(v);
    else if (f.type === 'Number') out[f.name] = typeof v === 'number' ? v : Number(v);
    else if (f.type === 'Boolean') out[f.name] = typeof v === 'boolean' ? v : v === 'true' || v === 1 || v === '1';
    else if (f.type === 'Date') out[f.name] = v instanceof Date ? v : new Date(v as string | number);
    else out[f.name] = v;
  }
  return out;
}

/** The update as the model would send it: the step on screen cast by its schema (defaults, dates), `updatedAt` set. */
function driverUpdate(c: ProgressChange<unknown>, unset: string[]): Record<string, unknown> {
  const set: Record<string, unknown> = { ...c.set, updatedAt: new Date() };
  if (set.current !== undefined && set.current !== null) set.current = castCurrent(set.current as Record<string, unknown>);
  const update: Record<string, unknown> = { $set: set, $inc: { version: 1, ...(c.inc ?? {}) } };
  if (unset.length) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
  return update;
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
      const done = appliedFields(p).filter((f) => !(f in c.set));
      const unset = [...(c.unset ?? []), ...done];
      const filter = guarded(id, { version: p.version });
      // A field the schema does not know is dropped by the model (strict): such a change keeps going through it.
      const updated = Object.keys(c.set).every(known)
        ? ((await Progress.collection.findOneAndUpdate(filter as never, driverUpdate(c, unset), {
            returnDocument: 'after',
            includeResultMetadata: false,
          })) as unknown as ProgressDoc | null)
        : await Progress.findOneAndUpdate(filter, modelUpdate(c, unset), { new: true }).lean<ProgressDoc>();
      if (updated) {
        forgetApplied(id, done);
        written.wrote(id, updated.version ?? 0);
        await followSummary(updated);
        return { result: c.result, progress: updated, written: true };
      }
      p = await findProgress(id);
    }
    throw new AppError('busy', 'Too many changes at once to your progress.', { status: 409, hint: 'Reload the page and try again.' });
  });
}

function modelUpdate(c: ProgressChange<unknown>, unset: string[]): Record<string, unknown> {
  const update: Record<string, unknown> = { $set: c.set, $inc: { version: 1, ...(c.inc ?? {}) } };
  if (unset.length) update.$unset = Object.fromEntries(unset.map((f) => [f, '']));
  return update;
}

/** Marks one answer's effects applied (removes them); commutes with any concurrent answer. */
export async function clearEffect(id: string, attemptId: string): Promise<void> {
  await Progress.updateOne({ _id: id }, { $unset: { [`pending.${attemptId}`]: '' } });
  forgetApplied(id, [`pending.${attemptId}`]);
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
  applied.clear();
}
