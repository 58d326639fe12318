/**
 * The activity score sent to the gradebook (0..1, scoreMaximum 1; the LMS rescales to its column):
 * - "mastery" (default): the share of the activity's skills mastered;
 * - "completion": the share of its skills worked through, i.e. mastered or practised at least
 *   `wheelSpinAfter` times (effort counts even where mastery has not come yet).
 */
import { activityScore, type StudentState } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';

export function gradeScore(ctx: ActivityContext, state: StudentState): number {
  if (ctx.gradingMode === 'mastery') return activityScore(state, ctx.activitySkills, ctx.config).score;
  if (ctx.activitySkills.length === 0) return 0;
  const done = ctx.activitySkills.filter(
    (s) => state.skills[s]?.mastered || (state.skills[s]?.attempts ?? 0) >= ctx.config.wheelSpinAfter,
  ).length;
  return done / ctx.activitySkills.length;
}

/** The LMS's gradebook progress for a score: complete at full marks, "Started" before the first answer counts. */
type GradeProgress = 'Started' | 'InProgress' | 'Completed';

/** AGS timestamps of one gradebook cell are at least this far apart (Moodle compares seconds). */
const MIN_GRADE_GAP_MS = 1000;

/**
 * The next grade of a student: its sequence number and timestamp move on from the progress
 * document's grade clock, so the caller writes `clock` in the same update as the grade's effect
 * (timestamps strictly increase per student and are fixed before anything is sent).
 */
export function nextGrade(
  p: { gradeSeq?: number; gradeMs?: number },
  g: { lineItemUrl: string; score: number; progress: GradeProgress; comment: string; now?: number },
) {
  const ms = Math.max(g.now ?? Date.now(), (p.gradeMs ?? 0) + MIN_GRADE_GAP_MS);
  const seq = (p.gradeSeq ?? 0) + 1;
  const complete = g.score >= 1;
  return {
    grade: {
      lineItemUrl: g.lineItemUrl,
      score: g.score,
      complete,
      seq,
      ms,
      progress: complete ? 'Completed' : g.progress,
      comment: g.comment,
    },
    clock: { gradeSeq: seq, gradeMs: ms },
  };
}
