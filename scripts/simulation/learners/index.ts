/**
 * Learner models of the benchmark and the one entry the run uses, `drawLearner`. The BKT student
 * (student.ts, the first rounds' model) is adapted to the `Learner` interface; the continuous and
 * forgetting learners are separate models (continuous.ts, memory.ts). `MODEL_POPULATIONS` maps each
 * named model of docs/benchmarks.md to the population settings that produce it.
 */
import type { Pack } from '../../../src/domain/content/index.ts';
import { answer, drawStudent, study } from '../student.ts';
import type { PopulationOptions } from '../student.ts';
import { drawContinuous } from './continuous.ts';
import { drawForgetting } from './memory.ts';
import type { Learner, LearnerModel } from './types.ts';

export type { Learner, LearnerItem, LearnerModel } from './types.ts';
export { LEARNER_MODELS, classGuess } from './types.ts';

/**
 * The population of each learner model: `bkt` the project's own student; `slow-guessable` learns
 * at 0.35x with no partial knowledge, so choice items are answered by guessing until learned;
 * `unlearnable` one skill per student that cannot be learned; `fast-class` learns 2x and knows more.
 */
export const MODEL_POPULATIONS: Record<LearnerModel, Partial<PopulationOptions>> = {
  bkt: {},
  continuous: { engine: 'continuous' },
  'slow-guessable': { learnScale: 0.35, partialKnowledge: 0 },
  forgetting: { engine: 'forgetting' },
  unlearnable: { unlearnableSkills: 1 },
  'fast-class': { learnScale: 2, priorShift: 1 },
};

/** Student `index` of the population (depends only on seed and index, so policies meet the same students). */
export function drawLearner(pack: Pack, activity: string[], seed: number, index: number, opts: PopulationOptions): Learner {
  const scale = opts.learnScale ?? 1;
  if (opts.engine === 'continuous') return drawContinuous(pack, activity, seed, index, { priorShift: opts.priorShift, learnScale: scale });
  if (opts.engine === 'forgetting') return drawForgetting(pack, activity, seed, index, { priorShift: opts.priorShift, learnScale: scale });
  const st = drawStudent(pack, activity, seed, index, opts);
  return {
    learned: st.learned,
    learnedAt: st.learnedAt,
    opportunities: st.opportunities,
    unlearnable: st.unlearnable,
    answer: (skills, item) => answer(st, skills, item, opts),
    study: (skill, factor) => study(st, skill, factor, opts),
    masters: (skill) => st.learned[skill] === true,
  };
}
