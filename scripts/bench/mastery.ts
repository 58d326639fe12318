/**
 * Mastery engine benchmark: EM fit time (single thread and worker threads), online updates per
 * second, and held-out AUC/RMSE of BKT vs BKT+forgets vs the true generating parameters.
 * Run: npx tsx scripts/bench/mastery.ts
 */
import { availableParallelism } from 'node:os';
import { fitAll } from '../research/mastery/pool.ts';
import { RowColumns, groupBySkill } from '../../src/domain/mastery/dataset.ts';
import { generateRows } from '../../src/domain/mastery/generate.ts';
import { auc, rmse } from '../../src/domain/mastery/metrics.ts';
import { initialMasteryState, predictCorrect, updateMastery, type MasteryState } from '../../src/domain/mastery/online.ts';
import { classRemap, predictSkill } from '../../src/domain/mastery/predict.ts';
import type { BktParams, SkillData } from '../../src/domain/mastery/types.ts';

const line = (s: string): boolean => process.stdout.write(`${s}\n`);

function data(students: number, length: number, params: BktParams, seed: number, shared: boolean): SkillData {
  const cols = new RowColumns();
  generateRows({ students, length, params, seed }, (s, t, c) => cols.push('skill', String(s + 1), t + 1, c, 'default', 'default', 0));
  return groupBySkill(cols, { shared })[0] as SkillData;
}

const truth: BktParams = { prior: 0.1, learns: [0.3], forgets: [0], guesses: [0.1], slips: [0.03] };

async function fitTimes(): Promise<void> {
  line(`## Fit time (5 restarts, tol 0.005 / at most 100 iterations, and tol -1 = exactly 100 iterations)`);
  line(`cores reported by os.availableParallelism(): ${availableParallelism()}`);
  for (const students of [500, 5000]) {
    const d = data(students, 100, truth, 1, true);
    for (const [label, tol] of [
      ['default tol 0.005', 0.005],
      ['tol -1 (100 iterations each)', -1],
    ] as const) {
      for (const workers of [1, 2]) {
        const t0 = performance.now();
        const fits = await fitAll([d], { restarts: 5, seed: 1, tol, iterations: 100 }, workers);
        const ms = performance.now() - t0;
        const f = fits.get('skill');
        line(
          `${students} x 100, ${label}, workers ${workers}: ${(ms / 1000).toFixed(2)} s (best LL ${f?.logLikelihood.toFixed(3)}, iterations ${f?.iterations})`,
        );
      }
    }
  }
}

function onlineRate(): void {
  const p: BktParams = { prior: 0.1, learns: [0.3], forgets: [0.02], guesses: [0.1], slips: [0.03] };
  let s: MasteryState = initialMasteryState(p);
  const n = 20_000_000;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    s = updateMastery(p, s, { correct: (i & 3) !== 0 });
    if (s.n > 50) s = initialMasteryState(p);
  }
  const t1 = performance.now();
  for (let i = 0; i < n; i++) sink += predictCorrect(p, s);
  const t2 = performance.now();
  line(`## Online (one thread)`);
  line(
    `updateMastery: ${(((n / (t1 - t0)) * 1000) / 1e6).toFixed(1)} million updates/s; predictCorrect: ${(((n / (t2 - t1)) * 1000) / 1e6).toFixed(1)} million/s (checksum ${sink.toFixed(0)})`,
  );
}

async function accuracy(): Promise<void> {
  const gen: BktParams = { prior: 0.2, learns: [0.15], forgets: [0.05], guesses: [0.2], slips: [0.1] };
  const train = data(2000, 50, gen, 11, false);
  const test = data(1000, 50, gen, 12, false);
  const scoreWith = (p: BktParams): [number, number] => {
    const n = test.correct.length;
    const pc = new Float64Array(n);
    const st = new Float64Array(n);
    const one = classRemap(['default'], undefined, 1);
    predictSkill(test, p, one, one, pc, st);
    const y = Array.from(test.correct);
    const pr = Array.from(test.rowIndex, (r) => pc[r] as number);
    return [auc(y, pr), rmse(y, pr)];
  };
  line(`## Held-out accuracy (synthetic: prior .2, learn .15, forget .05, guess .2, slip .1; train 2,000 x 50, test 1,000 x 50)`);
  for (const [label, forgets] of [
    ['BKT', false],
    ['BKT + forgets', true],
  ] as const) {
    const f = (await fitAll([train], { restarts: 5, seed: 1, forgets }, 1)).get('skill') as BktParams;
    const [a, r] = scoreWith(f);
    line(`${label}: AUC ${a.toFixed(4)}, RMSE ${r.toFixed(4)}`);
  }
  const [a, r] = scoreWith(gen);
  line(`true generating parameters (ceiling): AUC ${a.toFixed(4)}, RMSE ${r.toFixed(4)}`);
}

await fitTimes();
onlineRate();
await accuracy();
