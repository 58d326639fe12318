/**
 * Checks a student's answer on the server and counts it exactly once. The progress document is
 * the commit point: one atomic update, guarded by the attempt id of the question on screen, adds
 * the answer and puts the next question in place; a second submission of the same attempt (a
 * double click, a second tab, a retry) finds the guard gone and changes nothing. Then the answer
 * is logged (idempotent by attempt id) and, when the score changed, a grade event is recorded.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError, NotFoundError } from '../errors.ts';
import { Activity } from '../models/Activity.ts';
import { AnswerLog } from '../models/AnswerLog.ts';
import { Course } from '../models/Course.ts';
import { Person } from '../models/Person.ts';
import { Progress, type ProgressDoc } from '../models/Progress.ts';
import { Registration } from '../models/Registration.ts';
import { SCOPES } from '../lti/index.ts';
import { checkRef, nextItem } from '../practice/itemSource.ts';
import type { Session } from '../session.ts';
import { gradeRecorder } from './gradeRecorder.ts';

export interface AnswerResult {
  duplicate: boolean;
  outcome?: 'correct' | 'partial' | 'incorrect';
  feedback?: string;
  progress: ProgressDoc;
  gradeRecorded: boolean;
}

/** The student's progress document, created with a first question if needed. */
export async function progressFor(session: Session, activityId: string): Promise<ProgressDoc> {
  const filter = { activityId: new Types.ObjectId(activityId), personId: new Types.ObjectId(session.personId) };
  const first = nextItem(0);
  return Progress.findOneAndUpdate(
    filter,
    { $setOnInsert: { courseId: new Types.ObjectId(session.courseId), current: { attemptId: randomUUID(), ...first } } },
    { upsert: true, new: true },
  ).lean<ProgressDoc>() as Promise<ProgressDoc>;
}

export async function answerSubmitter(props: { session: Session; activityId: string; attemptId: string; response: unknown }): Promise<AnswerResult> {
  const { session, activityId, attemptId } = props;
  const activity = await Activity.findOne({ _id: activityId, courseId: session.courseId }).lean();
  if (!activity) throw new NotFoundError('This activity');
  const current = await Progress.findOne({ activityId: activity._id, personId: session.personId }).lean<ProgressDoc>();
  if (!current) throw new AppError('no_question', 'There is no question waiting for an answer.', { status: 409, hint: 'Open the activity again from the course page.' });

  if (current.current.attemptId !== attemptId) {
    if (await AnswerLog.exists({ attemptId, personId: session.personId })) return { duplicate: true, progress: current, gradeRecorded: false };
    throw new AppError('stale_question', 'This question is no longer the one waiting for an answer.', { status: 409, hint: 'Reload the page to see your current question.' });
  }

  const result = checkRef({ itemId: current.current.itemId, seed: current.current.seed }, props.response);
  const correct = result.outcome === 'correct';
  const next = nextItem(current.answered + 1);
  const updated = await Progress.findOneAndUpdate(
    { _id: current._id, 'current.attemptId': attemptId },
    {
      $inc: { answered: 1, correct: correct ? 1 : 0 },
      $set: { current: { attemptId: randomUUID(), ...next }, lastAnsweredAt: new Date() },
    },
    { new: true },
  ).lean<ProgressDoc>();
  if (!updated) {
    const now = await Progress.findById(current._id).lean<ProgressDoc>();
    return { duplicate: true, progress: now ?? current, gradeRecorded: false };
  }

  const responseText = typeof props.response === 'string' ? props.response : JSON.stringify(props.response ?? '');
  await AnswerLog.updateOne(
    { attemptId },
    { $setOnInsert: { courseId: activity.courseId, activityId: activity._id, personId: session.personId, itemId: current.current.itemId, response: responseText.slice(0, 500), correct } },
    { upsert: true },
  ).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err; // a concurrent upsert of the same attempt already logged it
  });

  let gradeRecorded = false;
  if (session.role === 'learner' && activity.lineItemUrl && activity.agsScopes.includes(SCOPES.score)) {
    const [course, person] = await Promise.all([Course.findById(activity.courseId).lean(), Person.findById(session.personId).lean()]);
    if (course && person) {
      const reg = await Registration.findOne({ issuer: course.issuer, clientId: course.clientId }, { productFamily: 1 }).lean();
      await gradeRecorder({
        courseId: course._id,
        activityId: activity._id,
        personId: person._id,
        issuer: course.issuer,
        clientId: course.clientId,
        canvas: reg?.productFamily === 'canvas',
        lineItemUrl: activity.lineItemUrl,
        userSub: person.sub,
        scoreGiven: updated.answered === 0 ? 0 : updated.correct / updated.answered,
        scoreMaximum: 1,
      });
      gradeRecorded = true;
    }
  }
  return { duplicate: false, outcome: result.outcome, feedback: result.feedback, progress: updated, gradeRecorded };
}
