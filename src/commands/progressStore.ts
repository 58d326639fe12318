/**
 * Reading and changing a student's progress document with optimistic concurrency: compute the new
 * document from the one read (pure policy code), write it only if nobody changed it meanwhile
 * (`version`, see repositories/progressRepository.ts), otherwise read again and recompute. No
 * transactions, and concurrent requests end as if they had run one after the other.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { progressKey, type CurrentStep, type ProgressDoc } from '../repositories/models/Progress.ts';
import { createProgressIfAbsent, findProgress } from '../repositories/progressRepository.ts';
import { applyStepShown, initialState, nextStep, type Step, type StudentState } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';

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

/** The student's progress in an activity, created with a first step on first visit (one read when it exists). */
export async function loadProgress(
  ids: { courseId: string; activityId: string; personId: string },
  ctx: ActivityContext,
): Promise<ProgressDoc> {
  const _id = progressKey(ids.activityId, ids.personId);
  const existing = await findProgress(_id);
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

export { mutateProgress } from '../repositories/progressRepository.ts';
