/**
 * The simulator's learner interface. Every learner model (the BKT student of student.ts and the
 * models of this folder, written apart from the policy's own assumptions) answers items, may learn
 * from a worked example, and exposes the truth the benchmark scores against.
 */

/** What a simulated learner sees of an item: its class and its authored difficulty (-3 .. 3). */
export interface LearnerItem {
  class: string;
  difficulty: number;
}

export interface LearnerAnswer {
  correct: boolean;
  hintsUsed: number;
  durationMs: number;
}

/** Learner models of the benchmark (see docs/benchmarks.md, "Learner models"). */
export const LEARNER_MODELS = ['bkt', 'continuous', 'slow-guessable', 'forgetting', 'unlearnable', 'fast-class'] as const;
export type LearnerModel = (typeof LEARNER_MODELS)[number];

/** One simulated student. Times are epoch milliseconds of the simulated clock. */
export interface Learner {
  /** Skills in the learned state now (for the wheel-spinning truth). */
  learned: Record<string, boolean>;
  /** Opportunity count at which each skill was first learned (0 = knew it already). */
  learnedAt: Record<string, number | undefined>;
  opportunities: Record<string, number>;
  /** Skills this student cannot learn however long they practise (unlearnable model). */
  unlearnable: Set<string>;
  answer(skills: string[], item: LearnerItem, atMs: number): LearnerAnswer;
  /** A worked example or resource: `factor` scales how much it teaches. */
  study(skill: string, factor: number, atMs: number): void;
  /**
   * Whether the student truly masters the skill at `atMs`: the learned state and a true chance of
   * at least 0.9 on a typed item of the skill (the definition of a justified mastery).
   */
  masters(skill: string, atMs: number): boolean;
  /**
   * The true chance of a right answer on a typed item of the skill's average difficulty, where the
   * model has one (continuous): how far below the 0.9 of the truth a false declaration falls.
   */
  typedChance?(skill: string, atMs: number): number;
}

export const logit = (p: number): number => Math.log(p / (1 - p));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The chance of guessing an item of a class without knowing the skill, from how it is answered,
 * not from the pack's parameters: 1 / options for choice items, small for typed answers.
 */
export function classGuess(itemClass: string): number {
  switch (itemClass) {
    case 'true-false':
      return 0.5;
    case 'choice-3':
    case 'symbol-entry':
      return 1 / 3;
    case 'choice-4':
      return 0.25;
    case 'ordering':
    case 'matching':
      return 0.08;
    default:
      return 0.02;
  }
}

/** Answer time (ms): log-normal around 60 s while not mastered, 35 s once mastered. */
export function answerTime(mastered: boolean, z: number): number {
  return Math.round((mastered ? 35_000 : 60_000) * Math.exp(0.5 * z));
}
