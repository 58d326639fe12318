/**
 * Baum-Welch for two-state BKT over packed sequences. The forward pass keeps the filtered
 * P(mastered | answers so far) per opportunity (scaled, so it never underflows); the backward pass
 * turns those into smoothed posteriors and expected transition counts without a separate beta
 * pass, using P(S_t, S_t+1 | all) = P(S_t | <=t) A(S_t -> S_t+1) P(S_t+1 | all) / P(S_t+1 | <=t).
 *
 * Zero-count handling as pyBKT: a from-state with no expected transitions moves to mastered with
 * probability 1 (learn = 1, forget = 0); an emission row with no counts becomes 0.5/0.5.
 */
import type { EmResult, PackedParams, SkillData } from './types.ts';

/** Expected counts: trans[c*4 + from*2 + to], emit[g*4 + state*2 + obs], init[state]. */
export interface Counts {
  trans: Float64Array;
  emit: Float64Array;
  init: Float64Array;
}

export function newCounts(nLearn: number, nGs: number): Counts {
  return { trans: new Float64Array(4 * nLearn), emit: new Float64Array(4 * nGs), init: new Float64Array(2) };
}

function maxLength(d: SkillData): number {
  let m = 0;
  for (let s = 0; s + 1 < d.seqStarts.length; s++) m = Math.max(m, (d.seqStarts[s + 1] as number) - (d.seqStarts[s] as number));
  return m;
}

const TINY = 1e-250;

/**
 * One E-step over sequences [seqFrom, seqTo): adds expected counts to `acc` and returns the
 * log-likelihood of those sequences under `p`. `scratch` must hold the longest sequence.
 */
export function eStep(
  d: SkillData,
  p: PackedParams,
  acc: Counts,
  scratch?: Float64Array,
  seqFrom = 0,
  seqTo = d.seqStarts.length - 1,
): number {
  const alpha = scratch ?? new Float64Array(maxLength(d));
  const { correct: obs, gsClass: gc, learnClass: lc, seqStarts } = d;
  const { learn, forget, guess, slip, prior } = p;
  const { trans, emit, init } = acc;
  let ll = 0;
  let prod = 1;
  for (let s = seqFrom; s < seqTo; s++) {
    const start = seqStarts[s] as number;
    const T = (seqStarts[s + 1] as number) - start;
    let a = 0;
    for (let t = 0; t < T; t++) {
      const i = start + t;
      let pr: number;
      if (t === 0) pr = prior;
      else {
        const c = lc[i] as number;
        pr = a * (1 - (forget[c] as number)) + (1 - a) * (learn[c] as number);
      }
      const o = obs[i] as number;
      if (o < 0) a = pr;
      else {
        const g = gc[i] as number;
        const sl = slip[g] as number;
        const gu = guess[g] as number;
        const m = pr * (o === 1 ? 1 - sl : sl);
        const norm = m + (1 - pr) * (o === 1 ? gu : 1 - gu);
        a = m / norm;
        prod *= norm;
        if (prod < TINY) {
          ll += Math.log(prod);
          prod = 1;
        }
      }
      alpha[t] = a;
    }
    // Backward: smoothed posteriors (g0, g1) at t+1 -> counts for the transition t -> t+1.
    let g1 = a;
    let g0 = 1 - a;
    let i = start + T - 1;
    let o = obs[i] as number;
    if (o >= 0) {
      const e = (gc[i] as number) * 4 + o;
      emit[e] = (emit[e] as number) + g0;
      emit[e + 2] = (emit[e + 2] as number) + g1;
    }
    for (let t = T - 2; t >= 0; t--) {
      const at = alpha[t] as number;
      const c = lc[start + t + 1] as number;
      const l = learn[c] as number;
      const f = forget[c] as number;
      const ua = 1 - at;
      const pred1 = at * (1 - f) + ua * l;
      const pred0 = ua * (1 - l) + at * f;
      const r0 = pred0 > 0 ? g0 / pred0 : 0;
      const r1 = pred1 > 0 ? g1 / pred1 : 0;
      const x00 = ua * (1 - l) * r0;
      const x01 = ua * l * r1;
      const x10 = at * f * r0;
      const x11 = at * (1 - f) * r1;
      const k = c * 4;
      trans[k] = (trans[k] as number) + x00;
      trans[k + 1] = (trans[k + 1] as number) + x01;
      trans[k + 2] = (trans[k + 2] as number) + x10;
      trans[k + 3] = (trans[k + 3] as number) + x11;
      g0 = x00 + x01;
      g1 = x10 + x11;
      i = start + t;
      o = obs[i] as number;
      if (o >= 0) {
        const e = (gc[i] as number) * 4 + o;
        emit[e] = (emit[e] as number) + g0;
        emit[e + 2] = (emit[e + 2] as number) + g1;
      }
    }
    init[0] = (init[0] as number) + g0;
    init[1] = (init[1] as number) + g1;
  }
  return ll + Math.log(prod);
}

