/**
 * Simulation benchmark of the adaptive policy against baselines (pure: no I/O; the CLI prints).
 *
 *   const report = simulate(pack, { policy: 'pathwise', students: 1000, seed: 1 });
 *
 * Definitions (see docs/benchmarks.md ("Adaptive policy in simulation")):
 * - itemsToMastery: items answered until every activity skill is declared mastered at the same
 *   time; a student who does not get there within `maxItems` is counted AT the cap (and the share
 *   of such students is `itemsToMastery.capped`).
 * - nonItemSteps: worked examples and resources shown (never counted as items); stepsToMastery
 *   adds those shown before full mastery to itemsToMastery, so instruction cannot hide in the count.
 * - falseMasteryRate: share of mastery declarations made while the simulated student had not
 *   learned the skill.
 * - lapsesPerStudent: declared masteries withdrawn by a later wrong (or hinted) answer.
 * - overPractice: mean items per student, outside reviews, whose skills were all already learned.
 * - successRate: share of items answered correctly at the first attempt (reviews included).
 * - wheelSpinning: the policy's wheel-spinning flag against the truth "the student had not learned
 *   the skill within its first wheelSpinAfter (10) opportunities" over every practised
 *   student-skill; earlyWarning: the same truth against the early warning.
 */
import { listSkills } from '../../src/domain/content/index.ts';
import type { Pack } from '../../src/domain/content/index.ts';
import { fitCourseParams, paramsFromPack, sumResourceStats } from '../../src/domain/policy/index.ts';
import type { LoggedAnswer, PolicyConfig, ResourceStats, SkillParams } from '../../src/domain/policy/index.ts';
import type { PolicyName } from './baselines.ts';
import { runStudent } from './run.ts';
import type { RunOptions, StudentResult } from './run.ts';
import { DEFAULT_POPULATION, resourceEffects } from './student.ts';
import type { PopulationOptions } from './student.ts';

export { POLICIES } from './baselines.ts';
export type { PolicyName } from './baselines.ts';
export { DEFAULT_POPULATION } from './student.ts';
export type { PopulationOptions } from './student.ts';
export type { StudentResult } from './run.ts';

export interface SimulateOptions {
  policy: PolicyName;
  students: number;
  seed: number;
  /** Activity skills (default: every skill of the pack). */
  skills?: string[];
  maxItems?: number;
  sessionItems?: number;
  start?: string;
  population?: Partial<PopulationOptions>;
  config?: Partial<PolicyConfig>;
  params?: SkillParams;
  /**
   * Students of a calibration cohort (other students of the same population, practising with
   * Pathwise on the pack's defaults) whose answer log fits the parameters every policy then uses,
   * as a course refit would (item-level guess/slip where an item has 30 students). 0 (default) =
   * the pack's defaults. Ignored when `params` is given.
   */
  calibrationStudents?: number;
  /**
   * Calibration rounds (default 2): each round is a new cohort practising with the previous round's
   * fit, as a course refits on a schedule. The second round's log comes from a policy whose
   * predictions already match the students, which the fit needs (see docs/benchmarks.md).
   */
  calibrationRounds?: number;
  /**
   * Whether the calibration also fits prior and learn per skill, where the fit is plausible (as
   * `npm run refit -- --fit-transitions`). Default false: the pack's, as the app's refit keeps them.
   */
  calibrationFitsTransitions?: boolean;
}

/** Parameters fitted from a calibration cohort, and what the fit found. */
export interface Calibration {
  params: SkillParams;
  students: number;
  rounds: number;
  fittedSkills: number;
  itemLevel: number;
  /** Skills whose prior and learn come from the fit (0 unless the calibration fits transitions; see fit.ts for the check). */
  transitionsFitted: number;
}

