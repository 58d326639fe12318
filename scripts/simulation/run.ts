/**
 * One simulated student practising an activity through a policy: steps come from the policy (or a
 * baseline), answers from the hidden learner (learners/), state updates from the real policy code
 * (applyStepShown / applyAnswer). Time advances with each answer; a session is `sessionItems`
 * items, then the student comes back the next day (so FSRS reviews fall due). When the policy says
 * "done" with a review date, the student comes back for it while the course lasts (`courseDays`).
 */
import type { Pack } from '../../src/domain/content/index.ts';
import { applyAnswer, applyStepShown, initialState, missingPrerequisites, resolveConfig } from '../../src/domain/policy/index.ts';
import type { LoggedAnswer, PolicyConfig, ResourceStats, SkillParams, StudentState } from '../../src/domain/policy/index.ts';
import { earlyWarning } from '../../src/domain/policy/flags.ts';
import { hash32 } from '../../src/domain/random.ts';
import { selector } from './baselines.ts';
import type { BaselineMemory, PolicyName } from './baselines.ts';
import { itemsForSkill } from '../../src/domain/content/index.ts';
import { classGuess, drawLearner } from './learners/index.ts';
import type { PopulationOptions } from './student.ts';

export interface RunOptions {
  policy: PolicyName;
  seed: number;
  /** Items after which a student who has not mastered everything stops (counted at the cap). */
  maxItems: number;
  sessionItems: number;
  start: string;
  population: PopulationOptions;
  config?: Partial<PolicyConfig>;
  /** Days the course lasts: a "done" with a later date (review, end of a pause) brings the student back until then (default 42). */
  courseDays?: number;
  /** End the run once every skill is declared mastered (no reviews after it; faster, for item counts only). */
  untilMastery?: boolean;
}

/** What one student's run produced. */
export interface StudentResult {
  /** Items until every skill was declared mastered at once, or undefined when capped. */
  itemsToMastery?: number;
  /** Items until every skill had been truly mastered at least once (learner's truth), or undefined. */
  itemsToTrueMastery?: number;
  /** Activity skills truly mastered at the end of the run, and 30 days after the last answer. */
  trulyMasteredAtEnd: number;
  retained30: number;
  items: number;
  correct: number;
  reviewItems: number;
  /** Items of a guessable class (guess of 1 in 4 or more) served. */
  guessableItems: number;
  /** Items whose skills were all already truly learned, outside reviews, before the student finished. */
  overPractice: number;
  nonItemSteps: number;
  /** Worked examples and resources shown before full mastery (undefined when capped). */
  nonItemStepsToMastery?: number;
  declarations: number;
  falseDeclarations: number;
  /** The learner's true typed chance at each declaration, where the model has one (learners/types.ts). */
  declaredChances: number[];
  /** Declared masteries withdrawn after a wrong answer (failed review or a slip), each costing re-practice. */
  lapses: number;
  /** Most times one item was served to this student, and items served again while the skill had unused ones. */
  maxRepeat: number;
  repeatsWhileUnused: number;
  /** Per practised skill: truth (needed more than wheelSpinAfter opportunities) and the flags raised. */
  spins: Array<{ skill: string; truth: boolean; flagged: boolean; warned: boolean }>;
  /** Per skill the student cannot learn: tries on it, tries when flagged, whether declared mastered. */
  stuck: Array<{ skill: string; tries: number; flaggedAt?: number; declared: boolean }>;
  resourceStats: ResourceStats;
}

const DAY = 86_400_000;

