/**
 * State transitions of the policy: a new student, an answer (BKT update, mastery, review,
 * remediation counters, bandit reward), a worked example or resource shown, a chosen skill, a goal.
 * Every function returns a new state and leaves its input untouched.
 */
import { workedExample } from '../content/index.ts';
import type { Pack } from '../content/index.ts';
import { updateMastery } from '../mastery/index.ts';
import { resolveConfig } from './config.ts';
import type { ResolvedConfig } from './config.ts';
import { freshSkill, missingPrerequisites, skillInfo } from './graph.ts';
import { wheelSpinning } from './flags.ts';
import { decayedMastery, evidenceConfig, extendRun, maybePause, proofFloor, proofGuess, runProves } from './evidence.ts';
import { emissionFor } from './params.ts';
import { ratingFor, recordReview, startReview } from './review.ts';
import type { AnswerEvent, ChoiceResult, GoalResult, PolicyConfig, SkillParams, SkillState, Step, StudentState } from './types.ts';

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Whether the skill's run proves mastery (with the stricter evidence of a skill once paused as stuck). */
function proves(pack: Pack, params: SkillParams, id: string, s: SkillState, cfg: ResolvedConfig, activity: string[]): boolean {
  const ecfg = evidenceConfig(s, cfg);
  return runProves(s, ecfg, proofFloor(pack, params, id, ecfg, activity));
}

/** A student who has not practised yet: every activity skill at its prior. */
export function initialState(pack: Pack, activitySkills: string[], params: SkillParams, now: string): StudentState {
  const info = skillInfo(pack);
  const skills: Record<string, SkillState> = {};
  for (const id of activitySkills) {
    if (!info.has(id)) throw new RangeError(`skill ${id} is not in pack ${pack.id}`);
    skills[id] = freshSkill(params[id]?.prior ?? info.get(id)?.bkt.prior ?? 0.2);
  }
  return { version: 1, skills, recent: [], resourceStats: {}, createdAt: now, attempts: 0 };
}

function ensureSkill(pack: Pack, params: SkillParams, state: StudentState, id: string): SkillState | undefined {
  const existing = state.skills[id];
  if (existing) return existing;
  const info = skillInfo(pack).get(id);
  if (!info) return undefined;
  const s = freshSkill(params[id]?.prior ?? info.bkt.prior);
  state.skills[id] = s;
  return s;
}

/**
 * Applies one answer: BKT update of every skill the item practises (first attempts only), mastery
 * declared at the threshold (which starts spaced review) or lapsed below it (a failed review
 * re-opens the skill and re-gates its dependents), remediation counters, early-warning features,
 * and the bandit reward of a resource shown just before.
 */
