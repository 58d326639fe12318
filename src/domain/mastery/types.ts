/**
 * Shared shapes of the mastery engine (Bayesian Knowledge Tracing).
 *
 * Conventions (those of pyBKT, restated in the issue): within one student's sequence for one skill,
 * the transition from opportunity t-1 to opportunity t uses the learn/forget of opportunity t's
 * resource class; the emission at t uses the guess/slip of t's item class; a missing observation
 * has likelihood 1 in both states.
 */

/** Parameters of one skill, index-aligned with `classes` (the shape of one skill in `fit` output). */
export interface BktParams {
  prior: number;
  learns: number[];
  forgets: number[];
  guesses: number[];
  slips: number[];
}

/** Class names in index order (order of first appearance in the sorted data). */
export interface ClassNames {
  gs: string[];
  learn: string[];
}

/** One skill of the CLI `fit` output. */
export interface SkillFit extends BktParams {
  classes: ClassNames;
  logLikelihood: number;
  iterations: number;
}

/**
 * One skill's observations, packed: sequences grouped by student (students in sorted order),
 * each sequence sorted by order_id. `seqStarts` has one more entry than there are sequences.
 */
export interface SkillData {
  skill: string;
  seqStarts: Int32Array;
  /** 1 correct, 0 incorrect, -1 missing. */
  correct: Int8Array;
  gsClass: Int32Array;
  learnClass: Int32Array;
  /** Index of each opportunity's row in the input (for predictions in input order and line numbers). */
  rowIndex: Int32Array;
  /** Student index (into the dataset's user table) of each sequence. */
  seqUser: Int32Array;
  classes: ClassNames;
}

/** Parameters as typed arrays, the form the EM loop works on. */
export interface PackedParams {
  prior: number;
  learn: Float64Array;
  forget: Float64Array;
  guess: Float64Array;
  slip: Float64Array;
}

/** Options for EM fitting (defaults in `fit.ts`). */
export interface FitOptions {
  /** Fit forgetting; when false forget is held at 0. */
  forgets?: boolean;
  /** Maximum number of E+M rounds. */
  iterations?: number;
  /** Stop when |LL(i) - LL(i-1)| <= tol; a negative tol runs exactly `iterations` rounds. */
  tol?: number;
  /** Number of EM runs; the best log-likelihood wins. */
  restarts?: number;
  seed?: number;
  /** Start values: one object for all skills, or per skill name. The first restart starts here. */
  init?: InitParams | Record<string, InitParams>;
}

/** Start values; arrays in the index order of `classes` when given, else of the data's classes. */
export interface InitParams {
  prior: number;
  learns: number[] | number;
  forgets?: number[] | number;
  guesses: number[] | number;
  slips: number[] | number;
  classes?: Partial<ClassNames>;
}

/** Result of one EM run. */
export interface EmResult {
  params: PackedParams;
  logLikelihood: number;
  iterations: number;
}
