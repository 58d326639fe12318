/**
 * Policy benchmark: every policy on the same simulated population (default 1,000 students, seed 1,
 * the bundled pack), then sensitivity runs: without the prerequisite effect, with an introductory
 * worked example per skill, information-first item choice, and no learning from examples/resources. Prints a JSON array, one report per run, with wall times.
 *   npx tsx scripts/bench/simulate.ts [--students N] [--seed S]
 */
import { loadBundledPack } from '../../src/content/index.ts';
import { POLICIES, simulate } from '../../src/simulation/index.ts';
import type { PolicyConfig } from '../../src/policy/index.ts';
import type { PolicyName, PopulationOptions } from '../../src/simulation/index.ts';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const students = arg('students', 1000);
const seed = arg('seed', 1);
const pack = loadBundledPack();
const runs: Array<{ name: string; policy: PolicyName; population: Partial<PopulationOptions>; config?: Partial<PolicyConfig> }> = [
  ...POLICIES.map((policy) => ({ name: 'default', policy, population: {} })),
  ...(['pathwise', 'lowest-mastery'] as const).map((policy) => ({ name: 'no-prerequisite-effect', policy, population: { prereqFactor: 1 } })),
  { name: 'intro-example', policy: 'pathwise', population: {}, config: { introExample: true } },
  { name: 'intro-example-no-prerequisite-effect', policy: 'pathwise', population: { prereqFactor: 1 }, config: { introExample: true } },
  { name: 'information-first-no-prerequisite-effect', policy: 'pathwise', population: { prereqFactor: 1 }, config: { informationWeight: 10 } },
  { name: 'remediation-teaches-nothing', policy: 'pathwise', population: { exampleFactor: 0, resourceRange: [0, 0] } },
];
const out: unknown[] = [];
for (const r of runs) {
  const t0 = performance.now();
  const report = simulate(pack, { policy: r.policy, students, seed, population: r.population, ...(r.config ? { config: r.config } : {}) });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  out.push({ scenario: r.name, seconds, config: r.config ?? {}, ...report });
  process.stderr.write(`${r.name} ${r.policy}: ${seconds} s\n`);
}
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
