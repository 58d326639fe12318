/**
 * Shapes of the adaptive policy. Everything here is plain JSON so the app can keep a student's
 * `StudentState` in one MongoDB document; every array is bounded (by `recentLimit` or by the size
 * of the pack), so the document never grows with the number of answers.
 */
import type { BktParams } from '../mastery/index.ts';

/** Tunables of the policy; the app may override them per activity. */
export interface PolicyConfig {
  /** P(mastered) at or above which a skill is declared mastered (and its dependents open). */
  masteryThreshold: number;
  /** Target band for the predicted P(correct) of the next item (edge of ability). */
  targetBand: [number, number];
  /**
   * Opportunities on a skill without mastery from which it may be flagged as wheel-spinning (see
   * `wheelSpinBelow`; at twice this many it is flagged whatever the estimate).
   */
  wheelSpinAfter: number;
  /** Opportunities after which the early warning may fire (from correctness, hints and time). */
  earlyWarningAfter: number;
  /** FSRS target retention for spaced review of mastered skills. */
  reviewRetention: number;
  /** Days without any answer after which the student is flagged as inactive. */
  inactiveAfterDays: number;
  /** Length of the bounded recent-attempt history kept in the state. */
  recentLimit: number;
  /** Consecutive errors on a skill that start the remediation sequence (default 3). */
  remediateAfterErrors?: number;
  /**
   * A skill past `wheelSpinAfter` tries without mastery is flagged as wheel-spinning while its
   * P(mastered) is below this (default 0.5: the model thinks the student more likely has not learned
   * it than has). A student whose recent answers put them close to mastery is given the tries that
   * evidence needs instead of a flag. 1 flags on the count alone.
   */
  wheelSpinBelow?: number;
  /** Early warning fires when P(mastery within `wheelSpinAfter` opportunities) is below this (default 0.35). */
  earlyWarningRisk?: number;
  /** An answer slower than this counts as a slow answer in the early warning (default 90 s). */
  slowAnswerMs?: number;
  /**
   * Weight of an item's guess rate against its distance from the band (x10) when choosing an item
   * (default 0.1: the band decides, informativeness breaks ties; higher trades success for speed).
   */
  informativeWeight?: number;
  /**
   * Weight of an item's expected information (bits, see answerInformation) about the skill against its
   * distance from the band (x10). Default 2.5: the band leads, and among items near it the one whose
   * answer tells more wins (an item 0.1 outside the band needs 0.4 bits more); measured in
   * docs/benchmarks.md. Higher trades observed success for fewer items.
   */
  informationWeight?: number;
  /**
   * Extra information weight for a skill practised `earlyWarningAfter` times without ever being
   * mastered: from then on, finding out whether the student has it (for the student's next step and
   * for the teacher's wheel-spinning flag) counts more than the band (default 0).
   */
  diagnosticWeight?: number;
  /**
   * Score penalty (in units of 10 x band distance) per other skill of an item that is already mastered
   * (default 3). One slip or hinted answer on a skill just mastered withdraws its mastery and re-gates
   * what depends on it, so single-skill items are preferred when they are about as close to the band.
   */
  masteredPenalty?: number;
  /**
   * Remediation may serve an easier question on a mastered prerequisite when the skill has no easier
   * item of its own (default true); only a prerequisite that one wrong answer would not un-master.
   */
  prerequisiteRemediation?: boolean;
  /** Show a skill's worked example before its first item (instruction before practice; default false). */
  introExample?: boolean;
  /** Count a correct answer given after hints as incorrect for mastery (ASSISTments convention; default true). */
  hintCountsAsIncorrect?: boolean;
  /**
   * Guess-proof mastery: the right first answers since the last wrong one must be unlikely to be all
   * guesses, i.e. the product of their items' guess rates (each at least its class's 1-in-options
   * value from the pack) at most this (default 0.1: one typed answer, or two different choice
   * items, but never true/false items alone). A skill flagged as wheel-spinning needs
   * `stuckProofGuess` (default 0.01: two typed answers).
   */
  proofGuess?: number;
  stuckProofGuess?: number;
  /** Guess-rate product a skill needs once paused as stuck (default 0.001; evidence.ts, evidenceConfig). */
  pausedProofGuess?: number;
  /** Proving items added once paused, and after `partialRuns` broken runs down to `partialGuess` (evidence.ts). */
  pausedProofItems?: number;
  partialProofItems?: number;
  partialRuns?: number;
  partialGuess?: number;
  /**
   * Evidence weight of an item easier than its skill's median item: its guess rate as proof is at
   * least this (default 1: such a right answer neither proves nor breaks the run).
   */
  easyProofGuess?: number;
  /** Different proving items (not among the skill's easiest) the run needs (default 3; fewer if the pool has fewer). */
  proofItems?: number;
  /** Distinct days the proving run must span (default 2: a short delayed confirmation, one proving right answer on a later day). */
  proofDays?: number;
  /**
   * Measure the target band on the chance of answering from knowledge, (P(correct) - guess) /
   * (1 - guess), so a true/false item is not "in the band" by luck alone (default true).
   */
  bandOnKnowledge?: boolean;
  /**
   * Tries on a wheel-spinning skill, after its change of plan, before it is paused (default 10: at 5,
   * slow learners lost whole days to pauses and capped the course; docs/benchmarks.md).
   */
  stuckTries?: number;
  /** First pause of a stuck skill in days (doubles with each pause, up to 16x; default 1). */
  pauseDays?: number;
}

