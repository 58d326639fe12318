/**
 * Simulation benchmark of the adaptive policy against baselines (pure: no I/O; the CLI prints).
 *
 *   const report = simulate(pack, { policy: 'pathwise', students: 1000, seed: 1 });
 *
 * The report's definitions are in report.ts (and docs/benchmarks.md); the learner models in learners/.
 */
import { listSkills } from '../../src/domain/content/index.ts';
import type { Pack } from '../../src/domain/content/index.ts';
import { fitCourseParams, paramsFromPack, sumResourceStats } from '../../src/domain/policy/index.ts';
import type { LoggedAnswer, PolicyConfig, ResourceStats, SkillParams } from '../../src/domain/policy/index.ts';
import type { PolicyName } from './baselines.ts';
import { summarise } from './report.ts';
import type { SimulationReport } from './report.ts';
import { runStudent } from './run.ts';
import type { RunOptions, StudentResult } from './run.ts';
import { DEFAULT_POPULATION, resourceEffects } from './student.ts';
import type { PopulationOptions } from './student.ts';

export { POLICIES } from './baselines.ts';
export type { PolicyName } from './baselines.ts';
export { DEFAULT_POPULATION } from './student.ts';
export type { PopulationOptions } from './student.ts';
export type { StudentResult } from './run.ts';

export { summarise } from './report.ts';
export type { SimulationReport } from './report.ts';
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
  /** End each student's run at full declared mastery (no reviews after it): item counts only, faster. */
  untilMastery?: boolean;
  /** Days the course lasts (default 42): a "done" with a later date brings the student back until then. */
  courseDays?: number;
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
    ...(opts.untilMastery ? { untilMastery: true } : {}),
    ...(opts.courseDays !== undefined ? { courseDays: opts.courseDays } : {}),
  };
  const runOpts: RunOptions = { ...shared, policy: opts.policy, ...(opts.config ? { config: opts.config } : {}) };
  const calibration =
    !opts.params && (opts.calibrationStudents ?? 0) > 0
      ? calibrate(
          pack,
          activity,
          opts.calibrationStudents ?? 0,
          // The cohort practises with the settings measured, as a course would with the app's.
          { ...shared, ...(opts.config ? { config: opts.config } : {}) },
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