export function applyAnswer(
  pack: Pack,
  params: SkillParams,
  state: StudentState,
  ev: AnswerEvent,
  config?: Partial<PolicyConfig>,
): StudentState {
  const cfg = resolveConfig(config);
  const next = clone(state);
  const first = (ev.attempt ?? 1) <= 1;
  const hinted = ev.hintsUsed > 0;
  const creditCorrect = ev.correct && !(hinted && cfg.hintCountsAsIncorrect);
  const wasReview = next.lastStep?.kind === 'item' && next.lastStep.itemId === ev.itemId && next.lastStep.review === true;
  for (const id of ev.skillIds) {
    const s = ensureSkill(pack, params, next, id);
    if (!s) continue;
    s.lastAt = ev.at;
    if (!first) continue;
    const { params: p, gsClass } = emissionFor(pack, params, id, ev.itemClass, ev.itemId);
    // Forgetting: a mastered skill starts from what the student probably still remembers.
    const m = updateMastery(p, { pMastered: decayedMastery(s, ev.at), n: s.n }, { correct: creditCorrect, gsClass });
    extendRun(s, ev.itemId, proofGuess(pack, params, id, ev.itemClass, ev.itemId, cfg), creditCorrect, ev.at, cfg.partialGuess);
    s.pMastered = m.pMastered;
    s.n = m.n;
    s.attempts += 1;
    if (ev.correct) s.correct += 1;
    if (s.early.n < cfg.earlyWarningAfter && !s.everMastered) {
      s.early.n += 1;
      if (creditCorrect) s.early.correct += 1;
      if (hinted) s.early.hinted += 1;
      if ((ev.durationMs ?? 0) > cfg.slowAnswerMs) s.early.slow += 1;
    }
    if (s.pendingResource !== undefined) {
      const stats = (next.resourceStats[id] ??= []);
      while (stats.length <= s.pendingResource) stats.push({ shown: 0, helped: 0 });
      const arm = stats[s.pendingResource] as { shown: number; helped: number };
      arm.shown += 1;
      if (creditCorrect) arm.helped += 1;
      delete s.pendingResource;
    }
    if (creditCorrect) {
      s.errorStreak = 0;
      s.remediation = 'none';
    } else {
      // The answer to the easier item the sequence served: after a worked example, or straight
      // away when the skill has none (see remediationFor in select.ts).
      const noExample = workedExample(pack, id) === undefined;
      if (s.remediation === 'worked-example' || (s.remediation === 'none' && noExample && s.errorStreak >= cfg.remediateAfterErrors)) {
        s.remediation = 'easier';
      } else if (s.remediation === 'done') {
        // The sequence ran and the errors go on: a new run of errors gets a new sequence.
        s.remediation = 'none';
        s.errorStreak = 0;
      }
      s.errorStreak += 1;
    }
    if (s.mastered) {
      if (s.review && (wasReview || Date.parse(s.review.due) <= Date.parse(ev.at))) {
        s.reviews += 1;
        s.review = recordReview(s.review, ev.at, ratingFor(ev.correct, ev.hintsUsed), cfg.reviewRetention);
      }
      if (s.pMastered < cfg.masteryThreshold && !creditCorrect) {
        s.mastered = false;
        s.lapses += 1;
        delete s.review;
      }
    } else if (s.pMastered >= cfg.masteryThreshold && proves(pack, params, id, s, cfg, Object.keys(next.skills))) {
      s.mastered = true;
      s.everMastered = true;
      s.masteredAt ??= ev.at;
      s.errorStreak = 0;
      s.remediation = 'none';
      s.review = startReview(ev.at, cfg.reviewRetention);
    }
    if (s.wheelSpinningAt === undefined && wheelSpinning(s, cfg)) {
      s.wheelSpinningAt = ev.at;
      s.flagAttempts = s.attempts;
    }
    maybePause(s, ev.at, cfg);
  }
  if (first) next.attempts += 1;
  next.lastActiveAt = ev.at;
  next.recent.push({
    itemId: ev.itemId,
    seed: ev.seed,
    skillIds: [...ev.skillIds],
    correct: ev.correct,
    hintsUsed: ev.hintsUsed,
    at: ev.at,
    ...(wasReview ? { review: true } : {}),
  });
  while (next.recent.length > cfg.recentLimit) next.recent.shift();
  if (next.chosenSkill && next.skills[next.chosenSkill]?.mastered) delete next.chosenSkill;
  if (!next.lastStep || next.lastStep.itemId !== ev.itemId || next.lastStep.seed !== ev.seed) {
    next.lastStep = { kind: 'item', skillId: ev.skillIds[0] ?? '', itemId: ev.itemId, seed: ev.seed, at: ev.at };
  }
  return next;
}

/**
 * Records that a step was shown. For a worked example or a resource this advances the remediation
 * sequence (and marks the resource for the bandit's reward on the next attempt); for an item it
 * remembers the variant, so the next step never repeats it and interleaving knows the last skill.
 */
