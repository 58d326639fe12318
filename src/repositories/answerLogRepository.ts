/** The answer log, by attempt id (`_id`): one insert per answer, idempotent, no scans. */
import type { AnswerEffect } from './models/Progress.ts';
import { Types } from 'mongoose';
import { AnswerLog } from './models/AnswerLog.ts';

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/** Logs the answer of an attempt; a second call for the same attempt changes nothing. */
export async function logAnswer(attemptId: string, entry: AnswerEffect['log']): Promise<void> {
  await AnswerLog.create({ _id: attemptId, attemptId, ...entry }).catch((err: unknown) => {
    if (!isDuplicate(err)) throw err;
  });
}

export async function answerLogged(attemptId: string): Promise<boolean> {
  return (await AnswerLog.exists({ _id: attemptId })) !== null;
}

/** One student's answers on a skill in an activity after a moment, oldest first (undo replays them). */
export async function answersOnSkillSince(p: {
  courseId: string;
  activityId: string;
  personId: string;
  skillId: string;
  since: Date;
}): Promise<Array<NonNullable<AnswerEffect['log']> & { attemptId: string }>> {
  const rows = await AnswerLog.find({
    courseId: new Types.ObjectId(p.courseId),
    activityId: new Types.ObjectId(p.activityId),
    personId: new Types.ObjectId(p.personId),
    at: { $gt: p.since },
  }).lean();
  return rows
    .filter((r) => (r.skillIds ?? []).includes(p.skillId))
    .map((r) => ({
      attemptId: r.attemptId,
      courseId: String(r.courseId),
      activityId: String(r.activityId),
      personId: String(r.personId),
      itemId: r.itemId,
      seed: r.seed,
      skillIds: r.skillIds ?? [],
      itemClass: r.itemClass ?? '',
      order: r.order,
      response: r.response ?? '',
      correct: r.correct,
      hintsUsed: r.hintsUsed ?? 0,
      attempt: r.attempt ?? 1,
      durationMs: r.durationMs ?? 0,
      at: new Date(r.at),
    }));
}
