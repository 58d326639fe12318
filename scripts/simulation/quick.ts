/**
 * Quick comparison for tuning (issue 15): chosen policies on chosen learner models, one summary line
 * each, with policy settings as JSON (same runs as models.ts: 5 skills, seed 1, refit on 100
 * calibration students).
 *   npx tsx scripts/simulation/quick.ts [--models bkt,unlearnable] [--params pack,refit]
 *     [--policies pathwise,lowest-mastery] [--students 60] [--config '{"proofItems":2}']
 */
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { simulate } from './index.ts';
import { MODEL_POPULATIONS } from './learners/index.ts';
import type { LearnerModel } from './learners/index.ts';
const arg = (n: string, d: string): string => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? (process.argv[i + 1] ?? d) : d;
};
const pack = loadBundledPack();
const config = JSON.parse(arg('config', '{}'));
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
for (const model of arg('models', 'bkt').split(',') as LearnerModel[])
  for (const params of arg('params', 'pack').split(','))
    for (const policy of arg('policies', 'pathwise').split(',')) {
      const r = simulate(pack, {
        policy: policy as never,
        students: Number(arg('students', '60')),
        seed: 1,
        skills: 'fraction-meaning,number-line,add-like,equivalent-fractions,subtract-like'.split(','),
        population: MODEL_POPULATIONS[model],
        maxItems: 500,
        calibrationStudents: params === 'refit' ? 100 : 0,
        calibrationRounds: 1,
        config,
      });
      console.log(
        `${model} ${params} ${policy} false=${pct(r.falseMasteryRate)} decl=${r.itemsToMastery.mean} true=${r.itemsToTrueMastery.mean} reach=${pct(r.reachedTrueMastery)} ret30=${pct(r.retention30)} rev=${r.reviewItemsPerStudent} stuck=${r.stuck.skills > 0 ? `${pct(r.stuck.flaggedWithin15)}/${r.stuck.meanTries}/${pct(r.stuck.declaredMastered)}` : '-'} rep=${r.repeats.whileUnused}${r.typedAtDeclaration ? ` typed@decl=${r.typedAtDeclaration.mean}/<0.8:${pct(r.typedAtDeclaration.below80)}` : ''}`,
      );
    }
