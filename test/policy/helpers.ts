// Shared fixtures for policy tests: the bundled pack, its default parameters and answer helpers.
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import type { Pack } from '../../src/domain/content/index.ts';
import { applyAnswer, applyStepShown, initialState, paramsFromPack } from '../../src/domain/policy/index.ts';
import type { SkillParams, Step, StudentState } from '../../src/domain/policy/index.ts';

export const pack: Pack = loadBundledPack();
export const params: SkillParams = paramsFromPack(pack);
export const T0 = '2025-03-03T09:00:00.000Z';
/** A small activity: a root, two dependents of it, and one two levels down. */
export const ACTIVITY = ['fraction-meaning', 'number-line', 'add-like', 'equivalent-fractions'];

export function at(minutes: number, base = T0): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}

export function fresh(activity = ACTIVITY): StudentState {
  return initialState(pack, activity, params, T0);
}

/** Answers an item of the pack (first attempt) at time `when`. */
export function answer(
  state: StudentState,
  itemId: string,
  correct: boolean,
  when: string,
  extra: { hintsUsed?: number; durationMs?: number; seed?: number } = {},
): StudentState {
  const item = pack.items.find((i) => i.id === itemId);
  if (!item) throw new Error(`no item ${itemId}`);
  return applyAnswer(pack, params, state, {
    itemId,
    seed: extra.seed ?? 1,
    skillIds: item.skills,
    itemClass: item.class,
    correct,
    hintsUsed: extra.hintsUsed ?? 0,
    ...(extra.durationMs !== undefined ? { durationMs: extra.durationMs } : {}),
    at: when,
  });
}

/** Serves the step (records it) and answers it if it is an item. */
export function take(state: StudentState, step: Step, correct: boolean, when: string): StudentState {
  const shown = applyStepShown(state, step, when);
  return step.kind === 'item' ? answer(shown, step.itemId, correct, when, { seed: step.seed }) : shown;
}

/**
 * Answers right, a minute apart, on `itemId` and then the skill's other single-skill items in turn
 * until the skill is declared mastered (mastery needs right answers on several different items
 * that are not among the skill's easiest). The last answer is at `at(minutes - 1, start)`.
 */
export function master(state: StudentState, itemId: string, start: string): { state: StudentState; minutes: number } {
  let s = state;
  let m = 0;
  const skill = pack.items.find((i) => i.id === itemId)?.skills[0] as string;
  const others = pack.items.filter((i) => i.id !== itemId && i.skills.length === 1 && i.skills[0] === skill).map((i) => i.id);
  const order = [itemId, ...others];
  while (!s.skills[skill]?.mastered) {
    if (m > 50) throw new Error(`could not master ${skill}`);
    s = answer(s, order[m % order.length] as string, true, at(m, start), { seed: m });
    m += 1;
  }
  return { state: s, minutes: m };
}

/** Deep-freezes an object so a test fails if a pure function mutates its input. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
