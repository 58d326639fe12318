/**
 * Public entry of the mastery engine (pure: no I/O). Online API for the app, fitting for refits.
 */
export type { BktParams, ClassNames, SkillFit, SkillData, FitOptions, InitParams, PackedParams, EmResult } from './types.ts';
export { initialMasteryState, updateMastery, predictCorrect, expectedCorrectToMastery, masteryBeforeNext } from './online.ts';
export type { MasteryState, Observation } from './online.ts';
export { buildDataset, RowColumns, groupBySkill, subsetSequences } from './dataset.ts';
export type { MasteryRow } from './dataset.ts';
export { fitSkills, fitSkill, FIT_DEFAULTS } from './fit.ts';
export { runEm, eStep, mStep, logLikelihood, newCounts } from './em.ts';
export { predictSkill, classRemap } from './predict.ts';
export { auc, rmse, accuracy, logloss, computeMetrics, METRICS } from './metrics.ts';
export type { Metric } from './metrics.ts';
export { generateRows, generateDataset } from './generate.ts';