export function applyStepShown(state: StudentState, step: Step, at: string): StudentState {
  if (step.kind === 'done') return state;
  const next = clone(state);
  const s = next.skills[step.skillId];
  if (step.kind === 'item') {
    next.lastStep = {
      kind: 'item',
      skillId: step.skillId,
      itemId: step.itemId,
      seed: step.seed,
      at,
      ...(step.review ? { review: true } : {}),
    };
    // Least recently served first: items not in the list come before all of it (see freshItems).
    if (s) s.seen = [...(s.seen ?? []).filter((x) => x !== step.itemId), step.itemId].slice(-60);
    return next;
  }
  // Keep the item just answered: the easier item after a worked example must be a different one.
  next.lastStep = {
    kind: step.kind,
    skillId: step.skillId,
    at,
    ...(state.lastStep?.itemId !== undefined ? { itemId: state.lastStep.itemId } : {}),
  };
  if (!s) return next;
  if (step.kind === 'worked-example') {
    s.examples = (s.examples ?? 0) + 1;
    // An introduction before the first item is instruction, not a step of the remediation sequence.
    if (step.intro !== true) s.remediation = 'worked-example';
  } else {
    s.remediation = 'done';
    s.pendingResource = step.resourceIndex;
  }
  return next;
}

/**
 * After an incorrect answer on the skill the app offers the next hint (hints stay available on
 * request; this says when to push one).
 */
export function hintAllowed(state: StudentState, skillId: string): boolean {
  const last = state.recent[state.recent.length - 1];
  return last !== undefined && !last.correct && last.skillIds.includes(skillId);
}

/**
 * The student picks a skill to work on. Accepted when it is in the activity, not mastered and its
 * prerequisites are mastered; otherwise refused with the prerequisites that must come first.
 */
export function chooseSkill(
  pack: Pack,
  state: StudentState,
  skillId: string,
  activitySkills: string[],
  config?: Partial<PolicyConfig>,
): ChoiceResult {
  void config;
  const title = skillInfo(pack).get(skillId)?.title ?? skillId;
  if (!activitySkills.includes(skillId)) return { ok: false, reason: `"${title}" is not part of this activity.`, missing: [] };
  if (state.skills[skillId]?.mastered) return { ok: false, reason: `"${title}" is already mastered; pick another skill.`, missing: [] };
  const missing = missingPrerequisites(pack, state, skillId, activitySkills);
  if (missing.length > 0) {
    const names = missing.map((m) => `"${skillInfo(pack).get(m)?.title ?? m}"`).join(', ');
    return { ok: false, reason: `Master ${names} first: "${title}" builds on ${missing.length > 1 ? 'them' : 'it'}.`, missing };
  }
  const next = { ...clone(state), chosenSkill: skillId };
  delete next.focusByTeacher;
  return { ok: true, state: next };
}

/**
 * Sets (or with an empty object, clears) the student's goal: skills of the activity and/or a date.
 * The policy then works on the goal skills and what they need first.
 */
export function setGoal(
  pack: Pack,
  state: StudentState,
  goal: { skills?: string[]; by?: string; now?: string },
  activitySkills: string[],
): GoalResult {
  void pack;
  const skills = goal.skills ?? [];
  const outside = skills.filter((s) => !activitySkills.includes(s));
  if (outside.length > 0) return { ok: false, reason: `Not in this activity: ${outside.join(', ')}.` };
  if (goal.by !== undefined && Number.isNaN(Date.parse(goal.by))) return { ok: false, reason: `"${goal.by}" is not a date.` };
  const next = clone(state);
  if (skills.length === 0 && goal.by === undefined) {
    delete next.goal;
    return { ok: true, state: next };
  }
  const setAt = goal.now ?? next.lastActiveAt ?? next.createdAt;
  if (goal.by !== undefined && Date.parse(goal.by) <= Date.parse(setAt))
    return { ok: false, reason: 'The goal date must be in the future.' };
  next.goal = { ...(skills.length > 0 ? { skills: [...skills] } : {}), ...(goal.by !== undefined ? { by: goal.by } : {}), setAt };
  return { ok: true, state: next };
}
