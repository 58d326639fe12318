/**
 * Batch prediction, computed with the same online update the app uses, so offline evaluation and
 * live mastery estimates can never disagree.
 */
import { initialMasteryState, predictCorrect, updateMastery } from './online.ts';
import type { BktParams, SkillData } from './types.ts';

/**
 * Map each of the data's class indices to the parameters' (-1 when absent): by name when the
 * parameters name their classes, else a single parameter class serves every data class.
 */
export function classRemap(dataNames: string[], paramNames: string[] | undefined, count: number): Int32Array {
  return Int32Array.from(dataNames, (n, i) => {
    if (paramNames) return paramNames.indexOf(n);
    return count === 1 || (dataNames.length === 1 && count >= 1) ? 0 : i < count ? i : -1;
  });
}

/**
 * For every opportunity: P(correct) before seeing it and P(mastered) after it, written at the
 * opportunity's input row index into `correctOut` and `stateOut`. `gsMap`/`learnMap` translate the
 * data's class indices into the parameters' (see classRemap; entries must be >= 0).
 */
export function predictSkill(
  d: SkillData,
  params: BktParams,
  gsMap: Int32Array,
  learnMap: Int32Array,
  correctOut: Float64Array,
  stateOut: Float64Array,
): void {
  for (let s = 0; s + 1 < d.seqStarts.length; s++) {
    let state = initialMasteryState(params);
    for (let i = d.seqStarts[s] as number; i < (d.seqStarts[s + 1] as number); i++) {
      const gsClass = gsMap[d.gsClass[i] as number] as number;
      const learnClass = learnMap[d.learnClass[i] as number] as number;
      const row = d.rowIndex[i] as number;
      correctOut[row] = predictCorrect(params, state, gsClass, learnClass);
      const o = d.correct[i] as number;
      state = updateMastery(params, state, { correct: o < 0 ? null : o === 1, gsClass, learnClass });
      stateOut[row] = state.pMastered;
    }
  }
}
