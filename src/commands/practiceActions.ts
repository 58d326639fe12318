/**
 * What a student can do besides answering: reveal the next hint, move on from a worked example or
 * a resource, choose which ready skill to work on, and set a goal. Each is one guarded, versioned
 * update of the progress document (see progressStore).
 */
import { instantiateItem, listSkills } from '../domain/content/index.ts';
import { AppError } from '../errors.ts';
import type { ProgressDoc } from '../repositories/models/Progress.ts';
import { chooseSkill, setGoal } from '../domain/policy/index.ts';
import type { ActivityContext } from '../repositories/activityContext.ts';
import { advance, mutateProgress } from './progressStore.ts';

const stale = () =>
  new AppError('stale_step', 'This page is out of date.', { status: 409, hint: 'Reload the page to see your current step.' });

/** Reveals one more hint of the question on screen (hints used count in the answer's evidence). */
export async function hintRevealer(props: { ctx: ActivityContext; progress: ProgressDoc; attemptId: string }) {
  return mutateProgress(props.progress, (p) => {
    if (p.current.attemptId !== props.attemptId) throw stale();
    if (p.current.kind !== 'item' || !p.current.itemId || p.current.seed == null) throw stale();
    const total = instantiateItem(props.ctx.pack, p.current.itemId, p.current.seed).hints.length;
    if ((p.current.hintsShown ?? 0) >= total) return { done: 'no-more-hints' as const };
    return { set: { 'current.hintsShown': (p.current.hintsShown ?? 0) + 1 }, result: 'shown' as const };
  });
}

/** Leaves a worked example or a resource for the next step the policy chooses. */
export async function stepContinuer(props: { ctx: ActivityContext; progress: ProgressDoc; attemptId: string }) {
  return mutateProgress(props.progress, (p) => {
    if (p.current.attemptId !== props.attemptId) return { done: 'already' as const };
    if (p.current.kind === 'item') throw stale();
    const now = new Date();
    const next = advance(props.ctx, p.state, now);
    return { set: { state: next.state, current: next.current }, result: 'moved' as const };
  });
}

/** The student picks a ready skill; a locked one is refused with the prerequisites to do first. */
export async function skillChooser(props: { ctx: ActivityContext; progress: ProgressDoc; skillId: string }) {
  const { ctx } = props;
  if (!ctx.activitySkills.includes(props.skillId))
    throw new AppError('unknown_skill', 'That skill is not part of this activity.', { status: 400 });
  return mutateProgress<{ ok: true } | { ok: false; reason: string; missing: string[] }>(props.progress, (p) => {
    const r = chooseSkill(ctx.pack, p.state, props.skillId, ctx.activitySkills, ctx.config);
    if (!r.ok) return { done: { ok: false, reason: r.reason, missing: r.missing } };
    const next = advance(ctx, r.state, new Date());
    return { set: { state: next.state, current: next.current }, result: { ok: true } };
  });
}

/** Sets the student's goal (skills and/or a date). */
export async function goalSetter(props: { ctx: ActivityContext; progress: ProgressDoc; skills: string[]; by?: string }) {
  const { ctx } = props;
  const titles = new Set(listSkills(ctx.pack).map((s) => s.id));
  if (props.skills.some((s) => !titles.has(s))) throw new AppError('unknown_skill', 'One of those skills does not exist.', { status: 400 });
  return mutateProgress<{ ok: true } | { ok: false; reason: string }>(props.progress, (p) => {
    const r = setGoal(
      ctx.pack,
      p.state,
      { ...(props.skills.length ? { skills: props.skills } : {}), ...(props.by ? { by: props.by } : {}), now: new Date().toISOString() },
      ctx.activitySkills,
    );
    if (!r.ok) return { done: { ok: false, reason: r.reason } };
    return { set: { state: r.state }, result: { ok: true } };
  });
}
