/**
 * nextStep: the policy's decision. In order: remediation of the skill just failed repeatedly
 * (worked example, easier item, resource), a due review (never two reviews in a row while new
 * skills remain), then a ready skill (the student's choice, else the goal's path, else interleaved)
 * and an item for it in the target band. Pure: the seed decides variants and ties.
 */
import { resourcesFor, workedExample } from '../content/index.ts';
import type { Pack } from '../content/index.ts';
import { updateMastery } from '../mastery/index.ts';
import { chooseResource, armStats } from './bandit.ts';
import { resolveConfig } from './config.ts';
import type { ResolvedConfig } from './config.ts';
import { ancestors, missingPrerequisites, readySkills, skillInfo } from './graph.ts';
import { candidateBandDistance, candidatesFor, knownChance, pickBandItem } from './items.ts';
import { pickEasiest, pickReviewItem, pickSafeEasiest, variantSeed } from './items.ts';
import type { Candidate } from './items.ts';
import { emissionFor } from './params.ts';
import { reviewDue } from './review.ts';
import { awaitingConfirmation, isPaused } from './evidence.ts';
import { hash32, createRng } from '../random.ts';
import type { Rng } from '../random.ts';
import type { PolicyConfig, SkillParams, Step, StepContext, StudentState } from './types.ts';

/** Skills whose best item is within this distance of the closest one count as equally close. */
const BAND_TOLERANCE = 0.05;

const pct = (p: number): string => `${Math.round(p * 100)}%`;
const DAY = 86_400_000;

interface Env {
  pack: Pack;
  params: SkillParams;
  state: StudentState;
  ctx: StepContext;
  cfg: ResolvedConfig;
  rng: Rng;
}

function title(pack: Pack, id: string): string {
  return skillInfo(pack).get(id)?.title ?? id;
}

function itemStep(env: Env, skillId: string, c: Candidate, reason: string, extra: { review?: boolean; remediation?: boolean } = {}): Step {
  return {
    kind: 'item',
    skillId,
    itemId: c.item.id,
    seed: variantSeed(env.state, c.item.id, env.ctx.seed >>> 0),
    predictedCorrect: c.predicted,
    reason,
    ...(extra.review ? { review: true } : {}),
    ...(extra.remediation ? { remediation: true } : {}),
  };
}

/**
 * The easiest item of a mastered prerequisite whose wrong answer would not withdraw its mastery (one
 * just past the threshold would lose it to a slip and re-gate the skill being remediated; that
 * doubled withdrawn masteries in simulation), never a served one while unused ones remain.
 */
function prerequisiteItem(env: Env, pre: string): Candidate | undefined {
  const s = env.state.skills[pre];
  if (!s) return undefined;
  const survives = (c: Candidate): boolean => {
    const { params: p, gsClass } = emissionFor(env.pack, env.params, pre, c.item.class, c.item.id);
    return updateMastery(p, { pMastered: s.pMastered, n: s.n }, { correct: false, gsClass }).pMastered >= env.cfg.masteryThreshold;
  };
  return pickSafeEasiest(candidatesFor(env.pack, env.params, env.state, pre, env.ctx.activitySkills), env.state, pre, survives);
}

