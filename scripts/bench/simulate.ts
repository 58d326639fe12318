/**
 * Policy benchmark: every policy on the same simulated population (default 1,000 students, seed 1,
 * the bundled pack), then sensitivity runs. Prints a JSON array, one report per run, with wall times.
 *   npx tsx scripts/bench/simulate.ts [--students N] [--seed S] [--calibrate N]
 * Scenarios (docs/benchmarks.md explains each):
 * - default: partial knowledge 0.8, prerequisite effect 0.25, parameters fitted from a calibration
 *   cohort (500 students, 2 rounds) as the app's refit fits them (guess and slip; prior and learn
 *   stay the pack's) - every policy;
 * - refit-transitions: the calibration also fits prior and learn where plausible (refit --fit-transitions);
 * - strong-class, strong-class-refit-transitions: the same two for a class that already knows more
 *   (priors shifted by +1.5 on the logit scale, about half the skills known at the start);
 * - plain-bkt: no partial knowledge, pack defaults (the first round's model);
 * - pack-defaults: partial knowledge but no calibration (a new course before its first refit);
 * - no-prerequisite-effect; diagnostic (diagnosticWeight 6); band-only (informationWeight 0);
 * - count-flag: the wheel-spinning flag on the count of tries alone (wheelSpinBelow 1).
 */
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { POLICIES, simulate } from '../simulation/index.ts';
import type { PolicyConfig } from '../../src/domain/policy/index.ts';
import type { PolicyName, PopulationOptions } from '../simulation/index.ts';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const students = arg('students', 1000);
const seed = arg('seed', 1);
const calibrate = arg('calibrate', 500);
const pack = loadBundledPack();
interface Run {
  name: string;
  policy: PolicyName;
  population: Partial<PopulationOptions>;
  config?: Partial<PolicyConfig>;
  calibrationStudents: number;
  calibrationFitsTransitions?: boolean;
}
const both = ['pathwise', 'lowest-mastery'] as const;
const runs: Run[] = [
  ...POLICIES.map((policy) => ({ name: 'default', policy, population: {}, calibrationStudents: calibrate })),
  ...both.map((policy) => ({
    name: 'refit-transitions',
    policy,
    population: {},
    calibrationStudents: calibrate,
    calibrationFitsTransitions: true,
  })),
  ...both.map((policy) => ({ name: 'strong-class', policy, population: { priorShift: 1.5 }, calibrationStudents: calibrate })),
  ...both.map((policy) => ({
    name: 'strong-class-refit-transitions',
    policy,
    population: { priorShift: 1.5 },
    calibrationStudents: calibrate,
    calibrationFitsTransitions: true,
  })),
  ...both.map((policy) => ({ name: 'plain-bkt', policy, population: { partialKnowledge: 0 }, calibrationStudents: 0 })),
  ...both.map((policy) => ({ name: 'pack-defaults', policy, population: {}, calibrationStudents: 0 })),
  ...both.map((policy) => ({ name: 'no-prerequisite-effect', policy, population: { prereqFactor: 1 }, calibrationStudents: calibrate })),
  { name: 'diagnostic', policy: 'pathwise', population: {}, config: { diagnosticWeight: 6 }, calibrationStudents: calibrate },
  { name: 'band-only', policy: 'pathwise', population: {}, config: { informationWeight: 0 }, calibrationStudents: calibrate },
  { name: 'count-flag', policy: 'pathwise', population: {}, config: { wheelSpinBelow: 1 }, calibrationStudents: calibrate },
];
const out: unknown[] = [];
for (const r of runs) {
  const t0 = performance.now();
  const report = simulate(pack, {
    policy: r.policy,
    students,
    seed,
    population: r.population,
    calibrationStudents: r.calibrationStudents,
    ...(r.calibrationFitsTransitions ? { calibrationFitsTransitions: true } : {}),
    ...(r.config ? { config: r.config } : {}),
  });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  out.push({ scenario: r.name, seconds, config: r.config ?? {}, population: r.population, ...report });
  process.stderr.write(`${r.name} ${r.policy}: ${seconds} s\n`);
}
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
