/**
 * One simulated student practising an activity through a policy: steps come from the policy (or a
 * baseline), answers from the hidden BKT student, state updates from the real policy code
 * (applyStepShown / applyAnswer). Time advances with each answer; a session is `sessionItems`
 * items, then the student comes back the next day (so FSRS reviews fall due).
 */
import type { Pack } from '../../src/domain/content/index.ts';
import { applyAnswer, applyStepShown, initialState, resolveConfig } from '../../src/domain/policy/index.ts';
import type { LoggedAnswer, PolicyConfig, ResourceStats, SkillParams, StudentState } from '../../src/domain/policy/index.ts';
import { earlyWarning } from '../../src/domain/policy/flags.ts';
import { hash32 } from '../../src/domain/random.ts';
import { selector } from './baselines.ts';
import type { BaselineMemory, PolicyName } from './baselines.ts';
import { answer, drawStudent, study } from './student.ts';
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
}

/** What one student's run produced. */
export interface StudentResult {
  /** Items until every skill was declared mastered at once, or undefined when capped. */
  itemsToMastery?: number;
  items: number;
  correct: number;
  reviewItems: number;
  /** Items whose skills were all already truly learned, outside reviews, before the student finished. */
  overPractice: number;
  nonItemSteps: number;
  /** Worked examples and resources shown before full mastery (undefined when capped). */
  nonItemStepsToMastery?: number;
  declarations: number;
  falseDeclarations: number;
  /** Declared masteries withdrawn after a wrong answer (failed review or a slip), each costing re-practice. */
  lapses: number;
  /** Per practised skill: truth (needed more than wheelSpinAfter opportunities) and the flags raised. */
  spins: Array<{ skill: string; truth: boolean; flagged: boolean; warned: boolean }>;
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
  const sim = drawStudent(pack, activity, opts.seed, index, opts.population);
  const select = selector(opts.policy);
  const memory: BaselineMemory = { tried: new Map() };
  let t = Date.parse(opts.start);
  const dayStart = t;
  let state: StudentState = initialState(pack, activity, params, new Date(t).toISOString());
  const res: StudentResult = {
    items: 0,
    correct: 0,
    reviewItems: 0,
    overPractice: 0,
    nonItemSteps: 0,
    declarations: 0,
    falseDeclarations: 0,
    lapses: 0,
    spins: [],
    resourceStats: {},
  };
  const warned = new Set<string>();
  let sessionCount = 0;
  let day = 0;
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
    if (s.kind === 'done') break;
    state = applyStepShown(state, s, now);
    if (s.kind === 'worked-example' || s.kind === 'resource') {
      res.nonItemSteps += 1;
      const factor = s.kind === 'worked-example' ? opts.population.exampleFactor : (effects[s.skillId]?.[s.resourceIndex] ?? 1);
      study(sim, s.skillId, factor, opts.population);
      t += 120_000;
      continue;
    }
    const item = pack.items.find((i) => i.id === s.itemId);
    if (!item) throw new Error(`policy served unknown item ${s.itemId}`);
    const skills = item.skills.filter((id) => activity.includes(id));
    const before = skills.map((id) => state.skills[id]?.mastered === true);
    if (s.review) res.reviewItems += 1;
    else if (skills.every((id) => sim.learned[id])) res.overPractice += 1;
    const a = answer(sim, skills, { class: item.class, difficulty: item.difficulty ?? 0 }, opts.population);
    log?.push({ student: `sim:${index}`, itemId: item.id, itemClass: item.class, skillIds: skills, order: res.items, correct: a.correct });
    memory.tried.set(item.id, (memory.tried.get(item.id) ?? 0) + 1);
    res.items += 1;
    if (a.correct) res.correct += 1;
    t += a.durationMs + 10_000;
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
      if (!st.mastered && before[i]) res.lapses += 1;
      if (st.mastered && !before[i]) {
        res.declarations += 1;
        if (!sim.learned[id]) res.falseDeclarations += 1;
      }
      if (earlyWarning(params[id], st, cfg)) warned.add(id);
    });
    if (res.itemsToMastery === undefined && activity.every((id) => state.skills[id]?.mastered)) {
      res.itemsToMastery = res.items;
      res.nonItemStepsToMastery = res.nonItemSteps;
    }
    if (++sessionCount >= opts.sessionItems) {
      sessionCount = 0;
      day += 1;
      t = Math.max(t, dayStart + day * DAY);
    }
  }
  for (const id of activity) {
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
