/**
 * Reading and changing a student's progress document with optimistic concurrency: compute the new
 * document from the one read (pure policy code), write it only if nobody changed it meanwhile
 * (`version`, see repositories/progressRepository.ts), otherwise read again and recompute. No
 * transactions, and concurrent requests end as if they had run one after the other.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { progressKey, type CurrentStep, type ProgressDoc } from '../repositories/models/Progress.ts';
import { createProgressIfAbsent, findProgress, mutateProgress } from '../repositories/progressRepository.ts';

export { mutateProgress };
import { applyStepShown, initialState, nextStep, type Step, type StudentState } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { hasItem } from '../domain/content/index.ts';

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
  const step = nextStep(
    ctx.pack,
    ctx.params,
    state,
    { activitySkills: ctx.activitySkills, now: now.toISOString(), seed: randomInt(1, 2 ** 31 - 1) },
    ctx.config,
  );
  return { state: step.kind === 'done' ? state : applyStepShown(state, step, now.toISOString()), current: toCurrent(step, now) };
}

const removed = (p: ProgressDoc, ctx: ActivityContext): boolean =>
  p.current.kind === 'item' && !!p.current.itemId && !hasItem(ctx.pack, p.current.itemId);

/**
 * The student's progress in an activity, created with a first step on first visit (one read when it
 * exists). A question on screen that has left the pack since (a teacher removed it in the studio)
 * is replaced by the policy's next step, so the student never meets an error page for it.
 */
export async function loadProgress(
  ids: { courseId: string; activityId: string; personId: string },
  ctx: ActivityContext,
): Promise<ProgressDoc> {
  const _id = progressKey(ids.activityId, ids.personId);
  const existing = await findProgress(_id);
  if (existing && removed(existing, ctx)) {
    const { progress } = await mutateProgress(existing, (p) => {
      if (!removed(p, ctx)) return { done: null };
      const next = advance(ctx, p.state, new Date());
      return { set: { state: next.state, current: next.current }, result: null };
    });
    return progress;
  }
  if (existing) return existing;
  const now = new Date();
  const first = advance(ctx, initialState(ctx.pack, ctx.activitySkills, ctx.params, now.toISOString()), now);
  // $setOnInsert: a concurrent first visit that created it already wins, and nothing is overwritten.
  await createProgressIfAbsent(_id, {
    courseId: new Types.ObjectId(ids.courseId),
    activityId: new Types.ObjectId(ids.activityId),
    personId: new Types.ObjectId(ids.personId),
    state: first.state,
    current: first.current,
    pending: {},
    counted: [],
    gradeSeq: 0,
    gradeMs: 0,
  });
  return (await findProgress(_id)) as ProgressDoc;
}
