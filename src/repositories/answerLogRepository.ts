/** The answer log, by attempt id (`_id`): one insert per answer, idempotent, no scans. */
import type { AnswerEffect } from './models/Progress.ts';
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