export interface SimulationReport {
  policy: PolicyName;
  students: number;
  seed: number;
  skills: number;
  itemsToMastery: { mean: number; p90: number; median: number; capped: number; cap: number };
  /** Worked examples and resources shown per student (all of the run), kept apart from items. */
  nonItemSteps: { mean: number; beforeMastery: number };
  /** Items plus worked examples/resources until full mastery (capped students: at the cap plus their steps). */
  stepsToMastery: { mean: number; p90: number };
  falseMasteryRate: number;
  overPractice: number;
  successRate: number;
  wheelSpinning: { precision: number; recall: number; truePositives: number; flagged: number; actual: number };
  earlyWarning: { precision: number; recall: number };
  reviewItemsPerStudent: number;
  nonItemStepsPerStudent: number;
  lapsesPerStudent: number;
  declarations: number;
  /** Where the policies' parameters came from. */
  params: {
    source: 'pack' | 'given' | 'calibration';
    calibrationStudents?: number;
    calibrationRounds?: number;
    fittedSkills?: number;
    itemLevel?: number;
    transitionsFitted?: number;
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

const round = (x: number, d = 4): number => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : 0);
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Aggregates per-student results into the report's figures. */
export function summarise(
  policy: PolicyName,
  seed: number,
  skills: number,
  cap: number,
  results: StudentResult[],
  params: SimulationReport['params'] = { source: 'pack' },
): SimulationReport {
  const itm = results.map((r) => r.itemsToMastery ?? cap).sort((a, b) => a - b);
  const stepsOf = (r: StudentResult): number => (r.itemsToMastery ?? cap) + (r.nonItemStepsToMastery ?? r.nonItemSteps);
  const steps = results.map(stepsOf).sort((a, b) => a - b);
  const sum = (f: (r: StudentResult) => number): number => results.reduce((a, r) => a + f(r), 0);
  const spins = results.flatMap((r) => r.spins);
  const tp = spins.filter((x) => x.truth && x.flagged).length;
  const flagged = spins.filter((x) => x.flagged).length;
  const actual = spins.filter((x) => x.truth).length;
  const wtp = spins.filter((x) => x.truth && x.warned).length;
  const warned = spins.filter((x) => x.warned).length;
  const n = results.length;
  return {
    policy,
    students: n,
    seed,
    skills,
    itemsToMastery: {
      mean: round(
        ratio(
          sum((r) => r.itemsToMastery ?? cap),
          n,
        ),
        2,
      ),
      p90: round(quantile(itm, 0.9), 2),
      median: round(quantile(itm, 0.5), 2),
      capped: round(ratio(results.filter((r) => r.itemsToMastery === undefined).length, n)),
      cap,
    },
    nonItemSteps: {
      mean: round(
        ratio(
          sum((r) => r.nonItemSteps),
          n,
        ),
        2,
      ),
      beforeMastery: round(
        ratio(
          sum((r) => r.nonItemStepsToMastery ?? r.nonItemSteps),
          n,
        ),
        2,
      ),
    },
    stepsToMastery: { mean: round(ratio(sum(stepsOf), n), 2), p90: round(quantile(steps, 0.9), 2) },
    falseMasteryRate: round(
      ratio(
        sum((r) => r.falseDeclarations),
        sum((r) => r.declarations),
      ),
    ),
    overPractice: round(
      ratio(
        sum((r) => r.overPractice),
        n,
      ),
      2,
    ),
    successRate: round(
      ratio(
        sum((r) => r.correct),
        sum((r) => r.items),
      ),
    ),
    wheelSpinning: { precision: round(ratio(tp, flagged)), recall: round(ratio(tp, actual)), truePositives: tp, flagged, actual },
    earlyWarning: { precision: round(ratio(wtp, warned)), recall: round(ratio(wtp, actual)) },
    reviewItemsPerStudent: round(
      ratio(
        sum((r) => r.reviewItems),
        n,
      ),
      2,
    ),
    nonItemStepsPerStudent: round(
      ratio(
        sum((r) => r.nonItemSteps),
        n,
      ),
      2,
    ),
    lapsesPerStudent: round(
      ratio(
        sum((r) => r.lapses),
        n,
      ),
      2,
    ),
    declarations: sum((r) => r.declarations),
    params,
  };
}

/**
 * Runs students `first` .. `first + count - 1` one after another, sharing resource statistics across
 * the cohort as they finish (the bandit's course-wide pool); their first attempts go to `log` if given.
 */
function runCohort(
  pack: Pack,
  params: SkillParams,
  activity: string[],
  first: number,
  count: number,
  effects: Record<string, number[]>,
  runOpts: RunOptions,
  log?: LoggedAnswer[],
): StudentResult[] {
  let course: ResourceStats = {};
  const results: StudentResult[] = [];
  for (let i = first; i < first + count; i++) {
    const r = runStudent(pack, params, activity, i, effects, runOpts, course, log);
    results.push(r);
    course = sumResourceStats([course, r.resourceStats]);
  }
  return results;
}

const CALIBRATION_OFFSET = 1_000_000;
const calibrations = new Map<string, Calibration>();

/**
 * Fits the parameters from `rounds` cohorts of `students` calibration students (indices from
 * 1,000,000, so never the measured ones) practising with Pathwise: the first on the pack's
 * defaults, each next one on the previous fit; the last cohort's log gives the result. Cached per
 * run settings, so every policy of a benchmark uses the same fit.
 */
export function calibrate(
  pack: Pack,
  activity: string[],
  students: number,
  runOpts: Omit<RunOptions, 'policy'>,
  rounds = 2,
  fitTransitions = false,
): Calibration {
  const key = JSON.stringify([pack.id, pack.version, activity, students, runOpts, rounds, fitTransitions]);
  const hit = calibrations.get(key);
  if (hit) return hit;
  const base = paramsFromPack(pack);
  const effects = resourceEffects(pack, runOpts.seed, runOpts.population);
  let params: SkillParams = base;
  let itemLevel = 0;
  let fittedSkills = 0;
  let transitionsFitted = 0;
  for (let round = 0; round < rounds; round++) {
    const log: LoggedAnswer[] = [];
    runCohort(pack, params, activity, CALIBRATION_OFFSET + round * students, students, effects, { ...runOpts, policy: 'pathwise' }, log);
    const fit = fitCourseParams(log, { base, seed: runOpts.seed, fitTransitions });
    params = { ...base };
    itemLevel = 0;
    transitionsFitted = 0;
    for (const [skill, f] of fit.fitted) {
      params[skill] = f.params;
      itemLevel += f.itemLevel;
      if (f.transitions === 'fitted') transitionsFitted += 1;
    }
    fittedSkills = fit.fitted.size;
  }
  const out: Calibration = { params, students, rounds, fittedSkills, itemLevel, transitionsFitted };
  calibrations.set(key, out);
  return out;
}

/**
 * Simulates `students` students through the policy. Students are drawn from (seed, index) only, so
 * every policy meets the same population. Resource statistics are shared across the course as
 * students finish (the bandit's course-wide pool).
 */
export function simulate(pack: Pack, opts: SimulateOptions): SimulationReport {
  const activity = opts.skills ?? listSkills(pack).map((s) => s.id);
  const population = { ...DEFAULT_POPULATION, ...(opts.population ?? {}) };
  const cap = opts.maxItems ?? 100 * activity.length;
  const effects = resourceEffects(pack, opts.seed, population);
  const shared = {
    seed: opts.seed,
    maxItems: cap,
    sessionItems: opts.sessionItems ?? 25,
    start: opts.start ?? '2025-01-06T16:00:00.000Z',
    population,
  };
  const runOpts: RunOptions = { ...shared, policy: opts.policy, ...(opts.config ? { config: opts.config } : {}) };
  const calibration =
    !opts.params && (opts.calibrationStudents ?? 0) > 0
      ? calibrate(
          pack,
          activity,
          opts.calibrationStudents ?? 0,
          shared,
          opts.calibrationRounds ?? 2,
          opts.calibrationFitsTransitions ?? false,
        )
      : undefined;
  const params = opts.params ?? calibration?.params ?? paramsFromPack(pack);
  const results = runCohort(pack, params, activity, 0, opts.students, effects, runOpts);
  const source: SimulationReport['params'] = opts.params
    ? { source: 'given' }
    : calibration
      ? {
          source: 'calibration',
          calibrationStudents: calibration.students,
          calibrationRounds: calibration.rounds,
          fittedSkills: calibration.fittedSkills,
          itemLevel: calibration.itemLevel,
          transitionsFitted: calibration.transitionsFitted,
        }
      : { source: 'pack' };
  return summarise(opts.policy, opts.seed, activity.length, cap, results, source);
}
