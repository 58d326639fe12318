/**
 * Item choice for one skill: which items may be served (all their skills open), their predicted
 * P(correct) under the student's state, and the pick closest to the target band, never the same
 * variant as the last step.
 */
import { itemsForSkill } from '../content/index.ts';
import type { ItemSummary, Pack } from '../content/index.ts';
import { masteryBeforeNext, predictCorrect } from '../mastery/index.ts';
import type { ResolvedConfig } from './config.ts';
import { freshSkill, missingPrerequisites } from './graph.ts';
import { emissionFor } from './params.ts';
import { evidenceConfig, medianDifficulty, proofNeeded } from './evidence.ts';
import type { Rng } from '../random.ts';
import type { SkillParams, StudentState } from './types.ts';

/** An item with its prediction for this student. */
export interface Candidate {
  item: ItemSummary;
  predicted: number;
  /** Mean guess rate of the item's class over its skills (lower = more informative). */
  guess: number;
  /** Number of its skills still to master (an item practising two of them counts twice). */
  openSkills: number;
  /** Its other skills already mastered: a slip on them would withdraw their mastery (and re-gate). */
  masteredOthers: number;
  /** Expected information (bits) the answer gives about whether the student knows the target skill. */
  info: number;
  /** Easier than the target skill's median item (weak evidence of mastery; evidence.ts). */
  easy?: boolean;
}

const h2 = (p: number): number => (p <= 0 || p >= 1 ? 0 : -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p)));

/**
 * Mutual information between the answer and the target skill's hidden state: H(answer) minus the
 * expected H(answer | state). A typed answer (guess 5%) tells far more than a true/false one (50%),
 * so mastery is confirmed (or ruled out) in fewer items. Other skills of the item scale both
 * emissions by their predicted success (an error there hides what the student knows here).
 */
export function answerInformation(pLearned: number, guess: number, slip: number, others = 1): number {
  const e1 = (1 - slip) * others;
  const e0 = guess * others;
  const pc = pLearned * e1 + (1 - pLearned) * e0;
  return Math.max(0, h2(pc) - pLearned * h2(e1) - (1 - pLearned) * h2(e0));
}

/** P(correct) of an item: the product over its skills (all must be known to answer). */
export function predictItem(
  pack: Pack,
  params: SkillParams,
  state: StudentState,
  item: ItemSummary,
  activity: Set<string>,
  target?: string,
): { predicted: number; guess: number; info: number } {
  let predicted = 1;
  let guess = 0;
  let k = 0;
  let own: { pLearned: number; guess: number; slip: number; predicted: number } | undefined;
  for (const id of item.skills) {
    if (!activity.has(id) || !params[id]) continue;
    const { params: p, gsClass } = emissionFor(pack, params, id, item.class, item.id);
    const s = state.skills[id] ?? freshSkill(p.prior);
    const pc = predictCorrect(p, { pMastered: s.pMastered, n: s.n }, gsClass);
    predicted *= pc;
    guess += p.guesses[gsClass] ?? 0;
    k += 1;
    if (id === (target ?? item.skills[0])) {
      own = {
        pLearned: masteryBeforeNext(p, { pMastered: s.pMastered, n: s.n }),
        guess: p.guesses[gsClass] ?? 0,
        slip: p.slips[gsClass] ?? 0,
        predicted: pc,
      };
    }
  }
  const info = own ? answerInformation(own.pLearned, own.guess, own.slip, own.predicted > 0 ? predicted / own.predicted : 0) : 0;
  return { predicted, guess: k > 0 ? guess / k : 0, info };
}

/**
 * Items of `skillId` the student can be served now: every skill of the item is in the activity and
 * open (mastered or prerequisites met). Falls back to all of the skill's items if none qualifies.
 */
