/**
 * Evidence a teacher can trust, and memory over time (pure helpers of state.ts and select.ts):
 * - guess-proof mastery: the right first answers since the last wrong one prove mastery only when
 *   they could hardly all have been guesses (the product of their items' guess rates, each at least
 *   the pack's 1-in-options value for its class, so a refit can only make an item more guessable);
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

/** An item's guess rate as evidence: the fitted one, never below its class's structural (pack) rate. */
export function proofGuess(pack: Pack, params: SkillParams, skillId: string, itemClass: string, itemId: string): number {
  const { params: p, gsClass } = emissionFor(pack, params, skillId, itemClass, itemId);
  return Math.max(p.guesses[gsClass] ?? 0.2, pack.itemClasses[itemClass]?.guess ?? 0);
}

/**
 * The run after one answer: a right one multiplies the run's chance of being all guesses by the
 * item's guess rate, unless the item is already in the run (the same question again is not
 * independent evidence); a wrong one ends the run.
 */
export function extendRun(s: SkillState, itemId: string, guess: number, right: boolean): void {
  if (!right) {
    delete s.guessRun;
    delete s.runItems;
    return;
  }
  const items = s.runItems ?? [];
  if (items.includes(itemId)) return;
  s.runItems = [...items, itemId].slice(-8);
  s.guessRun = (s.guessRun ?? 1) * guess;
}

/** The guess-rate product the run must reach: stricter for a skill flagged as wheel-spinning. */
export function proofNeeded(s: SkillState, cfg: ResolvedConfig): number {
  return s.wheelSpinningAt !== undefined ? cfg.stuckProofGuess : cfg.proofGuess;
}

/** Whether the current run proves mastery. */
export function runProves(s: SkillState, cfg: ResolvedConfig): boolean {
  return (s.guessRun ?? 1) <= proofNeeded(s, cfg) + 1e-12;
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
 * After an answer on a flagged skill: once it has had `stuckTries` tries since the flag (after its
 * change of plan: a prerequisite or the worked example) and the estimate is still below
 * `wheelSpinBelow` (no progress), it is paused; either way the count restarts. The
 * first four pauses last until the next day (`pauseDays`), later ones 2x, 4x, 8x: a slow
 * learner comes back to it the next day, a student who cannot learn it without help is not drilled
 * day after day.
 */
export function maybePause(s: SkillState, at: string, cfg: ResolvedConfig): void {
  if (s.wheelSpinningAt === undefined || s.mastered) return;
  s.flagAttempts ??= s.attempts;
  if (s.attempts - s.flagAttempts < cfg.stuckTries) return;
  if (s.pMastered >= cfg.wheelSpinBelow) {
    // Progress since the flag (the estimate is up): no pause, the count restarts.
    s.flagAttempts = s.attempts;
    return;
  }
  s.pauses = (s.pauses ?? 0) + 1;
  // Until the start of a later (UTC) day: the next day for the first four pauses, then 2, 4, 8 days.
  const days = cfg.pauseDays * 2 ** Math.min(Math.max(0, s.pauses - 4), 3);
  s.pausedUntil = new Date((Math.floor(Date.parse(at) / DAY) + days) * DAY).toISOString();
  s.flagAttempts = s.attempts;
}