/** The remediation step for the skill of the last attempt, if its errors call for one. */
function remediation(env: Env): Step | undefined {
  const { pack, params, state, ctx, cfg } = env;
  const last = state.recent[state.recent.length - 1];
  if (!last || last.correct) return undefined;
  // The teacher moved the student to another skill: that decision comes before this remediation.
  if (state.focusByTeacher && state.chosenSkill && !last.skillIds.includes(state.chosenSkill)) return undefined;
  for (const id of last.skillIds) {
    const s = state.skills[id];
    if (!s || s.mastered || !ctx.activitySkills.includes(id) || s.errorStreak < cfg.remediateAfterErrors || isPaused(s, ctx.now)) continue;
    const name = title(pack, id);
    const errors = `${s.errorStreak} wrong answers in a row on "${name}"`;
    const hasExample = workedExample(pack, id) !== undefined;
    if (s.remediation === 'none' && hasExample)
      return { kind: 'worked-example', skillId: id, reason: `${errors}: a worked example first.` };
    if (s.remediation === 'none' || s.remediation === 'worked-example') {
      // An easier item of the skill (lower class: higher predicted success than the last one),
      // else a question on a mastered prerequisite, else the skill's easiest item.
      const cands = candidatesFor(pack, params, state, id, ctx.activitySkills);
      const own = pickEasiest(cands, state, id);
      const lastCand = cands.find((c) => c.item.id === last.itemId);
      const prereqs = (skillInfo(pack).get(id)?.prerequisites ?? []).filter(
        (p) => ctx.activitySkills.includes(p) && state.skills[p]?.mastered,
      );
      const ownEasier =
        own &&
        (!lastCand ||
          own.item.difficulty < lastCand.item.difficulty ||
          (own.item.difficulty === lastCand.item.difficulty && knownChance(own) > knownChance(lastCand) + 0.02))
          ? own
          : undefined;
      if (!ownEasier && prereqs.length > 0 && cfg.prerequisiteRemediation) {
        const pre = prereqs[Math.floor(env.rng.next() * prereqs.length)] as string;
        const c = prerequisiteItem(env, pre);
        if (c)
          return itemStep(env, pre, c, `${errors}: an easier question on "${title(pack, pre)}", which it builds on.`, {
            remediation: true,
          });
      }
      if (own)
        return itemStep(env, id, own, `${errors}: an easier question (predicted ${pct(own.predicted)} chance of success).`, {
          remediation: true,
        });
    }
    if (s.remediation === 'easier') {
      const count = resourcesFor(pack, id).length;
      if (count > 0) {
        const idx = chooseResource(id, count, env.rng, state.resourceStats, ctx.courseResourceStats);
        const st = armStats(id, idx, state.resourceStats, ctx.courseResourceStats);
        const r = resourcesFor(pack, id)[idx];
        const record = st.shown > 0 ? `the next answer was right after it ${st.helped} of ${st.shown} times` : 'not tried yet';
        return {
          kind: 'resource',
          skillId: id,
          resourceIndex: idx,
          reason: `${errors} even after an example: "${r?.title ?? 'a resource'}" (${record}).`,
        };
      }
    }
  }
  return undefined;
}

function dueReviews(state: StudentState, activity: string[], now: string): string[] {
  return activity
    .filter((id) => state.skills[id]?.mastered && reviewDue(state.skills[id]?.review, now))
    .sort((a, b) => Date.parse(state.skills[a]?.review?.due ?? '') - Date.parse(state.skills[b]?.review?.due ?? '') || (a < b ? -1 : 1));
}

function reviewStep(env: Env, id: string): Step | undefined {
  const c = pickReviewItem(candidatesFor(env.pack, env.params, env.state, id, env.ctx.activitySkills), env.state, env.rng, id);
  const due = env.state.skills[id]?.review?.due ?? env.ctx.now;
  return c && itemStep(env, id, c, `Review of "${title(env.pack, id)}" (mastered; review due ${due.slice(0, 10)}).`, { review: true });
}

