/**
 * Online BKT for the app: a student's state for one skill is `{ pMastered, n }`, small enough for
 * one MongoDB document field.
 *
 * `pMastered` is P(mastered at the last answered opportunity | all answers so far), before any
 * learning transition; with `n = 0` it is the prior of the first opportunity. The transition into
 * the next opportunity is applied when that opportunity is known, because (as in pyBKT) it uses the
 * learn/forget of the *next* opportunity's resource class, and the first opportunity has none.
 */
import type { BktParams } from './types.ts';

/** A student's mastery state for one skill. */
export interface MasteryState {
  pMastered: number;
  /** Number of opportunities seen (answered or missing). */
  n: number;
}

/** One opportunity's outcome; `correct: null` is a missing observation (transition only). */
export interface Observation {
  correct: boolean | null;
  gsClass?: number;
  learnClass?: number;
}

function at(values: number[], index: number, name: string): number {
  const v = values[index];
  if (v === undefined) throw new RangeError(`${name} class ${index} does not exist (have ${values.length})`);
  return v;
}

/** The state of a student who has not practised the skill yet: P(mastered) is the prior. */
export function initialMasteryState(params: BktParams): MasteryState {
  return { pMastered: params.prior, n: 0 };
}

/** P(mastered) at the next opportunity before its answer, i.e. after the learning transition. */
export function masteryBeforeNext(params: BktParams, state: MasteryState, learnClass = 0): number {
  if (state.n === 0) return state.pMastered;
  const learn = at(params.learns, learnClass, 'learn');
  const forget = at(params.forgets, learnClass, 'learn');
  return state.pMastered * (1 - forget) + (1 - state.pMastered) * learn;
}

/**
 * Bayes-update the state after one opportunity, so the app can store the new state atomically with
 * the answer. Returns a new object; the input is not modified.
 */
export function updateMastery(params: BktParams, state: MasteryState, obs: Observation): MasteryState {
  const pred = masteryBeforeNext(params, state, obs.learnClass ?? 0);
  if (obs.correct === null) return { pMastered: pred, n: state.n + 1 };
  const g = obs.gsClass ?? 0;
  const guess = at(params.guesses, g, 'gs');
  const slip = at(params.slips, g, 'gs');
  const e1 = obs.correct ? 1 - slip : slip;
  const e0 = obs.correct ? guess : 1 - guess;
  const m = pred * e1;
  return { pMastered: m / (m + (1 - pred) * e0), n: state.n + 1 };
}

/** P(correct) at the next opportunity of item class `gsClass`, before the student answers it. */
export function predictCorrect(params: BktParams, state: MasteryState, gsClass = 0, learnClass = 0): number {
  const pred = masteryBeforeNext(params, state, learnClass);
  const g = gsClass;
  return pred * (1 - at(params.slips, g, 'gs')) + (1 - pred) * at(params.guesses, g, 'gs');
}

/**
 * How many further opportunities, all answered correctly, bring P(mastered) to `threshold` (0 if
 * already there; Infinity when correct answers can never get there, e.g. guess >= 1 - slip or
 * forgetting holds mastery below the threshold). The policy uses it to estimate remaining work.
 */
export function expectedCorrectToMastery(params: BktParams, state: MasteryState, threshold: number, gsClass = 0, learnClass = 0): number {
  let s = state;
  for (let count = 0; count <= 10000; count++) {
    if (s.pMastered >= threshold) return count;
    const next = updateMastery(params, s, { correct: true, gsClass, learnClass });
    if (count > 0 && !(next.pMastered > s.pMastered + 1e-15)) return Infinity;
    s = next;
  }
  return Infinity;
}
