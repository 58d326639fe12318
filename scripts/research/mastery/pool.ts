/**
 * Fitting many (skill, restart) jobs on worker threads. Restart start values are drawn on the main
 * thread exactly as `fitSkills` draws them and the best run is picked the same way, so the output
 * is identical for any number of workers.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fitSkill, pickBest, resolveFitOptions, restartStarts, toSkillFit } from '../../../src/domain/mastery/fit.ts';
import type { EmResult, FitOptions, PackedParams, SkillData, SkillFit } from '../../../src/domain/mastery/types.ts';

// The worker is TypeScript: boot it through tsx's API (Node 20 does not apply --import hooks given
// in a worker's execArgv), from a relative URL so no path is machine-specific.
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((api) => api.tsImport(${JSON.stringify(
  new URL('./fitWorker.ts', import.meta.url).href,
)}, ${JSON.stringify(import.meta.url)}));`;

/** Resolve the --workers flag: a count, or "auto" for os.availableParallelism(). */
export function workerCount(flag: string | undefined): number {
  if (flag === undefined) return 1;
  if (flag === 'auto') return availableParallelism();
  return Number(flag);
}

/** Fit every skill; `workers` <= 1 stays on this thread. Data must be shared when workers > 1. */
export async function fitAll(data: SkillData[], options: FitOptions, workers: number): Promise<Map<string, SkillFit>> {
  const o = resolveFitOptions(options);
  if (workers <= 1) {
    const out = new Map<string, SkillFit>();
    for (const d of data) out.set(d.skill, fitSkill(d, options));
    return out;
  }
  const jobs: { skill: number; start: PackedParams }[] = [];
  data.forEach((d, skill) => restartStarts(d, o).forEach((start) => jobs.push({ skill, start })));
  const results: EmResult[] = new Array(jobs.length);
  const n = Math.min(workers, jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, () => {
      const w = new Worker(WORKER_BOOT, { eval: true, workerData: { skills: data, iterations: o.iterations, tol: o.tol } });
      return new Promise<void>((resolve, reject) => {
        const feed = (): void => {
          if (next >= jobs.length) {
            void w.terminate().then(() => resolve());
            return;
          }
          const job = next++;
          const j = jobs[job] as { skill: number; start: PackedParams };
          w.postMessage({ job, skill: j.skill, start: j.start });
        };
        w.on('message', (m: { job: number; result: EmResult }) => {
          results[m.job] = m.result;
          feed();
        });
        w.on('error', reject);
        w.on('online', feed);
      });
    }),
  );
  const out = new Map<string, SkillFit>();
  let k = 0;
  data.forEach((d) => {
    const runs = results.slice(k, k + o.restarts);
    k += o.restarts;
    out.set(d.skill, toSkillFit(d, pickBest(runs)));
  });
  return out;
}
