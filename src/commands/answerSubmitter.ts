/**
 * Checks a student's answer on the server and counts it exactly once, in ONE atomic write: the
 * versioned update of the progress document that applies the answer to the step on screen (its
 * attempt id) and puts the next step in place also carries everything the answer must cause (the
 * answer-log entry and, when the score changed, the grade with its AGS timestamp) as `pending`
 * effects. The effects are then applied idempotently (answerEffects.ts) and removed by the
 * student's next write; a crash in between leaves them for a resubmission or the reconciler. A second submission of the same attempt
 * (double click, second tab, retry after an error) is "already counted" with the current state.
 */
import { randomUUID } from 'node:crypto';
import { checkAnswer, instantiateItem, localizePack, type Message } from '../domain/content/index.ts';
import { AppError } from '../errors.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { activityInCourse } from '../repositories/activities.ts';
import type { AnswerEffect, ProgressDoc } from '../repositories/models/Progress.ts';
import { answerLogged } from '../repositories/answerLogRepository.ts';
import { applyAnswer, hintAllowed } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { gradeScore, nextGrade } from './grading.ts';
import type { Session } from '../session.ts';
import { TtlCache } from '../ttlCache.ts';
import { advance, mutateProgress } from './progressStore.ts';
import { applyEffect, applyPending } from './answerEffects.ts';
import { gradeLineItem } from './scoreRecorder.ts';

/** How many recent attempt ids a progress document remembers as counted. */
const COUNTED_KEPT = 20;

export interface AnswerResult {
  duplicate: boolean;
  outcome?: 'correct' | 'partial' | 'incorrect';
  feedback?: string;
  /** The checker's own sentence (a catalog key), rendered in the student's language by the page. */
  message?: Message;
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
  const found = await activityInCourse(session.courseId, activityId);
  activities.set(key, found);
  return found;
}

/** Call after changing an activity's settings. */
export function clearActivityCache(): void {
  activities.clear();
}

/** "3 of 8 skills mastered" (or "worked through" in completion grading): what the gradebook comment says. */
export function progressComment(ctx: ActivityContext, progress: Pick<ProgressDoc, 'state'>): string {
  const skills = ctx.activitySkills;
  const state = progress.state as { skills?: Record<string, { mastered?: boolean; attempts?: number }> };
  const mastered = skills.filter((s) => state.skills?.[s]?.mastered).length;
  if (ctx.gradingMode === 'completion') {
    const done = skills.filter(
      (s) => state.skills?.[s]?.mastered || (state.skills?.[s]?.attempts ?? 0) >= ctx.config.wheelSpinAfter,
    ).length;
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
  /** The student's language and word-problem theme: the answer is checked against the variant they saw. */
  lang?: string;
  themeOf?: (seed: number) => string | undefined;
}): Promise<AnswerResult> {
  const { session, activity, ctx, attemptId } = props;
  const lineItemUrl = gradeLineItem(session, activity);
  const responseText = (typeof props.response === 'string' ? props.response : JSON.stringify(props.response ?? '')).slice(0, 500);

  type Outcome = { kind: 'duplicate' } | { kind: 'answered'; check: ReturnType<typeof checkAnswer>; retry: boolean; effect: AnswerEffect };
  const { result, progress } = await mutateProgress<Outcome>(props.progress, (p) => {
    if (p.current.attemptId !== attemptId) return { done: { kind: 'duplicate' } };
    if (p.current.kind !== 'item' || !p.current.itemId || p.current.seed == null) {
      throw new AppError('no_question', 'There is no question waiting for an answer.', {
        status: 409,
        hint: 'Reload the page to see your next step.',
      });
    }
    const theme = props.themeOf?.(p.current.seed);
    const inst = instantiateItem(localizePack(ctx.pack, props.lang), p.current.itemId, p.current.seed, theme ? { theme } : {});
    const check = checkAnswer(inst, props.response);
    const now = new Date();
    const durationMs = props.durationMs ?? now.getTime() - new Date(p.current.shownAt).getTime();
    const attempt = p.current.attempt ?? 1;
    const correct = check.outcome === 'correct';
    const hintsUsed = p.current.hintsShown ?? 0;
    const answered = applyAnswer(
      ctx.pack,
      ctx.params,
      p.state,
      {
        itemId: inst.itemId,
        seed: inst.seed,
        skillIds: inst.skills,
        itemClass: inst.class,
        correct,
        hintsUsed,
        durationMs,
        at: now.toISOString(),
        attempt,
      },
      ctx.config,
    );
    // After a wrong first try, the same question stays with its next hint (a retry counts, but
    // not as evidence of mastery); otherwise the policy picks the next step.
    const hintsLeft = inst.hints.length - hintsUsed;
    const retry = !correct && attempt === 1 && hintsLeft > 0 && hintAllowed(answered, p.current.skillId ?? inst.skills[0] ?? '');
    const next = retry
      ? { state: answered, current: { ...p.current, attemptId: randomUUID(), attempt: 2, hintsShown: hintsUsed + 1, shownAt: now } }
      : advance(ctx, answered, now);
    const score = gradeScore(ctx, next.state);
    const effect: AnswerEffect = {
      log: {
        courseId: String(activity.courseId),
        activityId: String(activity._id),
        personId: session.personId,
        itemId: inst.itemId,
        seed: inst.seed,
        skillIds: inst.skills,
        itemClass: inst.class,
        order: p.answered + 1,
        response: responseText,
        correct,
        hintsUsed,
        attempt,
        durationMs,
        at: now,
      },
    };
    const set: Record<string, unknown> = {
      state: next.state,
      current: next.current,
      score,
      lastAnsweredAt: now,
      counted: [...(p.counted ?? []), attemptId].slice(-COUNTED_KEPT),
    };
    // The first answer is sent too (score 0, "Started"), so the gradebook tells "working" from "never opened".
    const first = p.answered === 0;
    if (lineItemUrl && (score !== (p.score ?? 0) || first)) {
      // The grade clock lives in this document: the timestamp is fixed now, in the same write.
      const { grade, clock } = nextGrade(p, {
        lineItemUrl,
        score,
        progress: first ? 'Started' : 'InProgress',
        comment: progressComment(ctx, { state: next.state }),
        now: now.getTime(),
      });
      effect.grade = grade;
      Object.assign(set, clock);
    }
    set[`pending.${attemptId}`] = effect;
    return { set, inc: { answered: 1, correct: correct ? 1 : 0 }, result: { kind: 'answered', check, retry, effect } };
  });

  if (result.kind === 'duplicate') {
    const counted =
      (progress.counted ?? []).includes(attemptId) || Boolean(progress.pending?.[attemptId]) || (await answerLogged(attemptId));
    if (!counted)
      throw new AppError('stale_question', 'This question is no longer the one waiting for an answer.', {
        status: 409,
        hint: 'Reload the page to see your current step.',
      });
    // An earlier try counted but may have stopped before its effects: finish them now.
    const repaired = progress.pending && Object.keys(progress.pending).length ? await applyPending(progress) : { graded: 0 };
    return { duplicate: true, progress, gradeRecorded: repaired.graded > 0 };
  }

  const gradeRecorded = await applyEffect(progress, attemptId, result.effect, 'next-write');
  return {
    duplicate: false,
    outcome: result.check.outcome,
    feedback: result.check.feedback,
    ...(result.check.message ? { message: result.check.message } : {}),
    ...(result.check.misconception ? { misconception: result.check.misconception.feedback } : {}),
    retry: result.retry,
    progress,
    gradeRecorded,
  };
}
