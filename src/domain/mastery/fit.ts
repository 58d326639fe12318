/**
 * Fitting skills: start values (from --init or seeded random draws), several EM runs per skill,
 * best log-likelihood kept. Jobs are plain data so a CLI can run them on worker threads and get
 * exactly the same numbers as `fitSkills` (each job is computed by the same code, independently).
 */
import { runEm } from './em.ts';
import { createRng, hash32 } from '../random.ts';
import type { BktParams, EmResult, FitOptions, InitParams, PackedParams, SkillData, SkillFit } from './types.ts';

export const FIT_DEFAULTS = { forgets: false, iterations: 100, tol: 0.005, restarts: 5, seed: 0 } as const;

/** Resolved options with defaults applied. */
export type ResolvedFitOptions = Required<Omit<FitOptions, 'init'>> & Pick<FitOptions, 'init'>;

export function resolveFitOptions(o: FitOptions = {}): ResolvedFitOptions {
  return {
    forgets: o.forgets ?? FIT_DEFAULTS.forgets,
    iterations: o.iterations ?? FIT_DEFAULTS.iterations,
    tol: o.tol ?? FIT_DEFAULTS.tol,
    restarts: o.restarts ?? FIT_DEFAULTS.restarts,
    seed: o.seed ?? FIT_DEFAULTS.seed,
    init: o.init,
  };
}

/** Error in user-supplied start values (the CLI reports it and exits 2). */
export class InitError extends Error {}

function isSingleInit(init: InitParams | Record<string, InitParams>): init is InitParams {
  return typeof (init as InitParams).prior === 'number';
}

function spread(v: number[] | number | undefined, names: string[], given: string[] | undefined, what: string, skill: string): Float64Array {
  const out = new Float64Array(names.length);
  if (v === undefined) return out;
  if (typeof v === 'number') return out.fill(v);
  if (given) {
    if (given.length !== v.length) throw new InitError(`init for ${skill}: ${what} has ${v.length} values for ${given.length} class names`);
    names.forEach((n, i) => {
      const j = given.indexOf(n);
      if (j < 0) throw new InitError(`init for ${skill}: class "${n}" has no ${what} value`);
      out[i] = v[j] as number;
    });
    return out;
  }
  if (v.length === 1) return out.fill(v[0] as number);
  if (v.length !== names.length)
    throw new InitError(`init for ${skill}: ${what} has ${v.length} values but the data has ${names.length} classes`);
  out.set(v);
  return out;
}

/** Start values for a skill from an init object, or undefined when none applies to it. */
export function initFor(d: SkillData, o: ResolvedFitOptions): PackedParams | undefined {
  if (!o.init) return undefined;
  const i = isSingleInit(o.init) ? o.init : o.init[d.skill];
  if (!i) return undefined;
  const forget = spread(i.forgets, d.classes.learn, i.classes?.learn, 'forgets', d.skill);
  if (!o.forgets && forget.some((f) => f !== 0)) throw new InitError(`init for ${d.skill}: non-zero forgets need --forgets`);
  return {
    prior: i.prior,
    learn: spread(i.learns, d.classes.learn, i.classes?.learn, 'learns', d.skill),
    forget,
    guess: spread(i.guesses, d.classes.gs, i.classes?.gs, 'guesses', d.skill),
    slip: spread(i.slips, d.classes.gs, i.classes?.gs, 'slips', d.skill),
  };
}

/**
 * Start values of every restart of a skill. Random draws (as pyBKT's: prior U(0,1), learn U(0,.4),
 * guess U(0,.4), slip U(0,.3); forget U(0,.4) when fitted, else 0) come from a stream seeded by
 * (seed, skill name), so a skill's fit does not depend on the other skills in the file.
 */
export function restartStarts(d: SkillData, o: ResolvedFitOptions): PackedParams[] {
  const rng = createRng(hash32(o.seed, d.skill));
  const nL = d.classes.learn.length;
  const nG = d.classes.gs.length;
  const starts: PackedParams[] = [];
  const given = initFor(d, o);
  for (let k = 0; k < o.restarts; k++) {
    const p: PackedParams = {
      prior: rng.next(),
      learn: Float64Array.from({ length: nL }, () => rng.next() * 0.4),
      forget: Float64Array.from({ length: nL }, () => (o.forgets ? rng.next() * 0.4 : 0)),
      guess: Float64Array.from({ length: nG }, () => rng.next() * 0.4),
      slip: Float64Array.from({ length: nG }, () => rng.next() * 0.3),
    };
    starts.push(k === 0 && given ? given : p);
  }
  return starts;
}

/** The winning run: highest log-likelihood, ties to the earliest restart. */
export function pickBest(runs: EmResult[]): EmResult {
  let best = runs[0];
  if (!best) throw new RangeError('no EM runs');
  for (const r of runs) if (r.logLikelihood > best.logLikelihood || Number.isNaN(best.logLikelihood)) best = r;
  return best;
}

/** Packed parameters -> the JSON shape of one skill in `fit` output. */
export function toSkillFit(d: SkillData, r: EmResult): SkillFit {
  return {
    prior: r.params.prior,
    learns: Array.from(r.params.learn),
    forgets: Array.from(r.params.forget),
    guesses: Array.from(r.params.guess),
    slips: Array.from(r.params.slip),
    classes: { gs: [...d.classes.gs], learn: [...d.classes.learn] },
    logLikelihood: r.logLikelihood,
    iterations: r.iterations,
  };
}

/** JSON parameters -> typed arrays (for prediction or as EM start). */
export function packParams(p: BktParams): PackedParams {
  return {
    prior: p.prior,
    learn: Float64Array.from(p.learns),
    forget: Float64Array.from(p.forgets),
    guess: Float64Array.from(p.guesses),
    slip: Float64Array.from(p.slips),
  };
}

/** Fit one skill on the calling thread. */
export function fitSkill(d: SkillData, options: FitOptions = {}): SkillFit {
  const o = resolveFitOptions(options);
  const runs = restartStarts(d, o).map((s) => runEm(d, s, o));
  return toSkillFit(d, pickBest(runs));
}

/**
 * Fit every skill independently on the calling thread (the per-course refit calls this); data comes
 * from `buildDataset(rows)`. Returns skills in data order.
 */
export function fitSkills(data: SkillData[], options: FitOptions = {}): Map<string, SkillFit> {
  const out = new Map<string, SkillFit>();
  for (const d of data) out.set(d.skill, fitSkill(d, options));
  return out;
}
