/**
 * Worker thread for `--workers N`: runs whole EM restarts on skill data shared with the main
 * thread (SharedArrayBuffer, no copy). The same runEm as single-threaded fits, so results match.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runEm } from '../../../src/domain/mastery/em.ts';
import type { PackedParams, SkillData } from '../../../src/domain/mastery/types.ts';

interface Init {
  skills: SkillData[];
  iterations: number;
  tol: number;
}
interface Job {
  job: number;
  skill: number;
  start: PackedParams;
}

const init = workerData as Init;
parentPort?.on('message', (m: Job) => {
  const d = init.skills[m.skill];
  if (!d) throw new Error(`no skill ${m.skill}`);
  const r = runEm(d, m.start, { iterations: init.iterations, tol: init.tol });
  parentPort?.postMessage({ job: m.job, result: r });
});
