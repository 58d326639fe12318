/**
 * Reading and changing a student's progress document with optimistic concurrency: compute the new
 * document from the one read (pure policy code), write it only if nobody changed it meanwhile
 * (`version`), otherwise read again and recompute. No transactions, no locks, and concurrent
 * requests end as if they had run one after the other.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../errors.ts';
import { Progress, progressKey, type CurrentStep, type ProgressDoc } from '../repositories/models/Progress.ts';
import { applyStepShown, initialState, nextStep, type Step, type StudentState } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';

const MAX_TRIES = 8;

export function toCurrent(step: Step, now: Date): CurrentStep {
  const base = { attemptId: randomUUID(), kind: step.kind, reason: step.reason, hintsShown: 0, attempt: 1, shownAt: now };
  switch (step.kind) {
    case 'item':
      return { ...base, skillId: step.skillId, itemId: step.itemId, seed: step.seed, review: step.review ?? false };
    case 'worked-example':
      return { ...base, skillId: step.skillId };
    case 'resource':
      return { ...base, skillId: step.skillId, resourceIndex: step.resourceIndex };
    case 'done':
      return base;
  }
}

/** Picks the next step and records it in the state (for variant repetition, remediation, bandit). */
export function advance(ctx: ActivityContext, state: StudentState, now: Date): { state: StudentState; current: CurrentStep } {
  const step = nextStep(ctx.pack, ctx.params, state, { activitySkills: ctx.activitySkills, now: now.toISOString(), seed: randomInt(1, 2 ** 31 - 1) }, ctx.config);
  return { state: step.kind === 'done' ? state : applyStepShown(state, step, now.toISOString()), current: toCurrent(step, now) };
}

/** The student's progress in an activity, created with a first step on first visit. */
export async function loadProgress(ids: { courseId: string; activityId: string; personId: string }, ctx: ActivityContext): Promise<ProgressDoc> {
  const _id = progressKey(ids.activityId, ids.personId);
  const existing = await Progress.findById(_id).lean<ProgressDoc>();
  if (existing) return existing;
  const now = new Date();
  const first = advance(ctx, initialState(ctx.pack, ctx.activitySkills, ctx.params, now.toISOString()), now);
  // $setOnInsert: a concurrent first visit that created it already wins, and nothing is overwritten.
  await Progress.updateOne(
    { _id },
    {
      $setOnInsert: {
        courseId: new Types.ObjectId(ids.courseId), activityId: new Types.ObjectId(ids.activityId), personId: new Types.ObjectId(ids.personId),
        state: first.state, current: first.current, version: 0,
      },
    },
    { upsert: true },
  );
  return (await Progress.findById(_id).lean<ProgressDoc>()) as ProgressDoc;
}

/**
 * Applies `change` to the current document until it sticks. `change` returns the fields to set
 * (and counters to increment), or a value to return without writing.
 */
export async function mutateProgress<R>(
  id: string,
  change: (p: ProgressDoc) => { set: Record<string, unknown>; inc?: Record<string, number>; result: R } | { done: R },
): Promise<{ result: R; progress: ProgressDoc; written: boolean }> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const p = await Progress.findById(id).lean<ProgressDoc>();
    if (!p) throw new AppError('no_progress', 'Your progress in this activity was not found.', { status: 404, hint: 'Open the activity again from the course page.' });
    const c = change(p);
    if ('done' in c) return { result: c.done, progress: p, written: false };
    const updated = await Progress.findOneAndUpdate(
      { _id: id, version: p.version },
      { $set: c.set, $inc: { version: 1, ...(c.inc ?? {}) } },
      { new: true },
    ).lean<ProgressDoc>();
    if (updated) return { result: c.result, progress: updated, written: true };
  }
  throw new AppError('busy', 'Too many changes at once to your progress.', { status: 409, hint: 'Reload the page and try again.' });
}
