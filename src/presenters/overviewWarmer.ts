/**
 * Prepares, at start-up, the class overviews teachers opened in the last days: the first view
 * after a restart otherwise reads and digests every student's row (656 ms for 3,000 students,
 * docs/benchmarks.md) instead of the 50-120 ms of a warm view. It builds each overview as a view
 * would (teacherView), which fills the summary copies (repositories/summaryCache.ts) and the
 * digests (overviewDigest.ts); it reads and never writes, except rebuilding a missing summary as
 * any first view does. Runs in the background; a view during the warm-up simply reads as before.
 */
import type { Logger } from '../logger.ts';
import { recentlyViewedActivities } from '../repositories/activities.ts';
import { teacherView } from './teacherView.ts';

export interface WarmOptions {
  /** Overviews opened within this many days (default 7). */
  days?: number;
  /** Stop once this many student rows are prepared (below the copies' bound of 60,000, default 50,000). */
  maxRows?: number;
  now?: Date;
  log?: Logger;
  /** Aborted when Pathwise shuts down: no further overview is started. */
  signal?: AbortSignal;
}

/** Builds the recently opened overviews, most recently opened first; returns how many and their rows. */
export async function warmOverviews(opts: WarmOptions = {}): Promise<{ activities: number; rows: number; ms: number }> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.days ?? 7) * 86_400_000);
  const maxRows = opts.maxRows ?? 50_000;
  let activities = 0;
  let rows = 0;
  for (const { activityId, courseId } of await recentlyViewedActivities(since, 100)) {
    if (rows >= maxRows || opts.signal?.aborted) break;
    try {
      const view = await teacherView(courseId, { activityId, cells: 'page', now });
      rows += view.activity?.allRows.length ?? 0;
      activities += 1;
    } catch (err) {
      opts.log?.warn({ err, activityId }, 'class overview not prepared at start-up; its first view reads it instead');
    }
  }
  const ms = Date.now() - started;
  opts.log?.info({ activities, rows, ms }, 'recently opened class overviews prepared');
  return { activities, rows, ms };
}
