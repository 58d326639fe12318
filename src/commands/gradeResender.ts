/**
 * The teacher asked, from the gradebook check, to send Pathwise's grade again for students whose
 * LMS gradebook holds something else (changed by hand in the LMS, or lost with a deleted column).
 * Pathwise never overwrites such a grade on its own; this is the teacher's explicit choice. Each
 * student's resend is ONE atomic update of their progress document (the grade clock moves and the
 * grade waits in `pending`), then applied like an answer's grade (outbox, reconciler), so a crash
 * loses nothing. Only learners of this course with progress in this activity are resent.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../errors.ts';
import { currentLineItem, gradesCanFlow, unresolvedLineItem } from '../lti/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import type { ActivityDoc } from '../repositories/models/Activity.ts';
import { Enrollment } from '../repositories/models/Enrollment.ts';
import { progressKey, type AnswerEffect } from '../repositories/models/Progress.ts';
import { findProgress, mutateProgress } from '../repositories/progressRepository.ts';
import { applyEffect } from './answerEffects.ts';
import { progressComment } from './answerSubmitter.ts';
import { nextGrade } from './grading.ts';

/** Sends the score Pathwise holds for each student again; returns how many grades were queued. */
export async function resendGrades(r: {
  courseId: string;
  activity: ActivityDoc;
  ctx: ActivityContext;
  personIds: string[];
}): Promise<number> {
  const { activity, ctx } = r;
  if (!gradesCanFlow(activity)) {
    throw new AppError('grades_cannot_flow', 'Grades from this activity cannot reach your LMS, so there is nothing to send again.', {
      status: 400,
      hint: 'Go back to the gradebook check: it says what to change in the LMS.',
    });
  }
  const lineItemUrl = currentLineItem(activity) ?? unresolvedLineItem(String(activity._id));
  const learners = await Enrollment.find(
    { courseId: new Types.ObjectId(r.courseId), role: 'learner', personId: { $in: r.personIds.map((p) => new Types.ObjectId(p)) } },
    { personId: 1 },
  ).lean();
  const activityId = String(activity._id);
  const resendId = randomUUID();
  let queued = 0;
  for (const personId of new Set(learners.map((e) => String(e.personId)))) {
    const start = await findProgress(progressKey(activityId, personId));
    if (!start || String(start.courseId) !== r.courseId) continue;
    const key = `r-${resendId}-${personId}`;
    const out = await mutateProgress<AnswerEffect>(start, (p) => {
      const { grade, clock } = nextGrade(p, {
        lineItemUrl,
        score: p.score ?? 0,
        progress: (p.answered ?? 0) > 0 ? 'InProgress' : 'Started',
        comment: progressComment(ctx, p),
      });
      const effect: AnswerEffect = { ids: { courseId: r.courseId, activityId, personId, order: p.answered ?? 0 }, grade };
      return { set: { ...clock, [`pending.${key}`]: effect }, result: effect };
    });
    if (await applyEffect(out.progress, key, out.result)) queued++;
  }
  return queued;
}
