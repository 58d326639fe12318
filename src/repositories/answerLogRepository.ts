/** The answer log, by attempt id (`_id`): one insert per answer, idempotent, no scans. */
import type { AnswerEffect } from './models/Progress.ts';
import { Types } from 'mongoose';
import { AnswerLog } from './models/AnswerLog.ts';

const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/**
 * The stored entry, as the model would write it (ids as ObjectIds, its defaults, `__v`), built
 * here because the model's create (a document, validation, hooks) cost ~1.5 ms of CPU per answer.
 */
export function logDocument(attemptId: string, e: NonNullable<AnswerEffect['log']>): Record<string, unknown> {
  if (!e.itemId || typeof e.seed !== 'number' || typeof e.order !== 'number' || typeof e.correct !== 'boolean')
    throw new Error(`answer log entry of ${attemptId} is incomplete`);
  return {
    _id: attemptId,
    courseId: new Types.ObjectId(e.courseId),
    activityId: new Types.ObjectId(e.activityId),
    personId: new Types.ObjectId(e.personId),
    attemptId,
    itemId: e.itemId,
    seed: e.seed,
    skillIds: e.skillIds ?? [],
    itemClass: e.itemClass ?? '',
    order: e.order,
    ...(e.response !== undefined ? { response: String(e.response).slice(0, 500) } : {}),
    correct: e.correct,
    hintsUsed: e.hintsUsed ?? 0,
    attempt: e.attempt ?? 1,
    ...(e.durationMs !== undefined ? { durationMs: e.durationMs } : {}),
    at: e.at ? new Date(e.at) : new Date(),
    __v: 0,
  };
}

/** Logs the answer of an attempt; a second call for the same attempt changes nothing. */
export async function logAnswer(attemptId: string, entry: AnswerEffect['log']): Promise<void> {
  if (!entry) throw new Error(`answer log entry of ${attemptId} is missing`);
  await AnswerLog.collection.insertOne(logDocument(attemptId, entry) as never).catch((err: unknown) => {
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
