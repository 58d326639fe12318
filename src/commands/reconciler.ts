/**
 * The scheduled reconciler: at start-up and every `intervalMs`, on one instance at a time (a job
 * lease), applies answer effects an interrupted request left behind and wakes the grade sender,
 * so the LMS ends up holding the score Pathwise holds; then rewrites class-overview summary rows
 * that lag their progress document (classSummary.ts).
 */
import type { Logger } from '../logger.ts';
import { releaseJobLease, takeJobLease } from '../repositories/jobLeaseRepository.ts';
import { reconcileEffects } from './answerEffects.ts';
import { reconcileSummaries } from '../repositories/classSummary.ts';

export function startReconciler(opts: { owner: string; intervalMs: number; log: Logger; afterRun(): void; schedule: boolean }): {
  run(): Promise<void>;
  /** Pauses the scheduled runs (a run in progress finishes first); call the returned function to resume. */
  hold(): Promise<() => void>;
  stop(): Promise<void>;
} {
  let running: Promise<void> | undefined;
  let held = 0;
  const run = (): Promise<void> =>
    held > 0
      ? Promise.resolve()
      : (running ??= (async () => {
          try {
            if (!(await takeJobLease('reconcile', opts.owner, 5 * 60_000))) return;
            try {
              const r = await reconcileEffects(opts.log);
              if (r.graded) opts.afterRun();
              const s = await reconcileSummaries();
              if (s.stale) opts.log.warn(s, 'reconciler rewrote class-overview rows that lagged their progress');
            } finally {
              await releaseJobLease('reconcile', opts.owner);
            }
          } catch (err) {
            opts.log.warn({ err }, 'reconciler run failed; will try again at the next interval');
          }
        })().finally(() => {
          running = undefined;
        }));
  const timer = opts.schedule ? setInterval(() => void run(), opts.intervalMs).unref() : undefined;
  if (opts.schedule) void run();
  return {
    run,
    hold: async () => {
      held++;
      await running;
      let released = false;
      return () => {
        if (!released) held--;
        released = true;
      };
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
