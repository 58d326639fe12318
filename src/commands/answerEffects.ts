/**
 * Applies what an answer must cause besides the progress change: the answer-log entry and, when
 * the score changed, the grade event (a teacher's override has only the grade, see teacherActions.ts). Both were written into the progress document by the same
 * atomic update as the answer (`pending`), so a crash or a database error between that write and
 * these inserts loses nothing: the request, a resubmission or the reconciler applies them later.
 * Each insert has a deterministic `_id` (the attempt id), so applying twice changes nothing;
 * only then is the effect removed from the progress document: at once, or (an answer, the hot
 * path) by the document's next write, which saves a write per answer (progressRepository.ts).
 */
import type { Logger } from '../logger.ts';
import { answerLogged, logAnswer } from '../repositories/answerLogRepository.ts';
import { findGradeEvent, recordGradeEvent } from '../repositories/gradeEventRepository.ts';
import type { AnswerEffect, ProgressDoc } from '../repositories/models/Progress.ts';
import { clearEffect, effectApplied, isEffectApplied, withPendingEffects } from '../repositories/progressRepository.ts';
import { Types } from 'mongoose';
import { gradeIdentity } from './scoreRecorder.ts';

/** Test hook: a fault injected between the atomic write and its effects (as a crash would). */
export const faults: { beforeEffects?: (attemptId: string) => void } = {};

export function gradeEventId(attemptId: string): string {
  return `g:${attemptId}`;
}

/**
 * Applies one answer's effects; returns true when a grade event was recorded. `remove: 'next-write'`
 * leaves the applied effect in the document until its next write removes it (no write of its own).
 */
export async function applyEffect(
  progress: Pick<ProgressDoc, '_id'>,
  attemptId: string,
  effect: AnswerEffect,
  remove: 'now' | 'next-write' = 'now',
): Promise<boolean> {
  faults.beforeEffects?.(attemptId);
  if (effect.log) await logAnswer(attemptId, effect.log);
  const ids = effect.log ?? effect.ids;
  let graded = false;
  if (effect.grade && ids) {
    const who = await gradeIdentity(ids.courseId, ids.personId);
    if (who) {
      await recordGradeEvent({
        _id: gradeEventId(attemptId),
        key: `${effect.grade.lineItemUrl} ${who.userSub}`,
        seq: effect.grade.seq,
        courseId: new Types.ObjectId(ids.courseId),
        activityId: new Types.ObjectId(ids.activityId),
        personId: new Types.ObjectId(ids.personId),
        issuer: who.issuer,
        clientId: who.clientId,
        canvas: who.canvas,
        lineItemUrl: effect.grade.lineItemUrl,
        userSub: who.userSub,
        scoreGiven: effect.grade.score,
        scoreMaximum: 1,
        timestamp: new Date(effect.grade.ms).toISOString(),
        activityProgress: effect.grade.progress ?? (effect.grade.complete ? 'Completed' : 'InProgress'),
        gradingProgress: 'FullyGraded',
        ...(effect.grade.comment ? { comment: effect.grade.comment } : {}),
      });
      graded = true;
    }
  }
  if (remove === 'next-write') effectApplied(progress._id, attemptId);
  else await clearEffect(progress._id, attemptId);
  return graded;
}

/**
 * True when everything the effect causes is already stored (by `_id`): the answer is logged and
 * its grade event is in the outbox or the archive. An answer's applied effect waits in the document
 * for the next write, so after a restart this tells it from one a crash interrupted.
 */
async function alreadyApplied(attemptId: string, effect: AnswerEffect): Promise<boolean> {
  if (!effect.log || !(await answerLogged(attemptId))) return false;
  return !effect.grade || (await findGradeEvent(gradeEventId(attemptId))) !== null;
}

/**
 * Completes every pending effect of one progress document, oldest answer first: applies those
 * not yet applied and removes those already applied. `applied` counts only the first kind.
 */
export async function applyPending(progress: Pick<ProgressDoc, '_id' | 'pending'>): Promise<{ applied: number; graded: number }> {
  const entries = Object.entries(progress.pending ?? {}).sort(([, a], [, b]) => (a.log ?? a.ids)!.order - (b.log ?? b.ids)!.order);
  let graded = 0;
  let applied = 0;
  for (const [attemptId, effect] of entries) {
    if (isEffectApplied(progress._id, attemptId) || (await alreadyApplied(attemptId, effect))) {
      await clearEffect(progress._id, attemptId); // applied earlier, only waiting for the next write
      continue;
    }
    applied++;
    if (await applyEffect(progress, attemptId, effect)) graded++;
  }
  return { applied, graded };
}

/**
 * The reconciler: finds progress documents whose effects were never applied (a crash, a
 * database error) and applies them, so every counted answer is logged and every score change
 * has its grade event; the sender then makes the LMS match. Runs at start-up and on a schedule.
 */
export async function reconcileEffects(log: Logger): Promise<{ documents: number; applied: number; graded: number }> {
  const total = { documents: 0, applied: 0, graded: 0 };
  for await (const p of withPendingEffects()) {
    const r = await applyPending(p);
    if (r.applied) total.documents++;
    total.applied += r.applied;
    total.graded += r.graded;
  }
  if (total.applied) log.warn(total, 'reconciler applied answer effects left behind by an interrupted request');
  return total;
}
