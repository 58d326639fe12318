/**
 * The policies the simulator compares. `pathwise` is the real policy (src/domain/policy). The baselines
 * choose only the item; mastery updates, the threshold and "done" are the same code for all, so
 * the comparison isolates item choice and remediation:
 * - `lowest-mastery` (OATutor's heuristic): an unfinished item (not yet tried by this student,
 *   else the least tried) whose skill has the lowest P(mastered) among unmastered skills, ignoring
 *   prerequisites;
 * - `fixed-order`: a textbook sequence, skills in pack order (the pack lists prerequisites first),
 *   one skill at a time until mastered, its items in turn;
 * - `random`: a random item of a random unmastered skill.
 */
import { itemsForSkill } from '../../src/domain/content/index.ts';
import type { Pack } from '../../src/domain/content/index.ts';
import { nextStep } from '../../src/domain/policy/index.ts';
import type { PolicyConfig, SkillParams, Step, StepContext, StudentState } from '../../src/domain/policy/index.ts';
import { hash32, createRng } from '../../src/domain/random.ts';

export const POLICIES = ['pathwise', 'lowest-mastery', 'fixed-order', 'random'] as const;
export type PolicyName = (typeof POLICIES)[number];

/** Per-student memory a baseline may keep (the real policy needs none beyond its state). */
export interface BaselineMemory {
  tried: Map<string, number>;
}

export type Selector = (
  pack: Pack,
  params: SkillParams,
  state: StudentState,
  ctx: StepContext,
  memory: BaselineMemory,
  config?: Partial<PolicyConfig>,
) => Step;

function unmastered(state: StudentState, activity: string[]): string[] {
  return activity.filter((id) => !state.skills[id]?.mastered);
}

function item(skillId: string, itemId: string, seed: number, reason: string): Step {
  return { kind: 'item', skillId, itemId, seed, predictedCorrect: Number.NaN, reason };
}

const lowestMastery: Selector = (pack, _params, state, ctx, memory) => {
  const open = unmastered(state, ctx.activitySkills);
  if (open.length === 0) return { kind: 'done', reason: 'all mastered' };
  const inActivity = new Set(ctx.activitySkills);
  let best: { skill: string; id: string; key: number } | undefined;
  for (const skill of open) {
    const p = state.skills[skill]?.pMastered ?? 0;
    for (const it of itemsForSkill(pack, skill)) {
      if (!it.skills.every((s) => inActivity.has(s))) continue;
      if (it.id === state.lastStep?.itemId) continue;
      const key = p * 1000 + (memory.tried.get(it.id) ?? 0);
      if (!best || key < best.key) best = { skill, id: it.id, key };
    }
  }
  if (!best) return { kind: 'done', reason: 'no items' };
  return item(best.skill, best.id, ctx.seed, 'lowest mastery');
};

const fixedOrder: Selector = (pack, _params, state, ctx, memory) => {
  const skill = unmastered(state, ctx.activitySkills)[0];
  if (!skill) return { kind: 'done', reason: 'all mastered' };
  const items = itemsForSkill(pack, skill).filter((it) => it.id !== state.lastStep?.itemId);
  const pick = [...items].sort((a, b) => (memory.tried.get(a.id) ?? 0) - (memory.tried.get(b.id) ?? 0))[0] ?? itemsForSkill(pack, skill)[0];
  if (!pick) return { kind: 'done', reason: 'no items' };
  return item(skill, pick.id, ctx.seed, 'fixed order');
};

const random: Selector = (pack, _params, state, ctx) => {
  const open = unmastered(state, ctx.activitySkills);
  if (open.length === 0) return { kind: 'done', reason: 'all mastered' };
  const rng = createRng(hash32(ctx.seed, 'random-policy'));
  const skill = open[Math.floor(rng.next() * open.length)] as string;
  const items = itemsForSkill(pack, skill).filter((it) => it.id !== state.lastStep?.itemId);
  const pool = items.length > 0 ? items : itemsForSkill(pack, skill);
  const pick = pool[Math.floor(rng.next() * pool.length)];
  if (!pick) return { kind: 'done', reason: 'no items' };
  return item(skill, pick.id, ctx.seed, 'random');
};

const pathwise: Selector = (pack, params, state, ctx, _memory, config) => nextStep(pack, params, state, ctx, config);

/** The selector for a policy name. */
export function selector(name: PolicyName): Selector {
  switch (name) {
    case 'pathwise':
      return pathwise;
    case 'lowest-mastery':
      return lowestMastery;
    case 'fixed-order':
      return fixedOrder;
    case 'random':
      return random;
  }
}
