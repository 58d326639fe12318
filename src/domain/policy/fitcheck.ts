/**
 * Regularised, checked course fits (pure helpers of fit.ts):
 * - `mapEm`: prior, learn, guess and slip fitted jointly as MAP estimates, each with a Beta prior
 *   centred on the pack's value worth `strength` answers, and bounds that rule out the degenerate
 *   readings of an adaptive log (slip above `maxSlip`: slow learning read as slips; learn below
 *   `minLearn`: "knew it or never will"). A skill with little data stays near the pack.
 * - `heldOutGain`: how much better (log-likelihood per answer) a fit predicts students it was not
 *   fitted on than the pack does; fit.ts uses a fit only when it predicts better.
 */
import { buildDataset, eStep, logLikelihood, newCounts } from '../mastery/index.ts';
import type { BktParams, MasteryRow, PackedParams, SkillData, SkillFit } from '../mastery/index.ts';
import { itemEmissionKey } from './params.ts';

export interface MapBounds {
  maxSlip: number;
  minLearn: number;
  maxGuessPlusSlip: number;
}

/** Parameters aligned with the dataset's class names; `value(name)` gives [guess, slip] per name. */
export function aligned(d: SkillData, base: BktParams, value: (name: string) => [number, number] | undefined): PackedParams {
  const gs = d.classes.gs.map((n): [number, number] => value(n) ?? [base.guesses[0] ?? 0.2, base.slips[0] ?? 0.1]);
  return {
    prior: base.prior,
    learn: Float64Array.from(d.classes.learn, () => base.learns[0] ?? 0.1),
    forget: Float64Array.from(d.classes.learn, () => base.forgets[0] ?? 0),
    guess: Float64Array.from(gs, (x): number => x[0]),
    slip: Float64Array.from(gs, (x): number => x[1]),
  };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** MAP EM of prior, learn, guess and slip with Beta priors at `anchor` worth `strength` answers each. */
export function mapEm(d: SkillData, anchor: PackedParams, strength: number, bounds: MapBounds, iterations = 60): SkillFit {
  const p: PackedParams = {
    prior: anchor.prior,
    learn: anchor.learn.slice(),
    forget: anchor.forget.slice(),
    guess: anchor.guess.slice(),
    slip: anchor.slip.slice(),
  };
  const acc = newCounts(p.learn.length, p.guess.length);
  const k = strength;
  let ll = 0;
  let prev = NaN;
  let it = 0;
  for (; it < iterations; it++) {
    acc.trans.fill(0);
    acc.emit.fill(0);
    acc.init.fill(0);
    ll = eStep(d, p, acc);
    if (it > 0 && Math.abs(ll - prev) <= 1e-4) break;
    prev = ll;
    const [i0, i1] = [acc.init[0] as number, acc.init[1] as number];
    p.prior = clamp((i1 + k * anchor.prior) / (i0 + i1 + k), 0.01, 0.95);
    for (let c = 0; c < p.learn.length; c++) {
      const x00 = acc.trans[4 * c] as number;
      const x01 = acc.trans[4 * c + 1] as number;
      p.learn[c] = clamp((x01 + k * (anchor.learn[c] as number)) / (x00 + x01 + k), bounds.minLearn, 0.9);
    }
    for (let g = 0; g < p.guess.length; g++) {
      const [u0, u1, m0, m1] = [
        acc.emit[4 * g] as number,
        acc.emit[4 * g + 1] as number,
        acc.emit[4 * g + 2] as number,
        acc.emit[4 * g + 3] as number,
      ];
      let guess = (u1 + k * (anchor.guess[g] as number)) / (u0 + u1 + k);
      let slip = Math.min(bounds.maxSlip, (m0 + k * (anchor.slip[g] as number)) / (m0 + m1 + k));
      if (guess + slip > bounds.maxGuessPlusSlip)
        [guess, slip] = [(guess * bounds.maxGuessPlusSlip) / (guess + slip), (slip * bounds.maxGuessPlusSlip) / (guess + slip)];
      p.guess[g] = guess;
      p.slip[g] = slip;
    }
  }
  return {
    prior: p.prior,
    learns: [...p.learn],
    forgets: [...p.forget],
    guesses: [...p.guess],
    slips: [...p.slip],
    classes: { gs: [...d.classes.gs], learn: [...d.classes.learn] },
    logLikelihood: ll,
    iterations: it,
  };
}

/** One held-out answer for one skill (the student's order and the item). */
export interface HeldOutRow {
  student: string;
  itemId: string;
  itemClass: string;
  order: number;
  correct: boolean;
}

/** Log-likelihood of `rows` under `params`, each item under its own emission if it has one, else its class's. */
function heldOutLikelihood(
  skill: string,
  rows: HeldOutRow[],
  params: BktParams & { classes?: { gs: string[] } },
): { ll: number; n: number } {
  const names = params.classes?.gs ?? [];
  const nameOf = (r: HeldOutRow): string => (names.includes(itemEmissionKey(r.itemId)) ? itemEmissionKey(r.itemId) : r.itemClass);
  const mrows: MasteryRow[] = rows.map((r) => ({ userId: r.student, skill, order: r.order, correct: r.correct, gsClass: nameOf(r) }));
  const d = buildDataset(mrows)[0];
  if (!d) return { ll: 0, n: 0 };
  const p = aligned(d, params, (n) => {
    const i = names.indexOf(n);
    return i >= 0 ? [params.guesses[i] as number, params.slips[i] as number] : undefined;
  });
  p.learn.fill(params.learns[0] ?? 0.1);
  p.forget.fill(params.forgets[0] ?? 0);
  return { ll: logLikelihood(d, p), n: d.correct.length };
}

/** Held-out log-likelihood per answer of `fitted` minus that of `pack` (> 0: the fit predicts better). */
export function heldOutGain(
  skill: string,
  rows: HeldOutRow[],
  fitted: BktParams & { classes?: { gs: string[] } },
  pack: BktParams & { classes?: { gs: string[] } },
): number {
  const f = heldOutLikelihood(skill, rows, fitted);
  const b = heldOutLikelihood(skill, rows, pack);
  return f.n === 0 ? 0 : (f.ll - b.ll) / f.n;
}
