/**
 * Pathwise adaptive policy (pure: no I/O, no clock, no Math.random; time and seeds come in as
 * arguments). The app keeps one `StudentState` per student and activity (plain JSON, bounded).
 *
 * Usage:
 *   const params = paramsFromPack(pack);                         // or a course refit per skill
 *   let state = initialState(pack, activitySkills, params, now);
 *   const step = nextStep(pack, params, state, { activitySkills, now, seed });
 *   state = applyStepShown(state, step, now);                     // every step shown (items too)
 *   // item answered (first attempt; later attempts pass attempt: 2, 3 ... and only update counters):
 *   state = applyAnswer(pack, params, state, { itemId, seed, skillIds, itemClass, correct, hintsUsed, durationMs, at: now });
 *   if (hintAllowed(state, step.skillId)) offer the next hint;
 *   activityScore(state, activitySkills).score                   // the grade: mastered / assigned
 *   skillMap(...), goalProgress(...), flags(pack, state, now, config, params) for the pages.
 *
 * Step order in nextStep: remediation after `remediateAfterErrors` (3) consecutive errors on the
 * skill just answered (worked example, then an easier item of that skill or of a mastered
 * prerequisite, then a resource chosen by Thompson sampling rewarded by the next attempt), a due
 * FSRS review (not twice in a row while new skills remain), else a ready skill (the student's
 * choice; else the goal's path; else interleaved, least recently practised first, never the same
 * skill twice in a row when several are ready) with the item whose predicted P(correct) is
 * closest to the target band. The same item is never served twice in a row when another exists,
 * and never with the same seed. Item score: 10 x distance from the band, plus small terms: guess
 * rate (`informativeWeight`), minus expected information (`informationWeight`, default 0), plus
 * `masteredPenalty` per other skill of the item already mastered (a slip there withdraws mastery).
 * With `introExample` (off by default) a skill's worked example comes before its first item.
 * Remediation serves a mastered prerequisite's item only when one wrong answer would not
 * un-master it (else the skill's own easiest item). Measured effects: docs/benchmarks.md ("Adaptive policy in simulation").
 *
 * Mastery: a skill is declared mastered when P(mastered) >= masteryThreshold after a first-attempt
 * answer and the right answers since the last error could hardly all be guesses (evidence.ts,
 * `proofGuess`; stricter on a stuck skill, which also changes plan and pauses); P(mastered) of a
 * mastered skill decays with its FSRS recall (a correct answer after hints counts as incorrect,
 * configurable); a wrong answer that takes
 * it below the threshold (typically a failed review) un-declares it, which re-gates dependent
 * skills that are not mastered yet. Prerequisites outside the activity never gate.
 *
 * Course-wide bandit: pass `courseResourceStats` (sumResourceStats of the course's states) in the
 * step context to share what resources helped; otherwise each student's own statistics are used.
 */
export type {
  AnswerEvent,
  ChoiceResult,
  Flag,
  Goal,
  GoalResult,
  LastStep,
  PolicyConfig,
  RecentAttempt,
  RemediationStage,
  ResourceStats,
  ReviewCard,
  SkillMapEntry,
  SkillParams,
  SkillState,
  SkillStatus,
  Step,
  StepContext,
  StudentState,
} from './types.ts';
export { DEFAULT_POLICY, resolveConfig } from './config.ts';
export { paramsFromPack, emissionFor, itemEmissionKey } from './params.ts';
export { initialState, applyAnswer, applyStepShown, hintAllowed, chooseSkill, setGoal } from './state.ts';
export { nextStep } from './select.ts';
export { skillMap, goalProgress, activityScore, readySkills, missingPrerequisites } from './graph.ts';
export { flags, masteryForecast, wheelSpinning } from './flags.ts';
export { sumResourceStats } from './bandit.ts';
export { reviewDue } from './review.ts';
export { fitCourseParams, implausibleFit } from './fit.ts';
export type { CourseFit, CourseFitOptions, FittedSkill, LoggedAnswer } from './fit.ts';
export {
  CELL_LEGEND,
  cellStatus,
  attentionFor,
  attentionChangesAt,
  sureWords,
  teacherMarkMastered,
  teacherResetSkill,
  teacherFocus,
  restoreSkill,
  replaySkill,
  CHANGE_REASONS,
  CHANGE_REASON_IDS,
} from './cockpit.ts';
export type { CellStatus, Attention, TeacherChange, ChangeReason } from './cockpit.ts';
