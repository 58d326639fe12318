/**
 * Learner who forgets over days (a memory model written for the benchmark, not BKT's per-try
 * forget): a skill is first acquired by practice (a chance per attempt, as in a classroom), after
 * which the memory has a stability S in days and the chance of recalling it after t days is
 * (1 + t / (9 S))^-1 (a power-law forgetting curve; R = 0.9 after S days). A successful recall makes
 * the memory more stable, the more so the harder it was and the less stable it already is, as in
 * the DSR model behind FSRS (stability gain 1 + 27 S^-0.14 (e^(1 - R) - 1): about 3-4x for a recall
 * at R = 0.9, almost nothing for a repetition minutes later, when R is still about 1; spacing
 * effect, and diminishing returns for stable memories); a failed one halves S and the item's
 * feedback restores the memory. True mastery at a time = acquired and a chance of at least 0.9 on a
 * typed item (0.02 + 0.93 R >= 0.9), so 30 days on it needs S of about 58 days.
 */
import { listSkills } from '../../../src/domain/content/index.ts';
import type { Pack } from '../../../src/domain/content/index.ts';
import { hash32, normal, createRng } from '../../../src/domain/random.ts';
import { answerTime, classGuess, logit, sigmoid } from './types.ts';
import type { Learner, LearnerAnswer, LearnerItem } from './types.ts';

const DAY = 86_400_000;
const SLIP = 0.05;

/** Stability gain of a successful recall at retrievability R of a memory of stability S (days). */
export function stabilityGain(S: number, R: number): number {
  return 1 + 27 * Math.pow(S, -0.14) * (Math.exp(1 - R) - 1);
}

export function drawForgetting(
  pack: Pack,
  activity: string[],
  seed: number,
  index: number,
  opts: { priorShift: number; learnScale: number },
): Learner {
  const rng = createRng(hash32(seed, `memory:${index}`));
  const answers = createRng(hash32(seed, `memory-answers:${index}`));
  const ability = normal(rng) * 0.7;
  const inActivity = new Set(activity);
  const learn: Record<string, number> = {};
  const stability: Record<string, number> = {};
  const lastAt: Record<string, number> = {};
  const learner: Learner = { learned: {}, learnedAt: {}, opportunities: {}, unlearnable: new Set(), answer, study, masters };
  for (const s of listSkills(pack)) {
    if (!inActivity.has(s.id)) continue;
    learn[s.id] = Math.min(0.9, sigmoid(logit(s.bkt.learn) + ability + normal(rng) * 0.5) * opts.learnScale);
    learner.opportunities[s.id] = 0;
    const known = rng.next() < sigmoid(logit(s.bkt.prior) + opts.priorShift + ability);
    learner.learned[s.id] = known;
    learner.learnedAt[s.id] = known ? 0 : undefined;
    if (known) stability[s.id] = 3 + 4 * rng.next();
  }

  function recall(skill: string, at: number): number {
    const S = stability[skill];
    if (!learner.learned[skill] || S === undefined) return 0;
    const t = Math.max(0, at - (lastAt[skill] ?? at)) / DAY;
    return 1 / (1 + t / (9 * S));
  }
  function masters(skill: string, at: number): boolean {
    return learner.learned[skill] === true && 0.02 + (1 - 0.02 - SLIP) * recall(skill, at) >= 0.9;
  }
  function acquire(skill: string, at: number): void {
    learner.learned[skill] = true;
    stability[skill] = 0.8 + 1.2 * answers.next();
    lastAt[skill] = at;
    if (learner.learnedAt[skill] === undefined) learner.learnedAt[skill] = learner.opportunities[skill] ?? 0;
  }
  function answer(skills: string[], item: LearnerItem, at: number): LearnerAnswer {
    const known = skills.filter((s) => s in learn);
    const guess = classGuess(item.class);
    let correct = true;
    const recalled: boolean[] = known.map((s) => answers.next() < recall(s, at));
    known.forEach((_s, i) => {
      const p = recalled[i] ? 1 - SLIP : guess;
      if (answers.next() >= p) correct = false;
    });
    const all = recalled.every(Boolean);
    const hintsUsed = answers.next() < (all ? 0.05 : 0.3) ? 1 : 0;
    const durationMs = answerTime(all, normal(answers));
    known.forEach((s, i) => {
      learner.opportunities[s] = (learner.opportunities[s] ?? 0) + 1;
      if (!learner.learned[s]) {
        if (answers.next() < (learn[s] ?? 0)) acquire(s, at);
        return;
      }
      const R = recall(s, at);
      const S = stability[s] ?? 1;
      stability[s] = recalled[i] ? S * stabilityGain(S, R) : Math.max(0.5, S * 0.5);
      lastAt[s] = at;
    });
    return { correct, hintsUsed, durationMs };
  }
  function study(skill: string, factor: number, at: number): void {
    if (!(skill in learn)) return;
    if (!learner.learned[skill]) {
      if (answers.next() < Math.min(1, (learn[skill] ?? 0) * factor)) acquire(skill, at);
    } else if (recall(skill, at) < 0.9) lastAt[skill] = at;
  }
  return learner;
}
