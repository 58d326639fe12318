/** Default policy settings (the numbers) and their merge with per-activity overrides. */
import type { PolicyConfig } from './types.ts';

/** Mastery 0.95, band 0.70-0.85, wheel-spinning after 10, early warning from 5, retention 0.9, inactive after 7 days, 20 recent. */
export const DEFAULT_POLICY: PolicyConfig = {
  masteryThreshold: 0.95,
  targetBand: [0.7, 0.85],
  wheelSpinAfter: 10,
  earlyWarningAfter: 5,
  reviewRetention: 0.9,
  inactiveAfterDays: 7,
  recentLimit: 20,
};

/** A complete config with every optional knob filled in. */
export type ResolvedConfig = Required<PolicyConfig>;

/** Fills defaults so callers may pass a partial config (or none). */
export function resolveConfig(config?: Partial<PolicyConfig>): ResolvedConfig {
  return {
    remediateAfterErrors: 3,
    wheelSpinBelow: 0.5,
    earlyWarningRisk: 0.35,
    slowAnswerMs: 90_000,
    hintCountsAsIncorrect: true,
    informativeWeight: 0.1,
    informationWeight: 2.5,
    diagnosticWeight: 0,
    introExample: false,
    masteredPenalty: 3,
    prerequisiteRemediation: true,
    proofGuess: 0.1,
    stuckProofGuess: 0.01,
    bandOnKnowledge: true,
    stuckTries: 5,
    pauseDays: 1,
    ...DEFAULT_POLICY,
    ...(config ?? {}),
  } as ResolvedConfig;
}
