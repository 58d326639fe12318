/**
 * Learner-model benchmark (issue 15): every learner model of learners/ with the four policies on
 * the pack's parameters and after a course refit (a calibration cohort practising with Pathwise,
 * fitted as the app's refit does). Prints one JSON line per run, then a Markdown table per model
 * (docs/benchmarks.md, "Learner models").
 *   npx tsx scripts/simulation/models.ts [--students N] [--seed S] [--calibrate N] [--models a,b]
 *     [--max-items N] [--skills a,b] [--params pack,refit] [--policies pathwise,lowest-mastery]
 *     [--config '{"proofItems":4}'] (policy settings, for every policy and the calibration cohort)
 */
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { POLICIES, simulate } from './index.ts';
import type { PolicyName, SimulationReport } from './index.ts';
import { LEARNER_MODELS, MODEL_POPULATIONS } from './learners/index.ts';
import type { LearnerModel } from './learners/index.ts';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
};
const SMALL = 'fraction-meaning,number-line,add-like,equivalent-fractions,subtract-like';
const students = Number(arg('students', '200'));
const seed = Number(arg('seed', '1'));
const calibrate = Number(arg('calibrate', '200'));
const maxItems = Number(arg('max-items', '500'));
const skills = arg('skills', SMALL).split(',');
const models = arg('models', LEARNER_MODELS.join(',')).split(',') as LearnerModel[];
const paramSets = arg('params', 'pack,refit').split(',');
const policies = arg('policies', POLICIES.join(',')).split(',') as PolicyName[];
const config = JSON.parse(arg('config', '{}')) as Record<string, unknown>;
for (const p of policies) if (!(POLICIES as readonly string[]).includes(p)) throw new Error(`--policies: unknown policy ${p}`);
const pack = loadBundledPack();
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const tables: string[] = [];

for (const model of models) {
  const rows: string[] = [];
  for (const params of paramSets) {
    for (const policy of policies) {
      const t0 = performance.now();
      const r: SimulationReport = simulate(pack, {
        policy,
        students,
        seed,
        skills,
        population: MODEL_POPULATIONS[model],
        maxItems,
        calibrationStudents: params === 'refit' ? calibrate : 0,
        calibrationRounds: 1,
        config,
      });
      const seconds = Math.round((performance.now() - t0) / 100) / 10;
      process.stdout.write(`${JSON.stringify({ model, parameters: params, seconds, ...r })}\n`);
      rows.push(
        `| ${params} | ${policy} | ${pct(r.falseMasteryRate)} | ${r.itemsToMastery.mean} | ${r.itemsToTrueMastery.mean} | ${pct(r.reachedTrueMastery)} | ${pct(r.retention30)} | ${pct(r.guessableShare)} | ${r.repeats.meanMax} / ${r.repeats.whileUnused} | ${r.stuck.skills > 0 ? `${pct(r.stuck.flaggedWithin15)} / ${r.stuck.meanTries} / ${pct(r.stuck.declaredMastered)}` : '-'} |`,
      );
    }
  }
  tables.push(
    [
      `#### ${model}`,
      '',
      '| params | policy | false mastery | items to declared mastery | items to true mastery | reach true mastery | retained +30 d | guessable items | max repeat / repeats while unused | stuck: flagged ≤15 / tries / declared |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}
process.stdout.write(`\n${tables.join('\n')}`);
