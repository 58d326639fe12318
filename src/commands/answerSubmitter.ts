/**
 * Checks a student's answer on the server and counts it exactly once: the answer applies to the
 * step on screen (its attempt id) in one versioned update of the progress document that also puts
 * the next step in place. A second submission of the same attempt (double click, second tab,
 * retry) finds the attempt gone and changes nothing. Then the answer is logged (idempotent) and,
 * when the activity score changed, a grade event is recorded for the gradebook.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { checkAnswer, instantiateItem } from '../domain/content/index.ts';
import { AppError } from '../errors.ts';
import { gradesCanFlow } from '../lti/index.ts';
import { Activity, type ActivityDoc } from '../repositories/models/Activity.ts';
import { AnswerLog } from '../repositories/models/AnswerLog.ts';
import type { ProgressDoc } from '../repositories/models/Progress.ts';
import { applyAnswer, hintAllowed } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { gradeScore } from './grading.ts';
import type { Session } from '../session.ts';
import { TtlCache } from '../ttlCache.ts';
import { advance, mutateProgress } from './progressStore.ts';
import { scoreRecorder } from './scoreRecorder.ts';

export interface AnswerResult {
  duplicate: boolean;
  outcome?: 'correct' | 'partial' | 'incorrect';
  feedback?: string;
  misconception?: string;
  /** The same question stays on screen with a new hint. */
  retry?: boolean;
  progress: ProgressDoc;
  gradeRecorded: boolean;
}


const activities = new TtlCache<ActivityDoc | null>(10_000);

/** The activity, scoped to the session's course (the tenant); cached for a few seconds. */
export async function loadActivity(session: Session, activityId: string): Promise<ActivityDoc | null> {
  const key = `${session.courseId} ${activityId}`;
  const hit = activities.get(key);
  if (hit !== undefined) return hit;
  const found = await Activity.findOne({ _id: activityId, courseId: session.courseId }).lean<ActivityDoc>();
  activities.set(key, found);
  return found;
}

/** Call after changing an activity's settings. */
export function clearActivityCache(): void {
  activities.clear();
}

/** "3 of 8 skills mastered" (or "worked through" in completion grading): what the gradebook comment says. */
export function progressComment(ctx: ActivityContext, progress: ProgressDoc): string {
  const skills = ctx.activitySkills;
  const state = progress.state as { skills?: Record<string, { mastered?: boolean; attempts?: number }> };
  const mastered = skills.filter((s) => state.skills?.[s]?.mastered).length;
  if (ctx.gradingMode === 'completion') {
    const done = skills.filter((s) => state.skills?.[s]?.mastered || (state.skills?.[s]?.attempts ?? 0) >= ctx.config.wheelSpinAfter).length;
    return `${done} of ${skills.length} skills worked through (${mastered} mastered)`;
  }
  return `${mastered} of ${skills.length} skill${skills.length === 1 ? '' : 's'} mastered`;
}