/** Per-skill BKT parameters, index-aligned with `classes` (pack defaults or a course refit). */
export interface SkillParams {
  [skillId: string]: BktParams & { classes?: { gs: string[]; learn: string[] } };
}

/** A serialised FSRS card (dates as ISO strings) for a mastered skill's spaced review. */
export interface ReviewCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
}

/** Where a skill stands in the remediation sequence of its current run of errors. */
export type RemediationStage = 'none' | 'worked-example' | 'easier' | 'resource' | 'done';

/** A student's state for one skill. */
export interface SkillState {
  /** BKT posterior after the last answer (see mastery/online.ts). */
  pMastered: number;
  /** BKT opportunity count (first attempts only). */
  n: number;
  /** Declared mastered (pMastered reached the threshold and has not lapsed since). */
  mastered: boolean;
  /** When the skill was first declared mastered (ISO). */
  masteredAt?: string;
  /** True once the skill has ever been declared mastered (wheel-spinning only counts before that). */
  everMastered: boolean;
  /** When the wheel-spinning flag was first raised (ISO); the flag stays until mastery, and this stays as history. */
  wheelSpinningAt?: string;
  /** First attempts on this skill. */
  attempts: number;
  correct: number;
  /** Consecutive incorrect first attempts (reset by a correct one). */
  errorStreak: number;
  /** Remediation progress for the current run of errors. */
  remediation: RemediationStage;
  /** Features of the first opportunities for the early warning. */
  early: { n: number; correct: number; hinted: number; slow: number };
  /** Spaced-review card once mastered. */
  review?: ReviewCard;
  /** Reviews taken / failed (for reporting). */
  reviews: number;
  lapses: number;
  /** Worked examples shown for this skill (introductions and remediation). */
  examples?: number;
  /** Resource shown and waiting for the next attempt's outcome (bandit reward). */
  pendingResource?: number;
  /** Last time this skill was practised (ISO). */
  lastAt?: string;
  /** Product of the guess rates of the distinct items answered right since the last wrong answer (evidence.ts). */
  guessRun?: number;
  /** Items of that run (bounded), so the same item twice in a row is not counted twice. */
  runItems?: string[];
  /** Right answers of the run on different items that are not among the skill's easiest. */
  runProving?: number;
  /** UTC days (YYYY-MM-DD) of the run's proving answers (evidence.ts, `proofDays`). */
  runDays?: string[];
  /** Runs that held a proving right answer and then ended on a wrong one (evidence.ts, partial knowledge). */
  brokenRuns?: number;
  /** Items of this skill served, least recently served first (bounded by the pool; variety). */
  seen?: string[];
  /** Attempts when the wheel-spinning flag was raised or the skill was last paused. */
  flagAttempts?: number;
  /** Paused for this student until (ISO): a stuck skill is not drilled. */
  pausedUntil?: string;
  pauses?: number;
}