/** Runs student `index` of the population through the policy (its first attempts go to `log` when given, as a course's answer log). */
export function runStudent(
  pack: Pack,
  params: SkillParams,
  activity: string[],
  index: number,
  effects: Record<string, number[]>,
  opts: RunOptions,
  courseStats?: ResourceStats,
  log?: LoggedAnswer[],
): StudentResult {
  const cfg = resolveConfig(opts.config);
  const sim = drawLearner(pack, activity, opts.seed, index, opts.population);
  const select = selector(opts.policy);
  const memory: BaselineMemory = { tried: new Map() };
  let t = Date.parse(opts.start);
  const dayStart = t;
  const courseDays = opts.courseDays ?? 42;
  let state: StudentState = initialState(pack, activity, params, new Date(t).toISOString());
  const res: StudentResult = {
    items: 0,
    correct: 0,
    reviewItems: 0,
    guessableItems: 0,
    overPractice: 0,
    nonItemSteps: 0,
    declarations: 0,
    falseDeclarations: 0,
    declaredChances: [],
    lapses: 0,
    maxRepeat: 0,
    repeatsWhileUnused: 0,
    trulyMasteredAtEnd: 0,
    retained30: 0,
    spins: [],
    stuck: [],
    resourceStats: {},
  };
  const warned = new Set<string>();
  const flaggedAt = new Map<string, number>();
  const declaredEver = new Set<string>();
  const trulyOnce = new Set<string>();
  const served = new Map<string, number>();
  const inActivity = new Set(activity);
  let sessionCount = 0;
  let day = 0;
  let lastAnswer = t;
  for (let step = 0; res.items < opts.maxItems && step < opts.maxItems * 3; step++) {
    const now = new Date(t).toISOString();
    const s = select(
      pack,
      params,
      state,
      {
        activitySkills: activity,
        now,
        seed: hash32(opts.seed, `${index}:${step}`),
        ...(courseStats ? { courseResourceStats: courseStats } : {}),
      },
      memory,
      opts.config,
    );
    if (s.kind === 'done') {
      // The student comes back for a review or the end of a pause while the course lasts.
      const back = s.nextReviewAt ? Math.ceil((Date.parse(s.nextReviewAt) - dayStart) / DAY) : Infinity;
      if (back > courseDays) break;
      day = Math.max(day + 1, back);
      t = dayStart + day * DAY;
      sessionCount = 0;
      continue;
    }
    state = applyStepShown(state, s, now);
    if (s.kind === 'worked-example' || s.kind === 'resource') {
      res.nonItemSteps += 1;
      const factor = s.kind === 'worked-example' ? opts.population.exampleFactor : (effects[s.skillId]?.[s.resourceIndex] ?? 1);
      sim.study(s.skillId, factor, t);
      t += 120_000;
      continue;
    }
    const item = pack.items.find((i) => i.id === s.itemId);
    if (!item) throw new Error(`policy served unknown item ${s.itemId}`);
    const skills = item.skills.filter((id) => inActivity.has(id));
    const before = skills.map((id) => state.skills[id]?.mastered === true);
    const times = served.get(item.id) ?? 0;
    const servable = (k: string): boolean =>
      inActivity.has(k) && (state.skills[k]?.mastered === true || missingPrerequisites(pack, state, k, activity).length === 0);
    if (times > 0 && itemsForSkill(pack, s.skillId).some((i) => i.skills.every(servable) && !served.has(i.id))) res.repeatsWhileUnused += 1;
    served.set(item.id, times + 1);
    res.maxRepeat = Math.max(res.maxRepeat, times + 1);
    if (classGuess(item.class) >= 0.25) res.guessableItems += 1;
    if (s.review) res.reviewItems += 1;
    else if (skills.every((id) => sim.learned[id])) res.overPractice += 1;
    const a = sim.answer(skills, { class: item.class, difficulty: item.difficulty ?? 0 }, t);
    log?.push({ student: `sim:${index}`, itemId: item.id, itemClass: item.class, skillIds: skills, order: res.items, correct: a.correct });
    memory.tried.set(item.id, (memory.tried.get(item.id) ?? 0) + 1);
    res.items += 1;
    if (a.correct) res.correct += 1;
    t += a.durationMs + 10_000;
    lastAnswer = t;
    state = applyAnswer(
      pack,
      params,
      state,
      {
        itemId: s.itemId,
        seed: s.seed,
        skillIds: skills,
        itemClass: item.class,
        correct: a.correct,
        hintsUsed: a.hintsUsed,
        durationMs: a.durationMs,
        at: new Date(t).toISOString(),
      },
      opts.config,
    );
    skills.forEach((id, i) => {
      const st = state.skills[id];
      if (!st) return;
      if (sim.masters(id, t)) trulyOnce.add(id);
      if (!st.mastered && before[i]) res.lapses += 1;
      if (st.mastered && !before[i]) {
        res.declarations += 1;
        declaredEver.add(id);
        if (!sim.masters(id, t)) res.falseDeclarations += 1;
        if (sim.typedChance) res.declaredChances.push(sim.typedChance(id, t));
      }
      if (st.wheelSpinningAt !== undefined && !flaggedAt.has(id)) flaggedAt.set(id, st.attempts);
      if (earlyWarning(params[id], st, cfg)) warned.add(id);
    });
    if (res.itemsToMastery === undefined && activity.every((id) => state.skills[id]?.mastered)) {
      res.itemsToMastery = res.items;
      res.nonItemStepsToMastery = res.nonItemSteps;
    }
    if (res.itemsToTrueMastery === undefined && activity.every((id) => trulyOnce.has(id))) res.itemsToTrueMastery = res.items;
    if (opts.untilMastery && res.itemsToMastery !== undefined) break;
    if (++sessionCount >= opts.sessionItems) {
      sessionCount = 0;
      day += 1;
      t = Math.max(t, dayStart + day * DAY);
    }
  }
  for (const id of activity) {
    if (sim.masters(id, lastAnswer)) res.trulyMasteredAtEnd += 1;
    if (sim.masters(id, lastAnswer + 30 * DAY)) res.retained30 += 1;
    if (sim.unlearnable.has(id))
      res.stuck.push({
        skill: id,
        tries: sim.opportunities[id] ?? 0,
        ...(flaggedAt.has(id) ? { flaggedAt: flaggedAt.get(id) } : {}),
        declared: declaredEver.has(id),
      });
    const opp = sim.opportunities[id] ?? 0;
    if (opp === 0) continue;
    const at = sim.learnedAt[id];
    res.spins.push({
      skill: id,
      truth: at === undefined || at >= cfg.wheelSpinAfter,
      flagged: state.skills[id]?.wheelSpinningAt !== undefined,
      warned: warned.has(id),
    });
  }
  res.resourceStats = state.resourceStats;
  return res;
}
