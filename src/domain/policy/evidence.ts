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
import { itemsForSkill } from '../content/index.ts';
import type { Pack } from '../content/index.ts';
import type { ResolvedConfig } from './config.ts';
import { emissionFor } from './params.ts';
import type { SkillParams, SkillState } from './types.ts';

const DAY = 86_400_000;

const medians = new WeakMap<Pack, Map<string, number>>();

/** The median authored difficulty of a skill's items (cached per pack). */
export function medianDifficulty(pack: Pack, skillId: string): number {
  let m = medians.get(pack);
  if (!m) medians.set(pack, (m = new Map()));
  let v = m.get(skillId);
  if (v === undefined) {
    const d = itemsForSkill(pack, skillId)
      .map((i) => i.difficulty)
      .sort((a, b) => a - b);
    v = d.length === 0 ? 0 : ((d[Math.floor((d.length - 1) / 2)] as number) + (d[Math.ceil((d.length - 1) / 2)] as number)) / 2;
    m.set(skillId, v);
  }
  return v;
}

/**
 * An item's guess rate as evidence: the fitted one, never below its class's structural (pack)
 * rate; an item easier than the skill's median item counts at least `easyProofGuess` (a student
 * who has not mastered the skill often solves its easiest items from partial understanding, so a
 * right answer there proves little; IRT: an item tells most about ability near its difficulty).
 */
export function proofGuess(
  pack: Pack,
  params: SkillParams,
  skillId: string,
  itemClass: string,
  itemId: string,
  cfg?: ResolvedConfig,
): number {
  const { params: p, gsClass } = emissionFor(pack, params, skillId, itemClass, itemId);
  const g = Math.max(p.guesses[gsClass] ?? 0.2, pack.itemClasses[itemClass]?.guess ?? 0);
  if (!cfg || cfg.easyProofGuess <= g) return g;
  const item = pack.items.find((i) => i.id === itemId);
  return item && (item.difficulty ?? 0) < medianDifficulty(pack, skillId) ? cfg.easyProofGuess : g;
}

/**
 * The run after one answer: a right one multiplies the run's chance of being all guesses by the
 * item's guess rate, unless the item is already in the run (the same question again is not
 * independent evidence); a wrong one ends the run.
 */
export function extendRun(s: SkillState, itemId: string, guess: number, right: boolean, at?: string, partialGuess = 1): void {
  if (!right) {
    if ((s.runProving ?? 0) > 0 && (s.guessRun ?? 1) <= partialGuess + 1e-12) s.brokenRuns = (s.brokenRuns ?? 0) + 1;
    delete s.guessRun;
    delete s.runItems;
    delete s.runDays;
    delete s.runProving;
    return;
  }
  const items = s.runItems ?? [];
  if (items.includes(itemId)) return;
  s.runItems = [...items, itemId].slice(-8);
  s.guessRun = (s.guessRun ?? 1) * guess;
  if (guess < 1) s.runProving = (s.runProving ?? 0) + 1;
  const day = at?.slice(0, 10);
  if (day !== undefined && guess < 1 && !(s.runDays ?? []).includes(day)) s.runDays = [...(s.runDays ?? []), day].slice(-4);
}

/**
 * The evidence settings for one skill (issue 15, docs/benchmarks.md "Session 25"):
 * - once paused as stuck, a guess-rate product of at most `pausedProofGuess` (0.001) and
 *   `pausedProofItems` more proving items: a pause says the student has probably not been learning
 *   it, so a lucky run (one typed answer and two choice items: 1 in 160) is likelier than mastery;
 *   one who has since learned it pays about one more right answer;
 * - once `partialRuns` (2) runs held a proving right answer (guess-rate product at most
 *   `partialGuess`, default 1: any) and then broke, `partialProofItems` (1) more proving items:
 *   the student answers such items right part of the time without mastering the skill (partial
 *   knowledge, a growing ability), so three right in a row are as likely a good streak as mastery. Students who learn all at once rarely break such runs.
 */