/** One attempt in the bounded recent history. */
export interface RecentAttempt {
  itemId: string;
  seed: number;
  skillIds: string[];
  correct: boolean;
  hintsUsed: number;
  at: string;
  review?: boolean;
}

/** A student goal: master these skills (default all of the activity) by a date. */
export interface Goal {
  skills?: string[];
  /** ISO date (or date-time) by which the goal should be reached. */
  by?: string;
  setAt: string;
}

/** Per skill, per resource index: times shown and times the next attempt on the skill was correct. */
export type ResourceStats = Record<string, Array<{ shown: number; helped: number }>>;

/** The last step served or shown, used to avoid repeating a variant and to interleave skills. */
export interface LastStep {
  kind: 'item' | 'worked-example' | 'resource';
  skillId: string;
  itemId?: string;
  seed?: number;
  review?: boolean;
  at: string;
}

/** Everything the policy knows about one student in one activity (JSON, bounded). */
export interface StudentState {
  version: 1;
  skills: Record<string, SkillState>;
  recent: RecentAttempt[];
  chosenSkill?: string;
  /** The chosen skill was given by the teacher: it comes before remediation of another skill. */
  focusByTeacher?: boolean;
  goal?: Goal;
  resourceStats: ResourceStats;
  lastStep?: LastStep;
  createdAt: string;
  lastActiveAt?: string;
  /** Total first attempts in this activity. */
  attempts: number;
}

/** The next thing to show the student. */
export type Step =
  | {
      kind: 'item';
      skillId: string;
      itemId: string;
      seed: number;
      predictedCorrect: number;
      reason: string;
      review?: boolean;
      remediation?: boolean;
    }
  | { kind: 'worked-example'; skillId: string; reason: string; intro?: boolean }
  | { kind: 'resource'; skillId: string; resourceIndex: number; reason: string }
  | { kind: 'done'; reason: string; nextReviewAt?: string; paused?: string[] };

/** Context of one `nextStep` call; `seed` picks the variant and breaks ties reproducibly. */
export interface StepContext {
  activitySkills: string[];
  now: string;
  seed: number;
  /** Optional course-wide resource statistics (sum of students' `resourceStats`) to share the bandit. */
  courseResourceStats?: ResourceStats;
}

/** One answer, as the app records it. */
export interface AnswerEvent {
  itemId: string;
  seed: number;
  skillIds: string[];
  itemClass: string;
  correct: boolean;
  hintsUsed: number;
  durationMs?: number;
  at: string;
  /** 1 for the first attempt at this variant (the default); later attempts update counters, not mastery. */
  attempt?: number;
}

export type SkillStatus = 'mastered' | 'in-progress' | 'ready' | 'locked';

export interface SkillMapEntry {
  skillId: string;
  title: string;
  status: SkillStatus;
  pMastered: number;
  prerequisites: string[];
  /** Prerequisites (within the activity) not mastered yet. */
  missing: string[];
  reviewDue?: string;
  /** Mastered, but probably rusty now: recall estimated below the review target. */
  needsRefresh?: boolean;
  /** Paused for the student (stuck): the teacher is asked to help. */
  paused?: boolean;
}

export interface Flag {
  kind: 'wheel-spinning' | 'early-warning' | 'inactive';
  skillId?: string;
  reason: string;
}

export type ChoiceResult = { ok: true; state: StudentState } | { ok: false; reason: string; missing: string[] };
export type GoalResult = { ok: true; state: StudentState } | { ok: false; reason: string };
