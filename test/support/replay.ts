/** Replays a student's logged answers, in order, through the policy: what a sequential run would give. */
import { Types } from 'mongoose';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { applyAnswer, initialState, type StudentState } from '../../src/domain/policy/index.ts';
import { activityContext } from '../../src/repositories/activityContext.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';

export async function replayState(activityId: string, personId: string): Promise<StudentState> {
  const activity = await Activity.findById(activityId).lean();
  const ctx = await activityContext(activity!);
  const progress = await Progress.findOne({ activityId: new Types.ObjectId(activityId) }).lean();
  const log = await AnswerLog.find({ activityId: new Types.ObjectId(activityId), personId: new Types.ObjectId(personId) })
    .sort({ order: 1 })
    .lean();
  let state = initialState(ctx.pack, ctx.activitySkills, ctx.params, (progress!.state as StudentState).createdAt);
  for (const a of log) {
    state = applyAnswer(
      ctx.pack,
      ctx.params,
      state,
      {
        itemId: a.itemId,
        seed: a.seed,
        skillIds: a.skillIds,
        itemClass: a.itemClass,
        correct: a.correct,
        hintsUsed: a.hintsUsed,
        durationMs: a.durationMs ?? 0,
        at: a.at.toISOString(),
        attempt: a.attempt ?? 1,
      },
      ctx.config,
    );
  }
  return state;
}

/**
 * A skill map without what records items *shown* (`seen`, kept when a step is put on screen, for
 * variety): a replay of the answer log rebuilds everything answers cause, not what was displayed.
 */
export function answerEvidence(skills: StudentState['skills']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(skills).map(([id, s]) => [id, { ...s, seen: undefined }]));
}
