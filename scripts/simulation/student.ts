/**
 * Simulated students: each skill's true state follows BKT (learned / not learned) with parameters
 * drawn around the pack's defaults, with individual differences (a student-level ability plus
 * per-skill noise on the logit scale). Two assumptions go beyond plain BKT and are switchable:
 * learning a skill is slower while one of its prerequisites is not learned (`prereqFactor`), and
 * worked examples and resources can teach (each resource with its own effectiveness). A third,
 * `partialKnowledge`, makes each item's guess and slip depend on its difficulty within the skill
 * (KT-IDEM: the state stays binary, the emissions become per item): a student who has not learned
 * a skill still solves its easier items part of the time, and slips more on its harder ones.
 */
import { itemsForSkill, listSkills, resourcesFor } from '../../src/domain/content/index.ts';
import type { Pack } from '../../src/domain/content/index.ts';
import { hash32, normal, createRng } from '../../src/domain/random.ts';
import type { Rng } from '../../src/domain/random.ts';

/** Knobs of the student population. */
export interface PopulationOptions {
  /** SD of the student ability on the logit scale (applies to prior and learn). */
  abilitySd: number;
  /** SD of per-skill noise on the logit scale. */
  skillSd: number;
  /** Shift of every skill's prior on the logit scale: a class that knows more (> 0) or less than the pack assumes. */
  priorShift: number;
  /** SD of per-class noise of guess/slip on the logit scale. */
  emissionSd: number;
  /**
   * Share of the way from the class's guess rate to 1 - slip that a student who has not learned the
   * skill gets on an item one difficulty point easier than the skill's average (0 = plain BKT by
   * item class). Harder items get less, and learned students slip more on them.
   */
  partialKnowledge: number;
  /** Multiplier of the learn rate while a prerequisite (in the activity) is not learned; 1 = no effect. */
  prereqFactor: number;
  /** Learn probability of a worked example, as a multiple of the student's learn rate. */
  exampleFactor: number;
  /** Range of resources' effectiveness (multiple of the learn rate), drawn per resource per run. */
  resourceRange: [number, number];
  /** P(hint before answering) when the skill is not learned / learned. */
  hintRate: [number, number];
  /** Median answer time in ms when not learned / learned (log-normal, sigma 0.5). */
  medianMs: [number, number];
  /** Which learner engine draws the students (default 'bkt', this file; see learners/). */
  engine: 'bkt' | 'continuous' | 'forgetting';
  /** Multiplier of every learn rate (a slow class < 1, a fast one > 1). */
  learnScale: number;
  /** Skills per student (never the first of the activity) that this student cannot learn at all. */
  unlearnableSkills: number;
}

export const DEFAULT_POPULATION: PopulationOptions = {
  abilitySd: 0.7,
  skillSd: 0.6,
  priorShift: 0,
  emissionSd: 0.3,
  partialKnowledge: 0.8,
  prereqFactor: 0.25,
  exampleFactor: 1,
  resourceRange: [0.2, 2],
  hintRate: [0.3, 0.05],
  medianMs: [60_000, 35_000],
  engine: 'bkt',
  learnScale: 1,
  unlearnableSkills: 0,
};

/** The hidden truth of one student. */
export interface SimStudent {
  learn: Record<string, number>;
  forget: Record<string, number>;
  /** Guess and slip per skill per item class. */
  guess: Record<string, Record<string, number>>;
  slip: Record<string, Record<string, number>>;
  /** Mean difficulty of each skill's items, and the student's partial-knowledge offset per skill (logit). */
  meanDifficulty: Record<string, number>;
  partial: Record<string, number>;
  learned: Record<string, boolean>;
  /** Opportunity count on each skill at which it was first learned (0 = knew it already). */
  learnedAt: Record<string, number | undefined>;
  opportunities: Record<string, number>;
  prerequisites: Record<string, string[]>;
  /** Skills this student cannot learn (learn rate 0, not known at the start). */
  unlearnable: Set<string>;
  rng: Rng;
}

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Per (skill, resource index) effectiveness for a run: the same for every student, so a bandit can find the best. */
export function resourceEffects(pack: Pack, seed: number, opts: PopulationOptions): Record<string, number[]> {
  const rng = createRng(hash32(seed, 'resources'));
  const out: Record<string, number[]> = {};
  for (const s of listSkills(pack)) {
    out[s.id] = resourcesFor(pack, s.id).map(() => opts.resourceRange[0] + rng.next() * (opts.resourceRange[1] - opts.resourceRange[0]));
  }
  return out;
}