export function candidatesFor(
  pack: Pack,
  params: SkillParams,
  state: StudentState,
  skillId: string,
  activitySkills: string[],
): Candidate[] {
  const activity = new Set(activitySkills);
  const all = itemsForSkill(pack, skillId);
  const open = (id: string): boolean =>
    activity.has(id) && (state.skills[id]?.mastered === true || missingPrerequisites(pack, state, id, activitySkills).length === 0);
  const usable = all.filter((i) => i.skills.every(open));
  const median = medianDifficulty(pack, skillId);
  return (usable.length > 0 ? usable : all).map((item) => ({
    item,
    easy: item.difficulty < median,
    ...predictItem(pack, params, state, item, activity, skillId),
    openSkills: item.skills.filter((id) => activity.has(id) && state.skills[id]?.mastered !== true).length,
    masteredOthers: item.skills.filter((id) => id !== skillId && activity.has(id) && state.skills[id]?.mastered === true).length,
  }));
}

/** Distance of a prediction from the band (0 inside). */
export function bandDistance(p: number, band: [number, number]): number {
  return p < band[0] ? band[0] - p : p > band[1] ? p - band[1] : 0;
}

/**
 * The band distance of a candidate. With `bandOnKnowledge` the band is measured on the chance of
 * answering from knowledge, (P(correct) - guess) / (1 - guess): a true/false item at 75% is a coin
 * flip plus 50% knowledge, not an item at the edge of ability.
 */
export function candidateBandDistance(c: Candidate, cfg: ResolvedConfig): number {
  return bandDistance(cfg.bandOnKnowledge ? knownChance(c) : c.predicted, cfg.targetBand);
}

/** Drops the last served item when anything else is available (never the same variant twice in a row). */
export function withoutLast(cands: Candidate[], state: StudentState): Candidate[] {
  const lastItem = state.lastStep?.itemId;
  const rest = cands.filter((c) => c.item.id !== lastItem);
  return rest.length > 0 ? rest : cands;
}

/**
 * Variety: the items of the skill the student has not been served yet; when every one has been,
 * the less recently served half. Never the last item when another exists.
 */
export function freshItems(cands: Candidate[], state: StudentState, skillId: string | undefined): Candidate[] {
  const rest = withoutLast(cands, state);
  const seen = skillId !== undefined ? (state.skills[skillId]?.seen ?? []) : [];
  if (seen.length === 0) return rest;
  const unseen = rest.filter((c) => !seen.includes(c.item.id));
  if (unseen.length > 0) return unseen;
  const rank = (c: Candidate): number => seen.indexOf(c.item.id);
  const order = rest.map(rank).sort((a, b) => a - b);
  const cut = order[Math.max(0, Math.ceil(order.length / 2) - 1)] ?? Infinity;
  return rest.filter((c) => rank(c) <= cut);
}

/**
 * The items to choose from: freshItems (variety), except that while confirming a mastery, once
 * every item has been served (no unused one left to prefer), the proving items not yet in the run
 * come back even if recently served: the "less recently served half" often held only the skill's
 * easiest items, which prove nothing, and the confirmation dragged on (forgetting learners after a
 * refit: 28 items between a settled estimate and the declaration).
 */
function confirmationPool(
  cands: Candidate[],
  state: StudentState,
  skillId: string | undefined,
  useful?: (c: Candidate) => boolean,
): Candidate[] {
  const pool = freshItems(cands, state, skillId);
  if (!useful || pool.some(useful)) return pool;
  const seen = skillId !== undefined ? (state.skills[skillId]?.seen ?? []) : [];
  const rest = withoutLast(cands, state);
  if (rest.some((c) => !seen.includes(c.item.id))) return pool;
  const proving = rest.filter(useful);
  return proving.length > 0 ? proving : pool;
}

function recentUses(state: StudentState, itemId: string): number {
  let n = 0;
  for (const r of state.recent.slice(-6)) if (r.itemId === itemId) n += 1;
  return n;
}

/**
 * The item at the edge of ability: closest to the target band; among items in the band, the more
 * informative (lower guess) and less recently seen, and one practising several open skills.
 */
