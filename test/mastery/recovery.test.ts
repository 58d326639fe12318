/**
 * Parameter recovery across 20 seeds (1..20). Tolerances were set from the spread of the maximum
 * likelihood estimates over 40 *other* seeds (101..140), at about 2.5 standard deviations, before
 * running these seeds:
 *
 * - Issue case, 500 students x 100, prior .1 learn .3 guess .1 slip .03: the spread of the estimates
 *   themselves is prior 0.016, learn 0.013, guess 0.010, slip 0.001 (sd). +-0.02 in 19/20 runs is
 *   therefore statistically out of reach for prior and learn with 500 students (no estimator fixes
 *   sampling noise), and at the edge for guess (+-0.02 is 2 sd: 19/20 holds for some seed sets and
 *   not for others); we assert +-0.04 / +-0.035 / +-0.025 / +-0.02 for prior / learn / guess / slip,
 *   and assert +-0.02 for all four with 2,000 students (sd 0.009, 0.007, 0.004, 0.0003).
 *   Re-measured when the three seeded generators became one (src/domain/random.ts, mulberry32):
 *   seeds 101..140 gave the same spreads (500: 0.020, 0.014, 0.010, 0.001; 2,000: 0.010, 0.006,
 *   0.005, 0.0004), as they should: the spread belongs to the estimator, not to the generator.
 * - Forgetting, 500 x 100, forget .05: sd prior 0.020, learn 0.006, forget 0.0015, guess 0.007,
 *   slip 0.0014 -> tolerances .05, .02, .01, .02, .01.
 * - Multigs, 500 x 100, 4 item classes drawn uniformly per opportunity: sd prior 0.025, learn
 *   0.014, guesses 0.023-0.030, slips 0.0015-0.0027 -> tolerances .06, .04, .075, .01.
 *
 * EM settings: 1 restart (2 for forgetting and multigs), tol 1e-4, at most 100 iterations. Each run
 * converges (well under the cap), so restarts only guard against poor starts.
 */
import assert from 'node:assert/strict';
import { fitSkill, generateDataset, type BktParams, type SkillFit } from '../../src/domain/mastery/index.ts';
import { createRng } from '../../src/domain/random.ts';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

function countWithin(fits: SkillFit[], pick: (f: SkillFit) => number, truth: number, tol: number): number {
  return fits.filter((f) => Math.abs(pick(f) - truth) <= tol).length;
}

function expectRecovered(fits: SkillFit[], checks: [string, (f: SkillFit) => number, number, number][]): void {
  for (const [name, pick, truth, tol] of checks) {
    const n = countWithin(fits, pick, truth, tol);
    assert.ok(n >= 19, `${name}: only ${n}/20 runs within ${truth} +- ${tol}`);
  }
}

describe('mastery parameter recovery (20 seeds)', function () {
  this.timeout(60000);
  const basic: BktParams = { prior: 0.1, learns: [0.3], forgets: [0], guesses: [0.1], slips: [0.03] };

  it('recovers prior, learn, guess and slip from 500 students x 100 opportunities', () => {
    const fits = SEEDS.map((seed) =>
      fitSkill(generateDataset({ students: 500, length: 100, params: basic, seed }), { restarts: 1, seed, tol: 1e-4 }),
    );
    expectRecovered(fits, [
      ['prior', (f) => f.prior, 0.1, 0.04],
      ['learn', (f) => f.learns[0] as number, 0.3, 0.035],
      ['guess', (f) => f.guesses[0] as number, 0.1, 0.025],
      ['slip', (f) => f.slips[0] as number, 0.03, 0.02],
    ]);
  });

  it('recovers every parameter within +-0.02 from 2,000 students x 100 opportunities', () => {
    const fits = SEEDS.map((seed) =>
      fitSkill(generateDataset({ students: 2000, length: 100, params: basic, seed }), { restarts: 1, seed, tol: 1e-4 }),
    );
    expectRecovered(fits, [
      ['prior', (f) => f.prior, 0.1, 0.02],
      ['learn', (f) => f.learns[0] as number, 0.3, 0.02],
      ['guess', (f) => f.guesses[0] as number, 0.1, 0.02],
      ['slip', (f) => f.slips[0] as number, 0.03, 0.02],
    ]);
  });

  it('recovers a forgetting model including forget', () => {
    const params: BktParams = { ...basic, forgets: [0.05] };
    const fits = SEEDS.map((seed) =>
      fitSkill(generateDataset({ students: 500, length: 100, params, seed }), { restarts: 2, seed, tol: 1e-4, forgets: true }),
    );
    expectRecovered(fits, [
      ['prior', (f) => f.prior, 0.1, 0.05],
      ['learn', (f) => f.learns[0] as number, 0.3, 0.02],
      ['forget', (f) => f.forgets[0] as number, 0.05, 0.01],
      ['guess', (f) => f.guesses[0] as number, 0.1, 0.02],
      ['slip', (f) => f.slips[0] as number, 0.03, 0.01],
    ]);
  });

  it('recovers per-item-class guess and slip (multigs)', () => {
    const guesses = [0.1, 0.2, 0.25, 0.15];
    const slips = [0.03, 0.1, 0.05, 0.08];
    const params: BktParams = { prior: 0.1, learns: [0.3], forgets: [0], guesses, slips };
    const fits = SEEDS.map((seed) => {
      const rng = createRng(seed * 7919);
      const cls = Array.from({ length: 500 * 100 }, () => Math.floor(rng.next() * 4));
      const d = generateDataset({ students: 500, length: 100, params, seed, gsClassOf: (s, t) => cls[s * 100 + t] as number });
      return fitSkill(d, { restarts: 2, seed, tol: 1e-4 });
    });
    const byName = (f: SkillFit, arr: 'guesses' | 'slips', k: number): number => f[arr][f.classes.gs.indexOf(String(k))] as number;
    expectRecovered(fits, [
      ['prior', (f) => f.prior, 0.1, 0.06],
      ['learn', (f) => f.learns[0] as number, 0.3, 0.04],
      ...guesses.map((g, k): [string, (f: SkillFit) => number, number, number] => [`guess ${k}`, (f) => byName(f, 'guesses', k), g, 0.075]),
      ...slips.map((s, k): [string, (f: SkillFit) => number, number, number] => [`slip ${k}`, (f) => byName(f, 'slips', k), s, 0.01]),
    ]);
  });
});
