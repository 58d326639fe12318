/**
 * Evidence a teacher can trust, and memory over time (pure helpers of state.ts and select.ts):
 * - guess-proof mastery: a run of right first answers counts as proof only when it could hardly
 *   have been guessed (the product of the items' guess rates, each at least the pack's
 *   1 / options value for its class: a fitted guess may only make an item more guessable);
 * - forgetting: a mastered skill's P(mastered) decays with the FSRS retrievability of its review
 *   card, so the next answer starts from what the student probably still remembers;
 * - pauses: a stuck skill is set aside for a while rather than drilled.
 */
import { forgetting_curve, FSRS6_DEFAULT_DECAY } from 'ts-fsrs';
import type { Pack } from '../content/index.ts';
import type { ResolvedConfig } from './config.ts';
import { emissionFor } from './params.ts';
import type { SkillParams, SkillState } from './types.ts';

const DAY = 86_400_000;

/** Guess rate of an item for the proof of mastery: the fitted one, never below its class's structural (pack) rate. */
export function proofGuess(pack: Pack, params: SkillParams, skillId: string, itemClass: string, itemId: string): number {
  const { params: p, gsClass } = emissionFor(pack, params, skillId, itemClass, itemId);
  return Math.max(p.guesses[gsClass] ?? 0.2, pack.itemClasses[itemClass]?.guess ?? 0);
}

/**
 * The run after one answer: a right one multiplies the run's chance of being all guesses by the
 * item's guess rate, unless the item is the run's last one (the same question twice in a row is not
 * independent evidence; a skill with two usable items can still build a long run); a wrong one
 * ends the run.
 */
export function extendRun(s: SkillState, itemId: string, guess: number, right: boolean): void {
  if (!right) {
    delete s.guessRun;
    delete s.runItems;
    return;
  }
  const items = s.runItems ?? [];
  if (items[items.length - 1] === itemId) return;
  s.runItems = [...items, itemId].slice(-8);
  s.guessRun = (s.guessRun ?? 1) * guess;
}

/** Whether the current run proves mastery: a flagged (wheel-spinning) skill needs twice the proof. */
export function runProves(s: SkillState, cfg: ResolvedConfig): boolean {
  const need = s.wheelSpinningAt !== undefined ? cfg.confirmGuess * cfg.confirmGuess : cfg.confirmGuess;
  return (s.guessRun ?? 1) <= need + 1e-12;
}

/** Estimated recall of a mastered skill at `now` (FSRS retrievability of its card; 1 without one). */
export function recall(s: SkillState, now: string): number {
  const card = s.review;
  if (!s.mastered || !card) return 1;
  const since = card.last_review ?? s.masteredAt ?? s.lastAt;
  if (!since) return 1;
  const days = Math.max(0, (Date.parse(now) - Date.parse(since)) / DAY);
  return forgetting_curve(FSRS6_DEFAULT_DECAY, days, Math.max(0.1, card.stability));
}

/** P(mastered) at `now`: what the student probably still remembers (BKT's prior at the next encounter). */
export function decayedMastery(s: SkillState, now: string): number {
  return s.pMastered * recall(s, now);
}

/** Mastered but probably rusty: estimated recall below the review target. */
export function needsRefresh(s: SkillState | undefined, now: string, cfg: ResolvedConfig): boolean {
  return s !== undefined && s.mastered && recall(s, now) < cfg.reviewRetention;
}

/** Whether the skill is paused for this student at `now`. */
export function isPaused(s: SkillState | undefined, now: string): boolean {
  return s?.pausedUntil !== undefined && Date.parse(s.pausedUntil) > Date.parse(now);
}

/**
 * After an answer on a flagged skill: once it has had `stuckTries` tries since the flag (its change
 * of plan: a prerequisite, a worked example), it is paused, and the count restarts. The pause
 * doubles each time (`pauseDays`, then 2x, 4x ... up to 16x): a slow learner comes back to it the next day,
 * a student who cannot learn it without help is not drilled day after day.
 */
export function maybePause(s: SkillState, at: string, cfg: ResolvedConfig): void {
  if (s.wheelSpinningAt === undefined || s.mastered) return;
  s.flagAttempts ??= s.attempts;
  if (s.attempts - s.flagAttempts < cfg.stuckTries) return;
  s.pauses = (s.pauses ?? 0) + 1;
  s.pausedUntil = new Date(Date.parse(at) + cfg.pauseDays * 2 ** Math.min(s.pauses - 1, 4) * DAY).toISOString();
  s.flagAttempts = s.attempts;
}
