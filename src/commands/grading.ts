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