/** Every ready skill is paused: come back when the first pause ends (or a review falls due). */
function pausedDone(env: Env, open: string[], due: string[]): Step {
  const tomorrow = new Date((Math.floor(Date.parse(env.ctx.now) / DAY) + 1) * DAY).toISOString();
  const paused = open.filter((id) => isPaused(env.state.skills[id], env.ctx.now));
  const waiting = open.filter((id) => !paused.includes(id));
  const until = [
    ...paused.map((id) => env.state.skills[id]?.pausedUntil ?? env.ctx.now),
    ...(waiting.length > 0 ? [tomorrow] : []),
  ].sort()[0];
  const next = due.length > 0 ? env.ctx.now : (until ?? env.ctx.now);
  const names = (ids: string[]): string => ids.map((id) => `"${title(env.pack, id)}"`).join(', ');
  const reason = [
    ...(waiting.length > 0 ? [`Nearly there: ${names(waiting)} will be checked once more on another day.`] : []),
    ...(paused.length > 0 ? [`Paused for now: ${names(paused)} (your teacher will help).`] : []),
  ].join(' ');
  return { kind: 'done', reason: `${reason} Back on ${next.slice(0, 10)}.`, nextReviewAt: next, ...(paused.length > 0 ? { paused } : {}) };
}

/**
 * Stuck means a change of plan: the first step after the wheel-spinning flag goes back to a
 * mastered prerequisite the skill builds on (an easier question there), else shows the skill's
 * worked example again; the skill is paused a few tries later (evidence.ts, maybePause).
 */
function changeOfPlan(env: Env, id: string): Step | undefined {
  const { pack, state, ctx } = env;
  const s = state.skills[id];
  if (
    !s ||
    s.wheelSpinningAt === undefined ||
    s.mastered ||
    s.flagAttempts !== s.attempts ||
    state.lastStep?.kind !== 'item' ||
    state.lastStep.skillId !== id
  )
    return undefined;
  const prereqs = (skillInfo(pack).get(id)?.prerequisites ?? []).filter((p) => ctx.activitySkills.includes(p) && state.skills[p]?.mastered);
  for (const pre of prereqs) {
    const c = prerequisiteItem(env, pre);
    if (c)
      return itemStep(env, pre, c, `Many tries at "${title(pack, id)}": back to "${title(pack, pre)}", which it builds on.`, {
        remediation: true,
      });
  }
  if (workedExample(pack, id) !== undefined)
    return { kind: 'worked-example', skillId: id, reason: `Many tries at "${title(pack, id)}": another look at how it works.` };
  return undefined;
}

/** Which ready skill to work on, and why. */
function targetSkill(env: Env, ready: string[]): { id: string; why: string } {
  const { pack, state, ctx } = env;
  const chosen = state.chosenSkill;
  if (chosen && ready.includes(chosen)) return { id: chosen, why: `You chose "${title(pack, chosen)}".` };
  let pool = ready;
  let why = '';
  if (chosen && ctx.activitySkills.includes(chosen) && !state.skills[chosen]?.mastered) {
    const need = [...ancestors(pack, [chosen], ctx.activitySkills)].filter((a) => ready.includes(a));
    const missing = missingPrerequisites(pack, state, chosen, ctx.activitySkills)
      .map((m) => `"${title(pack, m)}"`)
      .join(', ');
    if (need.length > 0) {
      pool = need;
      why = `You chose "${title(pack, chosen)}", which needs ${missing} first. `;
    }
  } else if (state.goal) {
    const goalSkills = state.goal.skills && state.goal.skills.length > 0 ? state.goal.skills : ctx.activitySkills;
    const path = new Set([...goalSkills, ...ancestors(pack, goalSkills, ctx.activitySkills)]);
    const onPath = ready.filter((r) => path.has(r));
    if (onPath.length > 0) {
      pool = onPath;
      why = 'On the way to your goal. ';
    }
  }
  const lastSkills = new Set(state.recent[state.recent.length - 1]?.skillIds ?? []);
  const fresh = pool.length > 1 ? pool.filter((id) => !lastSkills.has(id)) : pool;
  const choices = fresh.length > 0 ? fresh : pool;
  // Edge of ability across skills: the skill whose best item is closest to the band; among skills
  // about equally close, the one practised least recently (interleaving), ties by seed.
  const scored = choices.map((id) => {
    const c = pickBandItem(candidatesFor(pack, env.params, state, id, ctx.activitySkills), state, env.cfg, env.rng, id);
    return { id, dist: c ? candidateBandDistance(c, env.cfg) : 1, at: state.skills[id]?.lastAt };
  });
  const closest = Math.min(...scored.map((x) => x.dist));
  let best = choices[0] as string;
  let bestKey = Infinity;
  for (const x of scored) {
    if (x.dist > closest + BAND_TOLERANCE) continue;
    const key = (x.at ? Date.parse(x.at) : -1) + env.rng.next() * 1e-3;
    if (key < bestKey) {
      bestKey = key;
      best = x.id;
    }
  }
  const mix =
    pool.length > 1 ? `${why}Mixing ${pool.length} ready skills; now "${title(pack, best)}".` : `${why}Next skill: "${title(pack, best)}".`;
  return { id: best, why: mix };
}

