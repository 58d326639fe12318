/**
 * Continuous-ability learner (IRT-like, not BKT): each skill has an ability on the logit scale that
 * grows a little with every attempt (more after an error, whose feedback teaches) and with worked
 * examples. P(correct) on an item is guess + (1 - guess - 0.03) x sigmoid(1.3 (ability - b)), with
 * b from the item's authored difficulty and the guess from how the item is answered (1 / options
 * for choice items). There is no hidden "learned" switch: mastery is a true chance of 0.9 on a
 * typed item of the skill's average difficulty, which a lucky run on choice items does not give.
 */
import { itemsForSkill, listSkills } from '../../../src/domain/content/index.ts';
import type { Pack } from '../../../src/domain/content/index.ts';
import { hash32, normal, createRng } from '../../../src/domain/random.ts';
import { answerTime, classGuess, sigmoid } from './types.ts';
import type { Learner, LearnerAnswer, LearnerItem } from './types.ts';

const SLOPE = 1.3;
const LAPSE = 0.03;
const TYPED_GUESS = 0.02;

/** Options of the continuous learner: shift of the starting ability and scale of the growth. */
export interface ContinuousOptions {
  priorShift: number;
  learnScale: number;
}

export function drawContinuous(pack: Pack, activity: string[], seed: number, index: number, opts: ContinuousOptions): Learner {
  const rng = createRng(hash32(seed, `continuous:${index}`));
  const answers = createRng(hash32(seed, `continuous-answers:${index}`));
  const general = normal(rng) * 0.8;
  const inActivity = new Set(activity);
  const theta: Record<string, number> = {};
  const growth: Record<string, number> = {};
  const meanB: Record<string, number> = {};
  const prereqs: Record<string, string[]> = {};
  const learner: Learner = { learned: {}, learnedAt: {}, opportunities: {}, unlearnable: new Set(), answer, study, masters, typedChance };
  for (const s of listSkills(pack)) {
    if (!inActivity.has(s.id)) continue;
    const items = itemsForSkill(pack, s.id);
    meanB[s.id] = items.reduce((a, i) => a + 0.6 * i.difficulty, 0) / Math.max(1, items.length);
    theta[s.id] = (meanB[s.id] ?? 0) - 1.2 + opts.priorShift + general + normal(rng) * 0.8;
    growth[s.id] = 0.22 * opts.learnScale * Math.exp(0.4 * general + 0.3 * normal(rng));
    prereqs[s.id] = s.prerequisites.filter((p) => inActivity.has(p));
    learner.opportunities[s.id] = 0;
    const known = typedChance(s.id) >= 0.9;
    learner.learned[s.id] = known;
    learner.learnedAt[s.id] = known ? 0 : undefined;
  }

  function typedChance(skill: string): number {
    return TYPED_GUESS + (1 - TYPED_GUESS - LAPSE) * sigmoid(SLOPE * ((theta[skill] ?? 0) - (meanB[skill] ?? 0)));
  }
  function masters(skill: string): boolean {
    return typedChance(skill) >= 0.9;
  }
  function grow(skill: string, amount: number): void {
    const blocked = (prereqs[skill] ?? []).some((p) => !masters(p));
    theta[skill] = (theta[skill] ?? 0) + amount * (blocked ? 0.4 : 1);
    const now = masters(skill);
    learner.learned[skill] = now;
    if (now && learner.learnedAt[skill] === undefined) learner.learnedAt[skill] = learner.opportunities[skill] ?? 0;
  }
  function answer(skills: string[], item: LearnerItem): LearnerAnswer {
    const known = skills.filter((s) => s in theta);
    const guess = classGuess(item.class);
    let correct = true;
    for (const s of known) {
      const p = guess + (1 - guess - LAPSE) * sigmoid(SLOPE * ((theta[s] ?? 0) - 0.6 * item.difficulty));
      if (answers.next() >= p) correct = false;
    }
    const all = known.every((s) => masters(s));
    const hintsUsed = answers.next() < (all ? 0.05 : 0.3) ? 1 : 0;
    const durationMs = answerTime(all, normal(answers));
    for (const s of known) {
      learner.opportunities[s] = (learner.opportunities[s] ?? 0) + 1;
      grow(s, (growth[s] ?? 0) * (correct ? 0.7 : 1.3) * (0.5 + answers.next()));
    }
    return { correct, hintsUsed, durationMs };
  }
  function study(skill: string, factor: number): void {
    if (skill in theta) grow(skill, (growth[skill] ?? 0) * factor * 1.5);
  }
  return learner;
}
