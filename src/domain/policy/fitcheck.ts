/**
 * Checks of a course refit before it is used (pure helpers of fit.ts):
 * - plausibility of the fitted emissions: no class or item slip above `maxSlip`. A refit that keeps
 *   the pack's prior and learn and fits guess and slip can read slower-than-assumed learning as
 *   slips (fitted slips of 0.4 and more), and then one right typed answer becomes near-proof of
 *   mastery; such a fit is refused;
 * - held-out students: the fit made without one student in five must predict those students'
 *   answers better (log-likelihood) than the current parameters, else it is not used.
 */
import { logLikelihood, subsetSequences } from '../mastery/index.ts';
import type { BktParams, PackedParams, SkillData } from '../mastery/index.ts';

/** Whether sequence `seq` of `d` belongs to the held-out fifth (by the student's index). */
export function heldOut(d: SkillData, seq: number): boolean {
  return (d.seqUser[seq] as number) % 5 === 4;
}

/** The training and held-out parts of a skill's data. */
export function splitHeldOut(d: SkillData): { train: SkillData; test: SkillData } {
  return { train: subsetSequences(d, (s) => !heldOut(d, s)), test: subsetSequences(d, (s) => heldOut(d, s)) };
}

/** Parameters in the data's class order: each emission name mapped by `emission` (else the first). */
export function packedFor(d: SkillData, p: BktParams, emission: (name: string) => [number, number] | undefined): PackedParams {
  const fallback: [number, number] = [p.guesses[0] ?? 0.2, p.slips[0] ?? 0.1];
  const em = d.classes.gs.map((n) => emission(n) ?? fallback);
  return {
    prior: p.prior,
    learn: Float64Array.from(d.classes.learn, () => p.learns[0] ?? 0.1),
    forget: Float64Array.from(d.classes.learn, () => p.forgets[0] ?? 0),
    guess: Float64Array.from(em, (e) => e[0]),
    slip: Float64Array.from(em, (e) => e[1]),
  };
}

/** Why fitted emissions are implausible (a slip above `maxSlip`), or undefined. */
export function implausibleSlips(names: string[], slips: number[], maxSlip: number): string | undefined {
  const worst = slips.reduce((w, s, i) => (s > (slips[w] ?? 0) ? i : w), 0);
  const slip = slips[worst] ?? 0;
  if (slip <= maxSlip) return undefined;
  return `the fit says students who know the skill get ${Math.round(slip * 100)}% of ${names[worst] ?? 'its'} items wrong (the limit is ${Math.round(maxSlip * 100)}%): slower learning than the pack assumes read as slips`;
}

/** Why the fit does not beat the current parameters on held-out students, or undefined when it does. */
export function worseOnHeldOut(test: SkillData, fitted: PackedParams, current: PackedParams): string | undefined {
  if (test.seqStarts.length <= 1) return undefined;
  const a = logLikelihood(test, fitted);
  const b = logLikelihood(test, current);
  return a > b
    ? undefined
    : `the fit predicts held-out students no better than the current parameters (log-likelihood ${a.toFixed(1)} vs ${b.toFixed(1)})`;
}