/**
 * Decides the student's next step (see the module comment for the order). Deterministic for a
 * given state, context (now, seed) and config; never repeats the last variant.
 */
export function nextStep(pack: Pack, params: SkillParams, state: StudentState, ctx: StepContext, config?: Partial<PolicyConfig>): Step {
  const cfg = resolveConfig(config);
  const env: Env = { pack, params, state, ctx, cfg, rng: createRng(hash32(ctx.seed, 'nextStep')) };
  const fix = remediation(env);
  if (fix) return fix;
  const due = dueReviews(state, ctx.activitySkills, ctx.now);
  const open = readySkills(pack, state, ctx.activitySkills);
  // A skill waiting for its confirmation on another day is not drilled further today.
  const ready = open.filter((id) => !isPaused(state.skills[id], ctx.now) && !awaitingConfirmation(state.skills[id], ctx.now, cfg));
  const lastWasReview = state.lastStep?.review === true;
  if (due.length > 0 && (ready.length === 0 || !lastWasReview)) {
    const r = reviewStep(env, due[0] as string);
    if (r) return r;
  }
  if (ready.length === 0 && open.length > 0) return pausedDone(env, open, due);
  if (ready.length === 0) {
    const unmastered = ctx.activitySkills.filter((id) => !state.skills[id]?.mastered);
    if (unmastered.length > 0)
      return { kind: 'done', reason: `No skill is ready: ${unmastered.join(', ')} wait for prerequisites outside this activity.` };
    const dues = ctx.activitySkills
      .map((id) => state.skills[id]?.review?.due)
      .filter((d): d is string => d !== undefined)
      .sort();
    return {
      kind: 'done',
      reason: `All ${ctx.activitySkills.length} skills mastered.${dues[0] ? ` Next review due ${dues[0].slice(0, 10)}.` : ''}`,
      ...(dues[0] ? { nextReviewAt: dues[0] } : {}),
    };
  }
  const target = targetSkill(env, ready);
  const ts = state.skills[target.id];
  const change = changeOfPlan(env, target.id);
  if (change) return change;
  if (cfg.introExample && ts && ts.attempts === 0 && (ts.examples ?? 0) === 0 && workedExample(pack, target.id) !== undefined) {
    return {
      kind: 'worked-example',
      skillId: target.id,
      intro: true,
      reason: `${target.why} New skill: a worked example before the first question.`,
    };
  }
  const c = pickBandItem(candidatesFor(pack, params, state, target.id, ctx.activitySkills), state, cfg, env.rng, target.id);
  if (!c) return { kind: 'done', reason: `"${title(pack, target.id)}" has no items in this pack.` };
  const inBand = c.predicted >= cfg.targetBand[0] && c.predicted <= cfg.targetBand[1];
  const band = `${pct(cfg.targetBand[0])}-${pct(cfg.targetBand[1])}`;
  return itemStep(
    env,
    target.id,
    c,
    `${target.why} Predicted success ${pct(c.predicted)}${inBand ? ` (in the ${band} band)` : ` (closest to the ${band} band)`}.`,
  );
}