/** Log-likelihood only (forward pass), e.g. of the parameters after the last M-step. */
export function logLikelihood(d: SkillData, p: PackedParams): number {
  const { correct: obs, gsClass: gc, learnClass: lc, seqStarts } = d;
  let ll = 0;
  let prod = 1;
  for (let s = 0; s + 1 < seqStarts.length; s++) {
    const start = seqStarts[s] as number;
    const end = seqStarts[s + 1] as number;
    let a = 0;
    for (let i = start; i < end; i++) {
      let pr: number;
      if (i === start) pr = p.prior;
      else {
        const c = lc[i] as number;
        pr = a * (1 - (p.forget[c] as number)) + (1 - a) * (p.learn[c] as number);
      }
      const o = obs[i] as number;
      if (o < 0) a = pr;
      else {
        const g = gc[i] as number;
        const sl = p.slip[g] as number;
        const gu = p.guess[g] as number;
        const m = pr * (o === 1 ? 1 - sl : sl);
        const norm = m + (1 - pr) * (o === 1 ? gu : 1 - gu);
        a = m / norm;
        prod *= norm;
        if (prod < TINY) {
          ll += Math.log(prod);
          prod = 1;
        }
      }
    }
  }
  return ll + Math.log(prod);
}

/** Normalised M-step: new parameters from expected counts (zero-count rules in the header). */
export function mStep(acc: Counts, out: PackedParams): void {
  const nL = out.learn.length;
  for (let c = 0; c < nL; c++) {
    const x00 = acc.trans[4 * c] as number;
    const x01 = acc.trans[4 * c + 1] as number;
    const x10 = acc.trans[4 * c + 2] as number;
    const x11 = acc.trans[4 * c + 3] as number;
    out.learn[c] = x00 + x01 === 0 ? 1 : x01 / (x00 + x01);
    out.forget[c] = x10 + x11 === 0 ? 0 : x10 / (x10 + x11);
  }
  const nG = out.guess.length;
  for (let g = 0; g < nG; g++) {
    const u0 = acc.emit[4 * g] as number;
    const u1 = acc.emit[4 * g + 1] as number;
    const m0 = acc.emit[4 * g + 2] as number;
    const m1 = acc.emit[4 * g + 3] as number;
    out.guess[g] = u0 + u1 === 0 ? 0.5 : u1 / (u0 + u1);
    out.slip[g] = m0 + m1 === 0 ? 0.5 : m0 / (m0 + m1);
  }
  const i0 = acc.init[0] as number;
  const i1 = acc.init[1] as number;
  out.prior = i1 / (i0 + i1);
}

export function cloneParams(p: PackedParams): PackedParams {
  return { prior: p.prior, learn: p.learn.slice(), forget: p.forget.slice(), guess: p.guess.slice(), slip: p.slip.slice() };
}

/**
 * Run EM from `start`. Round i: E-step (LL of the current parameters); stop before the M-step when
 * i >= 1 and |LL_i - LL_i-1| <= tol; else M-step. When the cap is reached the parameters after the
 * last M-step are returned with their own log-likelihood. `onIteration` sees each E-step's LL.
 */
export function runEm(
  d: SkillData,
  start: PackedParams,
  options: { iterations: number; tol: number; onIteration?: (ll: number, i: number) => void },
): EmResult {
  const p = cloneParams(start);
  const acc = newCounts(p.learn.length, p.guess.length);
  const scratch = new Float64Array(maxLength(d));
  let prev = NaN;
  for (let i = 0; i < options.iterations; i++) {
    acc.trans.fill(0);
    acc.emit.fill(0);
    acc.init.fill(0);
    const ll = eStep(d, p, acc, scratch);
    options.onIteration?.(ll, i);
    if (i > 0 && Math.abs(ll - prev) <= options.tol) return { params: p, logLikelihood: ll, iterations: i };
    mStep(acc, p);
    prev = ll;
  }
  return { params: p, logLikelihood: logLikelihood(d, p), iterations: options.iterations };
}