/** Draws student `index` of the population; depends only on (seed, index), so policies meet the same students. */
export function drawStudent(pack: Pack, activity: string[], seed: number, index: number, opts: PopulationOptions): SimStudent {
  const rng = createRng(hash32(seed, `student:${index}`));
  const ability = normal(rng) * opts.abilitySd;
  const inActivity = new Set(activity);
  const st: SimStudent = {
    learn: {},
    forget: {},
    guess: {},
    slip: {},
    meanDifficulty: {},
    partial: {},
    learned: {},
    learnedAt: {},
    opportunities: {},
    prerequisites: {},
    unlearnable: new Set(),
    rng: createRng(hash32(seed, `answers:${index}`)),
  };
  for (const s of listSkills(pack)) {
    if (!inActivity.has(s.id)) continue;
    st.learn[s.id] = Math.min(0.95, sigmoid(logit(s.bkt.learn) + ability + normal(rng) * opts.skillSd) * (opts.learnScale ?? 1));
    st.forget[s.id] = s.bkt.forget;
    const knows = rng.next() < sigmoid(logit(s.bkt.prior) + opts.priorShift + ability + normal(rng) * opts.skillSd);
    st.learned[s.id] = knows;
    st.learnedAt[s.id] = knows ? 0 : undefined;
    st.opportunities[s.id] = 0;
    st.prerequisites[s.id] = s.prerequisites.filter((p) => inActivity.has(p));
    const g: Record<string, number> = {};
    const sl: Record<string, number> = {};
    for (const c of s.itemClasses) {
      g[c.id] = sigmoid(logit(c.guess) + normal(rng) * opts.emissionSd);
      sl[c.id] = sigmoid(logit(c.slip) + normal(rng) * opts.emissionSd);
    }
    st.guess[s.id] = g;
    st.slip[s.id] = sl;
    const own = itemsForSkill(pack, s.id);
    st.meanDifficulty[s.id] = own.reduce((a, i) => a + i.difficulty, 0) / Math.max(1, own.length);
    st.partial[s.id] = 0.5 * ability + normal(rng) * 0.5;
  }
  const pool = activity.slice(1).filter((id) => id in st.learn);
  for (let k = 0; k < (opts.unlearnableSkills ?? 0) && pool.length > 0; k++) {
    const id = pool.splice(Math.floor(rng.next() * pool.length), 1)[0] as string;
    st.unlearnable.add(id);
    st.learn[id] = 0;
    st.partial[id] = -20; // no partial knowledge either: right answers only by guessing or by luck on a slip-free guess
    st.learned[id] = false;
    st.learnedAt[id] = undefined;
  }
  return st;
}

function learnRate(st: SimStudent, skill: string, opts: PopulationOptions): number {
  const base = st.learn[skill] ?? 0;
  const blocked = (st.prerequisites[skill] ?? []).some((p) => !st.learned[p]);
  return blocked ? base * opts.prereqFactor : base;
}

function markLearned(st: SimStudent, skill: string): void {
  st.learned[skill] = true;
  if (st.learnedAt[skill] === undefined) st.learnedAt[skill] = st.opportunities[skill] ?? 0;
}

/** What the simulated student sees of an item: its class and its authored difficulty (-3 .. 3). */
export interface SimItem {
  class: string;
  difficulty: number;
}

/**
 * P(correct) of one skill's part of an item. Plain BKT by class when `partialKnowledge` is 0.
 * Otherwise, relative to the skill's average difficulty d: not learned, the student gets a share
 * k = partialKnowledge * sigmoid(-2d - 0.5 + own offset) of the way from guess to 1 - slip (about
 * 60% right on an easy typed item, near the guess rate on a hard one); learned, the slip rises
 * on harder items (logit + 0.5d).
 */
export function emissionTruth(st: SimStudent, skill: string, item: SimItem, opts: PopulationOptions): number {
  const guess = st.guess[skill]?.[item.class] ?? 0.1;
  const slip = st.slip[skill]?.[item.class] ?? 0.1;
  if (opts.partialKnowledge <= 0) return st.learned[skill] ? 1 - slip : guess;
  const d = item.difficulty - (st.meanDifficulty[skill] ?? 0);
  const slipHere = sigmoid(logit(slip) + 0.5 * d);
  if (st.learned[skill]) return 1 - slipHere;
  const k = opts.partialKnowledge * sigmoid(-2 * d - 0.5 + (st.partial[skill] ?? 0));
  return guess + (1 - slipHere - guess) * k;
}

/** One answer to an item: correct only if every skill's emission succeeds; then each skill transitions. */
export function answer(
  st: SimStudent,
  skills: string[],
  item: SimItem,
  opts: PopulationOptions,
): { correct: boolean; hintsUsed: number; durationMs: number } {
  const known = skills.filter((s) => s in st.learn);
  let correct = true;
  for (const s of known) {
    if (st.rng.next() >= emissionTruth(st, s, item, opts)) correct = false;
  }
  const allLearned = known.every((s) => st.learned[s]);
  const hintsUsed = st.rng.next() < opts.hintRate[allLearned ? 1 : 0] ? 1 : 0;
  const durationMs = Math.round(opts.medianMs[allLearned ? 1 : 0] * Math.exp(0.5 * normal(st.rng)));
  const rates = known.map((s) => learnRate(st, s, opts));
  known.forEach((s, i) => {
    st.opportunities[s] = (st.opportunities[s] ?? 0) + 1;
    if (st.learned[s]) {
      if (st.rng.next() < (st.forget[s] ?? 0)) st.learned[s] = false;
    } else if (st.rng.next() < (rates[i] ?? 0)) markLearned(st, s);
  });
  return { correct, hintsUsed, durationMs };
}

/** A worked example or resource: a chance to learn the skill without answering (multiple of the learn rate). */
export function study(st: SimStudent, skill: string, factor: number, opts: PopulationOptions): void {
  if (st.learned[skill] || !(skill in st.learn)) return;
  if (st.rng.next() < Math.min(1, learnRate(st, skill, opts) * factor)) markLearned(st, skill);
}
