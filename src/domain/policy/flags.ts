/**
 * Teacher flags with reasons in plain words: wheel-spinning (many tries without mastery and no sign
 * of being close), an early warning from the first tries (correctness, hints, time, and the model's
 * forecast of mastering within the wheel-spinning limit), and inactivity.
 */
import type { Pack } from '../content/index.ts';
import { updateMastery } from '../mastery/index.ts';
import type { BktParams } from '../mastery/index.ts';
import { resolveConfig } from './config.ts';
import type { ResolvedConfig } from './config.ts';
import { skillInfo } from './graph.ts';
import type { Flag, PolicyConfig, SkillParams, SkillState, StudentState } from './types.ts';

/**
 * P(reaching `threshold` within `remaining` more opportunities) under the BKT model, enumerating
 * answer sequences (2^remaining paths; `remaining` is at most wheelSpinAfter - earlyWarningAfter).
 */
export function masteryForecast(
  params: BktParams,
  s: { pMastered: number; n: number },
  remaining: number,
  threshold: number,
  gsClass = 0,
): number {
  if (s.pMastered >= threshold) return 1;
  if (remaining <= 0) return 0;
  const guess = params.guesses[gsClass] ?? 0.2;
  const slip = params.slips[gsClass] ?? 0.1;
  const learn = params.learns[0] ?? 0;
  const forget = params.forgets[0] ?? 0;
  const before = s.n === 0 ? s.pMastered : s.pMastered * (1 - forget) + (1 - s.pMastered) * learn;
  const pc = before * (1 - slip) + (1 - before) * guess;
  const right = updateMastery(params, s, { correct: true, gsClass });
  const wrong = updateMastery(params, s, { correct: false, gsClass });
  return (
    pc * masteryForecast(params, right, remaining - 1, threshold, gsClass) +
    (1 - pc) * masteryForecast(params, wrong, remaining - 1, threshold, gsClass)
  );
}

function lowestGuessClass(p: BktParams): number {
  let best = 0;
  p.guesses.forEach((g, i) => {
    if (g < (p.guesses[best] ?? 1)) best = i;
  });
  return best;
}

/**
 * Whether a skill is wheel-spinning: `wheelSpinAfter` tries or more without ever being mastered, and
 * either the model's P(mastered) is below `wheelSpinBelow` or one and a half times the limit has
 * passed (15 tries by default, so a student guessing right now and then cannot escape the flag)
 * while the estimate is below the mastery threshold (one above it only lacks guess-proof evidence). A student
 * who learned the skill a few tries ago is not yet proven (evidence lags learning by a few answers)
 * but has a high estimate; flagging on the count alone would send the teacher to many of them.
 * Once raised (`wheelSpinningAt`, set by applyAnswer), the flag stays until the skill is mastered.
 */
export function wheelSpinning(s: SkillState, cfg: ResolvedConfig): boolean {
  if (s.everMastered || s.attempts < cfg.wheelSpinAfter) return false;
  return (
    s.wheelSpinningAt !== undefined ||
    s.pMastered < cfg.wheelSpinBelow ||
    (s.attempts >= Math.ceil(1.5 * cfg.wheelSpinAfter) && s.pMastered < cfg.masteryThreshold)
  );
}

/** Early-warning risk for a skill: the forecast and the signals behind it, or undefined if no warning. */
export function earlyWarning(
  params: BktParams | undefined,
  s: SkillState,
  cfg: ResolvedConfig,
): { forecast: number; parts: string[] } | undefined {
  if (!params || s.mastered || s.everMastered || s.attempts < cfg.earlyWarningAfter || s.attempts >= cfg.wheelSpinAfter) return undefined;
  const forecast = masteryForecast(params, s, cfg.wheelSpinAfter - s.attempts, cfg.masteryThreshold, lowestGuessClass(params));
  const e = s.early;
  const struggling = e.n > 0 && e.hinted + e.slow >= Math.ceil(e.n / 2) && e.correct <= Math.floor(e.n / 2);
  if (forecast >= cfg.earlyWarningRisk && !struggling) return undefined;
  const parts = [`${e.correct} of the first ${e.n} answers right`];
  if (e.hinted > 0) parts.push(`hints used on ${e.hinted}`);
  if (e.slow > 0) parts.push(`${e.slow} slow answer${e.slow > 1 ? 's' : ''} (over ${Math.round(cfg.slowAnswerMs / 1000)} s)`);
  return { forecast, parts };
}

/**
 * Flags for the teacher's view. Each carries a reason a teacher can act on; the skill flags cover
 * the skills tracked in the state, the inactivity flag uses the last answer's date.
 */
export function flags(pack: Pack, state: StudentState, now: string, config?: Partial<PolicyConfig>, params?: SkillParams): Flag[] {
  const cfg = resolveConfig(config);
  const info = skillInfo(pack);
  const out: Flag[] = [];
  for (const [id, s] of Object.entries(state.skills)) {
    const name = info.get(id)?.title ?? id;
    if (wheelSpinning(s, cfg)) {
      const paused = s.pausedUntil !== undefined && Date.parse(s.pausedUntil) > Date.parse(now);
      const plan = paused
        ? ` Pathwise has paused this skill for the student until ${s.pausedUntil?.slice(0, 10)} and will not mark it mastered on lucky guesses: please work through it with them.`
        : ' Pathwise has changed its plan (the skill it builds on, a worked example) and will pause it after a few more tries: consider working through it with the student.';
      out.push({
        kind: 'wheel-spinning',
        skillId: id,
        reason: `${s.attempts} tries at "${name}" without reaching mastery (${s.correct} right, estimated mastery ${Math.round(s.pMastered * 100)}%).${plan}`,
      });
      continue;
    }
    const p = params?.[id] ?? bktFromInfo(info.get(id));
    const w = earlyWarning(p, s, cfg);
    if (w) {
      out.push({
        kind: 'early-warning',
        skillId: id,
        reason: `Struggling with "${name}": ${w.parts.join(', ')}. Only a ${Math.round(w.forecast * 100)}% chance of mastering it within ${cfg.wheelSpinAfter} tries at this rate.`,
      });
    }
  }
  const last = state.lastActiveAt ?? state.createdAt;
  const days = (Date.parse(now) - Date.parse(last)) / 86_400_000;
  const unfinished = Object.values(state.skills).some((s) => !s.mastered);
  if (days >= cfg.inactiveAfterDays && unfinished) {
    out.push({
      kind: 'inactive',
      reason: state.lastActiveAt
        ? `No practice for ${Math.floor(days)} days (last answer on ${last.slice(0, 10)}), with skills still to master.`
        : `Has not started practising in ${Math.floor(days)} days.`,
    });
  }
  return out;
}

function bktFromInfo(
  i:
    | { bkt: { prior: number; learn: number; forget: number; guess: number; slip: number }; itemClasses: { guess: number; slip: number }[] }
    | undefined,
): BktParams | undefined {
  if (!i) return undefined;
  const cls = i.itemClasses.length > 0 ? i.itemClasses : [{ guess: i.bkt.guess, slip: i.bkt.slip }];
  return {
    prior: i.bkt.prior,
    learns: [i.bkt.learn],
    forgets: [i.bkt.forget],
    guesses: cls.map((c) => c.guess),
    slips: cls.map((c) => c.slip),
  };
}