export function evidenceConfig(s: SkillState | undefined, cfg: ResolvedConfig): ResolvedConfig {
  const paused = (s?.pauses ?? 0) > 0;
  const partial = (s?.brokenRuns ?? 0) >= cfg.partialRuns;
  if (!paused && !partial) return cfg;
  return {
    ...cfg,
    proofItems: cfg.proofItems + (paused ? cfg.pausedProofItems : 0) + (partial ? cfg.partialProofItems : 0),
    proofGuess: paused ? Math.min(cfg.proofGuess, cfg.pausedProofGuess) : cfg.proofGuess,
  };
}

/**
 * The guess-rate product the run must reach: `proofGuess` (`stuckProofGuess` on a skill flagged as
 * wheel-spinning, if stricter), but never below `floor`, the best the skill's item pool can give
 * (the product over all its items), so a skill with few informative items can still be mastered.
 */
export function proofNeeded(s: SkillState, cfg: ResolvedConfig, floor = 0): number {
  const need = s.wheelSpinningAt !== undefined ? Math.min(cfg.proofGuess, cfg.stuckProofGuess) : cfg.proofGuess;
  return Math.max(need, floor);
}

const floors = new WeakMap<SkillParams, Map<string, { floor: number; items: number }>>();

/**
 * The best the skill's pool can give: the product of the `proofItems` lowest proof guess rates of
 * its items (cached per parameters and settings), and how many proving items it has. With
 * `activity`, only items whose skills are all in it count: an item the student is never served
 * (one that also needs a skill outside the activity) cannot be part of the run, and counting it set
 * a floor the servable items could not reach after a refit (no mastery at all in simulation).
 */
export function proofFloor(
  pack: Pack,
  params: SkillParams,
  skillId: string,
  cfg: ResolvedConfig,
  activity?: Iterable<string>,
): { floor: number; items: number } {
  let m = floors.get(params);
  if (!m) floors.set(params, (m = new Map()));
  const within = activity === undefined ? undefined : new Set(activity);
  const scope = within === undefined ? '*' : [...within].sort().join(',');
  const key = `${pack.id}:${pack.version}:${skillId}:${cfg.easyProofGuess}:${cfg.proofItems}:${scope}`;
  let v = m.get(key);
  if (v === undefined) {
    const items = itemsForSkill(pack, skillId);
    const servable = within === undefined ? items : items.filter((i) => i.skills.every((k) => within.has(k)));
    const g = (servable.length > 0 ? servable : items)
      .map((i) => proofGuess(pack, params, skillId, i.class, i.id, cfg))
      .filter((x) => x < 1)
      .sort((a, b) => a - b)
      .slice(0, cfg.proofItems);
    v = { floor: g.reduce((a, x) => a * x, 1), items: g.length };
    m.set(key, v);
  }
  return v;
}

/**
 * Whether the run's right answers are guess-proof (whatever the days they came on): at least
 * `proofItems` different items that are not among the skill's easiest (fewer if the pool has
 * fewer), whose guess rates multiply to at most what is needed.
 */
export function runGuessProof(s: SkillState, cfg: ResolvedConfig, pool?: { floor: number; items: number }): boolean {
  if ((s.runProving ?? 0) < Math.min(cfg.proofItems, pool?.items ?? cfg.proofItems)) return false;
  return (s.guessRun ?? 1) <= proofNeeded(s, cfg, pool?.floor ?? 0) + 1e-12;
}

/** Whether the current run proves mastery: guess-proof, and spread over `proofDays` days. */
export function runProves(s: SkillState, cfg: ResolvedConfig, pool?: { floor: number; items: number }): boolean {
  return runGuessProof(s, cfg, pool) && (s.runDays?.length ?? 0) >= cfg.proofDays;
}

/**
 * Guess-proof today but not yet confirmed on another day: the skill waits for a short delayed
 * confirmation (one right answer on a later day) instead of being drilled further today.
 */
export function awaitingConfirmation(s: SkillState | undefined, now: string, cfg: ResolvedConfig): boolean {
  if (!s || s.mastered || cfg.proofDays <= 1 || !runGuessProof(s, evidenceConfig(s, cfg))) return false;
  const days = s.runDays ?? [];
  return days.length > 0 && days.length < cfg.proofDays && days.includes(now.slice(0, 10));
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