export async function answerSubmitter(props: {
  session: Session;
  activity: ActivityDoc;
  ctx: ActivityContext;
  progress: ProgressDoc;
  attemptId: string;
  response: unknown;
  durationMs?: number;
}): Promise<AnswerResult> {
  const { session, activity, ctx, attemptId } = props;
  const start = props.progress;

  type Outcome =
    | { kind: 'duplicate' }
    | { kind: 'answered'; check: ReturnType<typeof checkAnswer>; itemId: string; seed: number; skillIds: string[]; itemClass: string; hints: number; attempt: number; retry: boolean; durationMs: number; at: Date; order: number; previousScore: number };
  const { result, progress } = await mutateProgress<Outcome>(start._id, (p) => {
    if (p.current.attemptId !== attemptId) return { done: { kind: 'duplicate' } };
    if (p.current.kind !== 'item' || !p.current.itemId || p.current.seed == null) {
      throw new AppError('no_question', 'There is no question waiting for an answer.', { status: 409, hint: 'Reload the page to see your next step.' });
    }
    const inst = instantiateItem(ctx.pack, p.current.itemId, p.current.seed);
    const check = checkAnswer(inst, props.response);
    const now = new Date();
    const durationMs = props.durationMs ?? now.getTime() - new Date(p.current.shownAt).getTime();
    const attempt = p.current.attempt ?? 1;
    const correct = check.outcome === 'correct';
    const answered = applyAnswer(
      ctx.pack,
      ctx.params,
      p.state,
      { itemId: inst.itemId, seed: inst.seed, skillIds: inst.skills, itemClass: inst.class, correct, hintsUsed: p.current.hintsShown ?? 0, durationMs, at: now.toISOString(), attempt },
      ctx.config,
    );
    // After a wrong first try, the same question stays with its next hint (a retry counts, but
    // not as evidence of mastery); otherwise the policy picks the next step.
    const hintsLeft = inst.hints.length - (p.current.hintsShown ?? 0);
    const retry = !correct && attempt === 1 && hintsLeft > 0 && hintAllowed(answered, p.current.skillId ?? inst.skills[0] ?? '');
    const next = retry
      ? { state: answered, current: { ...p.current, attemptId: randomUUID(), attempt: 2, hintsShown: (p.current.hintsShown ?? 0) + 1, shownAt: now } }
      : advance(ctx, answered, now);
    return {
      set: { state: next.state, current: next.current, score: gradeScore(ctx, next.state), lastAnsweredAt: now },
      inc: { answered: 1, correct: correct ? 1 : 0 },
      result: { kind: 'answered', check, itemId: inst.itemId, seed: inst.seed, skillIds: inst.skills, itemClass: inst.class, hints: p.current.hintsShown ?? 0, attempt, retry, durationMs, at: now, order: p.answered + 1, previousScore: p.score ?? 0 },
    };
  });

  if (result.kind === 'duplicate') {
    if (await AnswerLog.exists({ attemptId, personId: session.personId })) return { duplicate: true, progress, gradeRecorded: false };
    throw new AppError('stale_question', 'This question is no longer the one waiting for an answer.', { status: 409, hint: 'Reload the page to see your current step.' });
  }

  const responseText = typeof props.response === 'string' ? props.response : JSON.stringify(props.response ?? '');
  await AnswerLog.updateOne(
    { attemptId },
    {
      $setOnInsert: {
        courseId: activity.courseId, activityId: activity._id, personId: new Types.ObjectId(session.personId), itemId: result.itemId, seed: result.seed, skillIds: result.skillIds,
        itemClass: result.itemClass, order: result.order, response: responseText.slice(0, 500), correct: result.check.outcome === 'correct', hintsUsed: result.hints, attempt: result.attempt,
        durationMs: result.durationMs, at: result.at,
      },
    },
    { upsert: true },
  ).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err; // a concurrent upsert of the same attempt already logged it
  });

  let gradeRecorded = false;
  const score = progress.score ?? 0;
  // The first answer is sent too (score 0, "Started"), so the gradebook tells "working" from "never opened".
  if (session.role === 'learner' && (score !== result.previousScore || result.order === 1) && gradesCanFlow(activity)) {
    const fresh = (await Activity.findById(activity._id).lean<ActivityDoc>()) ?? activity; // a line item found since is used at once
    gradeRecorded = await scoreRecorder({
      activity: fresh, personId: session.personId, score,
      progress: score >= 1 ? 'Completed' : result.order === 1 ? 'Started' : 'InProgress',
      comment: progressComment(ctx, progress),
    });
  }
  return {
    duplicate: false,
    outcome: result.check.outcome,
    feedback: result.check.feedback,
    ...(result.check.misconception ? { misconception: result.check.misconception.feedback } : {}),
    retry: result.retry,
    progress,
    gradeRecorded,
  };
}
