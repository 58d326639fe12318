/**
 * Resource choice as a Bernoulli bandit (Thompson sampling): a resource's reward is whether the
 * student's next attempt on the skill was correct, so the resource that helps most is shown more
 * as evidence accumulates. Student and (optional) course statistics are pooled.
 */
import type { Rng } from '../random.ts';
import { beta } from '../random.ts';
import type { ResourceStats } from './types.ts';

/** Pooled (shown, helped) of one arm. */
export function armStats(skillId: string, index: number, ...sources: (ResourceStats | undefined)[]): { shown: number; helped: number } {
  let shown = 0;
  let helped = 0;
  for (const src of sources) {
    const a = src?.[skillId]?.[index];
    if (a) {
      shown += a.shown;
      helped += a.helped;
    }
  }
  return { shown, helped };
}

/** Picks a resource index by Thompson sampling over Beta(1 + helped, 1 + shown - helped). */
export function chooseResource(skillId: string, count: number, rng: Rng, ...sources: (ResourceStats | undefined)[]): number {
  let best = 0;
  let bestDraw = -1;
  for (let i = 0; i < count; i++) {
    const { shown, helped } = armStats(skillId, i, ...sources);
    const draw = beta(rng, 1 + helped, 1 + Math.max(0, shown - helped));
    if (draw > bestDraw) {
      bestDraw = draw;
      best = i;
    }
  }
  return best;
}

/** Adds course-wide statistics from many students' states (the app may cache the sum). */
export function sumResourceStats(all: ResourceStats[]): ResourceStats {
  const out: ResourceStats = {};
  for (const stats of all) {
    for (const [skill, arms] of Object.entries(stats)) {
      const target = (out[skill] ??= []);
      arms.forEach((a, i) => {
        while (target.length <= i) target.push({ shown: 0, helped: 0 });
        const t = target[i] as { shown: number; helped: number };
        t.shown += a.shown;
        t.helped += a.helped;
      });
    }
  }
  return out;
}
