/** Shapes the student's page for the step on screen: only what the student may see. */
import { hintsFor, instantiateItem, listSkills, presentItem, resourcesFor, workedExample } from '../domain/content/index.ts';
import type { ProgressDoc } from '../repositories/models/Progress.ts';
import { activityScore, goalProgress, skillMap } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';

export interface Feedback {
  outcome: 'correct' | 'partial' | 'incorrect' | 'info';
  text: string;
  misconception?: string;
}

export function practicePage(ctx: ActivityContext, p: ProgressDoc, extra: { token: string; studentName: string; activity: { id: string; title: string }; feedback?: Feedback; notice?: string }) {
  const titles = new Map(listSkills(ctx.pack).map((s) => [s.id, s.title]));
  const c = p.current;
  const skillTitle = c.skillId ? (titles.get(c.skillId) ?? c.skillId) : '';
  let step: Record<string, unknown> = { kind: c.kind, reason: c.reason ?? '' };
  if (c.kind === 'item' && c.itemId && c.seed != null) {
    const inst = instantiateItem(ctx.pack, c.itemId, c.seed);
    step = { ...step, item: presentItem(inst), hints: hintsFor(inst, c.hintsShown ?? 0), hintsLeft: inst.hints.length - (c.hintsShown ?? 0), review: c.review ?? false };
  } else if (c.kind === 'worked-example' && c.skillId) {
    step = { ...step, example: workedExample(ctx.pack, c.skillId) ?? null };
  } else if (c.kind === 'resource' && c.skillId) {
    step = { ...step, resource: resourcesFor(ctx.pack, c.skillId)[c.resourceIndex ?? 0] ?? null };
  }
  const score = activityScore(p.state, ctx.activitySkills, ctx.config);
  const now = new Date().toISOString();
  return {
    feedback: null,
    notice: null,
    ...extra,
    attemptId: c.attemptId,
    skillTitle,
    step,
    mastered: score.mastered,
    assigned: score.assigned,
    answered: p.answered,
    correct: p.correct,
    map: skillMap(ctx.pack, p.state, ctx.activitySkills, now, ctx.config).map((e) => ({ ...e, missingTitles: e.missing.map((m) => titles.get(m) ?? m) })),
    goal: goalProgress(ctx.pack, p.state, ctx.activitySkills, now) ?? null,
    chosenSkill: p.state.chosenSkill ?? null,
  };
}