export function pickBandItem(
  cands: Candidate[],
  state: StudentState,
  cfg: ResolvedConfig,
  rng: Rng,
  skillId?: string,
): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = Infinity;
  const s = skillId !== undefined ? state.skills[skillId] : undefined;
  const ecfg = evidenceConfig(s, cfg);
  const diagnosing = s !== undefined && !s.everMastered && s.attempts >= cfg.earlyWarningAfter;
  const infoWeight = cfg.informationWeight + (diagnosing ? cfg.diagnosticWeight : 0);
  // Near mastery, an item whose right answer would complete the guess-proof run is the one to ask.
  const confirming = s !== undefined && !s.mastered && s.pMastered >= 0.8 * cfg.masteryThreshold;
  const proofOf = (c: Candidate): number => (c.easy ? Math.max(c.guess, cfg.easyProofGuess) : c.guess);
  const bestProofs = cands
    .map(proofOf)
    .filter((g) => g < 1)
    .sort((a, b) => a - b)
    .slice(0, ecfg.proofItems);
  const need = s
    ? proofNeeded(
        s,
        ecfg,
        bestProofs.reduce((a, g) => a * g, 1),
      )
    : cfg.proofGuess;
  // Useful for the confirmation: a proving item (not among the easiest) not already in the run.
  const useful = (c: Candidate): boolean => proofOf(c) < 1 && !(s?.runItems ?? []).includes(c.item.id);
  for (const c of confirmationPool(cands, state, skillId, confirming ? useful : undefined)) {
    const unproving = confirming ? (!useful(c) ? 3 : (s?.guessRun ?? 1) * proofOf(c) > need ? 1 : 0) : 0;
    const score =
      unproving +
      10 * candidateBandDistance(c, cfg) +
      cfg.informativeWeight * c.guess -
      infoWeight * c.info +
      cfg.masteredPenalty * c.masteredOthers +
      0.05 * recentUses(state, c.item.id) -
      0.05 * Math.max(0, c.openSkills - 1) +
      0.01 * rng.next();
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** The chance of answering a candidate from knowledge: P(correct) with the guess removed. */
export function knownChance(c: Candidate): number {
  return Math.max(0, (c.predicted - c.guess) / Math.max(1e-6, 1 - c.guess));
}

/**
 * An easier item for remediation: among items not served yet (variety), the lowest authored
 * difficulty, then the highest chance of answering from knowledge (guess removed). Sorting by raw
 * P(correct) would give a struggling student only the most guessable items (true/false,
 * matching), which teach and tell little, while typed and teacher-imported items never came round.
 */
export function pickEasiest(cands: Candidate[], state: StudentState, skillId?: string): Candidate | undefined {
  return [...freshItems(cands, state, skillId)].sort(
    (a, b) => a.item.difficulty - b.item.difficulty || knownChance(b) - knownChance(a) || a.guess - b.guess,
  )[0];
}

/**
 * The easiest item of a (prerequisite) skill among those that pass `safe` (e.g. one slip would not
 * withdraw its mastery), never a served one while the skill has unused items: the filter used to
 * leave only served items, and the step repeated one though unused ones remained.
 */
export function pickSafeEasiest(
  cands: Candidate[],
  state: StudentState,
  skillId: string,
  safe: (c: Candidate) => boolean,
): Candidate | undefined {
  const seen = state.skills[skillId]?.seen ?? [];
  const unused = withoutLast(cands, state).some((c) => !seen.includes(c.item.id));
  return pickEasiest(
    cands.filter((c) => safe(c) && (!unused || !seen.includes(c.item.id))),
    state,
    skillId,
  );
}

/** The most diagnostic item for a review (lowest guess rate, then least recently seen). */
export function pickReviewItem(cands: Candidate[], state: StudentState, rng: Rng, skillId?: string): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = Infinity;
  for (const c of freshItems(cands, state, skillId)) {
    const score = c.guess + 0.05 * recentUses(state, c.item.id) + 0.01 * rng.next();
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** A variant seed that differs from the last step's when the same item must be served again. */
export function variantSeed(state: StudentState, itemId: string, seed: number): number {
  const last = state.lastStep;
  return last?.itemId === itemId && last.seed === seed ? (seed + 1) >>> 0 : seed;
}
