/**
 * Learner-model benchmark (issue 15): every learner model of the simulator (src/simulation/learners)
 * with the four policies on the pack's parameters, and Pathwise and lowest-mastery after a course
 * refit (a calibration cohort practising with Pathwise, fitted as the app's refit does). Prints one
 * JSON report per line as each run ends; docs/benchmarks.md ("Learner models") has the table and the command.
 *   npx tsx scripts/bench/models.ts [--students N] [--seed S] [--calibrate N] [--models a,b] [--max-items N]
 */
import { loadBundledPack } from '../../src/domain/content/index.ts';
import { POLICIES, simulate } from '../simulation/index.ts';
import { LEARNER_MODELS, MODEL_POPULATIONS } from '../simulation/learners/index.ts';
import type { LearnerModel } from '../simulation/learners/index.ts';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : def;
};
const students = Number(arg('students', '100'));
const seed = Number(arg('seed', '1'));
const calibrate = Number(arg('calibrate', '100'));
const maxItems = Number(arg('max-items', '900'));
const models = arg('models', LEARNER_MODELS.join(',')).split(',') as LearnerModel[];
const pack = loadBundledPack();
for (const model of models) {
  const population = MODEL_POPULATIONS[model];
  const runs = [
    ...POLICIES.map((policy) => ({ policy, params: 'pack', calibrationStudents: 0 })),
    ...(['pathwise', 'lowest-mastery'] as const).map((policy) => ({ policy, params: 'refit', calibrationStudents: calibrate })),
  ];
  for (const r of runs) {
    const t0 = performance.now();
    const report = simulate(pack, {
      policy: r.policy,
      students,
      seed,
      population,
      maxItems,
      calibrationStudents: r.calibrationStudents,
      calibrationRounds: 1,
    });
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    process.stdout.write(`${JSON.stringify({ model, parameters: r.params, seconds, ...report })}\n`);
    process.stderr.write(`${model} ${r.params} ${r.policy}: ${seconds} s\n`);
  }
}
