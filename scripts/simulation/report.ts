/**
 * The simulation report: its figures and their aggregation from per-student results.
 *
 * Definitions (see docs/benchmarks.md ("Adaptive policy in simulation")):
 * - itemsToMastery: items answered until every activity skill is declared mastered at the same
 *   time; a student who does not get there within `maxItems` is counted AT the cap (and the share
 *   of such students is `itemsToMastery.capped`).
 * - nonItemSteps: worked examples and resources shown (never counted as items); stepsToMastery
 *   adds those shown before full mastery to itemsToMastery, so instruction cannot hide in the count.
 * - falseMasteryRate: share of mastery declarations made while the simulated student did not truly
 *   master the skill (the learner's truth: learned, and a true chance of at least 0.9 on a typed
 *   item of the skill where the learner model has one; see learners/types.ts).
 * - itemsToTrueMastery, reachedTrueMastery, retention30: the learner's truth, not the policy's
 *   declarations (items until every skill was truly mastered once; students truly mastering every
 *   skill at the end; skills still truly mastered 30 days after the last answer).
 * - guessableShare: served items of a class a student can guess 1 time in 4 or more.
 * - repeats: most times one item was served to a student; items served again while the skill had
 *   unused servable items.
 * - stuck: skills a student cannot learn (unlearnable model): flagged within 15 tries, tries on
 *   them, and the share declared mastered.
 * - lapsesPerStudent: declared masteries withdrawn by a later wrong (or hinted) answer.
 * - overPractice: mean items per student, outside reviews, whose skills were all already learned.
 * - successRate: share of items answered correctly at the first attempt (reviews included).
 * - wheelSpinning: the policy's wheel-spinning flag against the truth "the student had not learned
 *   the skill within its first wheelSpinAfter (10) opportunities" over every practised
 *   student-skill; earlyWarning: the same truth against the early warning.
 */
import type { PolicyName } from './baselines.ts';
import type { StudentResult } from './run.ts';

export interface SimulationReport {
  policy: PolicyName;
  students: number;
  seed: number;
  skills: number;
  itemsToMastery: { mean: number; p90: number; median: number; capped: number; cap: number };
  /** Worked examples and resources shown per student (all of the run), kept apart from items. */
  nonItemSteps: { mean: number; beforeMastery: number };
  /** Items plus worked examples/resources until full mastery (capped students: at the cap plus their steps). */
  stepsToMastery: { mean: number; p90: number };
  falseMasteryRate: number;
  /**
   * Where the learner model has a typed chance (continuous): its mean at the declarations and the
   * share of declarations below 0.8 (far from the 0.9 of the truth, not a near miss).
   */
  typedAtDeclaration?: { mean: number; below80: number };
  overPractice: number;
  successRate: number;
  wheelSpinning: { precision: number; recall: number; truePositives: number; flagged: number; actual: number };
  earlyWarning: { precision: number; recall: number };
  reviewItemsPerStudent: number;
  nonItemStepsPerStudent: number;
  lapsesPerStudent: number;
  declarations: number;
  /** Items until every skill was truly mastered at least once (learner's truth; capped students at the cap). */
  itemsToTrueMastery: { mean: number; capped: number };
  /** Share of students who truly master every skill at the end of their run. */
  reachedTrueMastery: number;
  /** Share of activity skills still truly mastered 30 days after the student's last answer. */
  retention30: number;
  /** Share of served items of a guessable class (guess 1 in 4 or more). */
  guessableShare: number;
  /** Most times one item was served to a student (mean and max over students); items served again while unused ones remained, per student. */
  repeats: { meanMax: number; max: number; whileUnused: number };
  /** Skills a student cannot learn: how many, share flagged within 15 tries, mean tries, share declared mastered. */
  stuck: { skills: number; flaggedWithin15: number; meanTries: number; declaredMastered: number };
  /** Where the policies' parameters came from. */
  params: {
    source: 'pack' | 'given' | 'calibration';
    calibrationStudents?: number;
    calibrationRounds?: number;
    fittedSkills?: number;
    itemLevel?: number;
    transitionsFitted?: number;
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

const round = (x: number, d = 4): number => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : 0);
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Aggregates per-student results into the report's figures. */
export function summarise(
  policy: PolicyName,
  seed: number,
  skills: number,
  cap: number,
  results: StudentResult[],
  params: SimulationReport['params'] = { source: 'pack' },
): SimulationReport {
  const itm = results.map((r) => r.itemsToMastery ?? cap).sort((a, b) => a - b);
  const stepsOf = (r: StudentResult): number => (r.itemsToMastery ?? cap) + (r.nonItemStepsToMastery ?? r.nonItemSteps);
  const steps = results.map(stepsOf).sort((a, b) => a - b);
  const sum = (f: (r: StudentResult) => number): number => results.reduce((a, r) => a + f(r), 0);
  const spins = results.flatMap((r) => r.spins);
  const tp = spins.filter((x) => x.truth && x.flagged).length;
  const flagged = spins.filter((x) => x.flagged).length;
  const actual = spins.filter((x) => x.truth).length;
  const wtp = spins.filter((x) => x.truth && x.warned).length;
  const warned = spins.filter((x) => x.warned).length;
  const n = results.length;
  const stuck = results.flatMap((r) => r.stuck);
  const chances = results.flatMap((r) => r.declaredChances);
  return {
    policy,
    students: n,
    seed,
    skills,
    itemsToMastery: {
      mean: round(
        ratio(
          sum((r) => r.itemsToMastery ?? cap),
          n,
        ),
        2,
      ),
      p90: round(quantile(itm, 0.9), 2),
      median: round(quantile(itm, 0.5), 2),
      capped: round(ratio(results.filter((r) => r.itemsToMastery === undefined).length, n)),
      cap,
    },
    nonItemSteps: {
      mean: round(
        ratio(
          sum((r) => r.nonItemSteps),
          n,
        ),
        2,
      ),
      beforeMastery: round(
        ratio(
          sum((r) => r.nonItemStepsToMastery ?? r.nonItemSteps),
          n,
        ),
        2,
      ),
    },
    stepsToMastery: { mean: round(ratio(sum(stepsOf), n), 2), p90: round(quantile(steps, 0.9), 2) },
    falseMasteryRate: round(
      ratio(
        sum((r) => r.falseDeclarations),
        sum((r) => r.declarations),
      ),
    ),
    ...(chances.length > 0
      ? {
          typedAtDeclaration: {
            mean: round(
              ratio(
                chances.reduce((a, x) => a + x, 0),
                chances.length,
              ),
            ),
            below80: round(ratio(chances.filter((x) => x < 0.8).length, chances.length)),
          },
        }
      : {}),
    overPractice: round(
      ratio(
        sum((r) => r.overPractice),
        n,
      ),
      2,
    ),
    successRate: round(
      ratio(
        sum((r) => r.correct),
        sum((r) => r.items),
      ),
    ),
    wheelSpinning: { precision: round(ratio(tp, flagged)), recall: round(ratio(tp, actual)), truePositives: tp, flagged, actual },
    earlyWarning: { precision: round(ratio(wtp, warned)), recall: round(ratio(wtp, actual)) },
    reviewItemsPerStudent: round(
      ratio(
        sum((r) => r.reviewItems),
        n,
      ),
      2,
    ),
    nonItemStepsPerStudent: round(
      ratio(
        sum((r) => r.nonItemSteps),
        n,
      ),
      2,
    ),
    lapsesPerStudent: round(
      ratio(
        sum((r) => r.lapses),
        n,
      ),
      2,
    ),
    declarations: sum((r) => r.declarations),
    itemsToTrueMastery: {
      mean: round(
        ratio(
          sum((r) => r.itemsToTrueMastery ?? cap),
          n,
        ),
        2,
      ),
      capped: round(ratio(results.filter((r) => r.itemsToTrueMastery === undefined).length, n)),
    },
    reachedTrueMastery: round(ratio(results.filter((r) => r.trulyMasteredAtEnd === skills).length, n)),
    retention30: round(
      ratio(
        sum((r) => r.retained30),
        n * skills,
      ),
    ),
    guessableShare: round(
      ratio(
        sum((r) => r.guessableItems),
        sum((r) => r.items),
      ),
    ),
    repeats: {
      meanMax: round(
        ratio(
          sum((r) => r.maxRepeat),
          n,
        ),
        2,
      ),
      max: Math.max(0, ...results.map((r) => r.maxRepeat)),
      whileUnused: round(
        ratio(
          sum((r) => r.repeatsWhileUnused),
          n,
        ),
        2,
      ),
    },
    stuck: {
      skills: stuck.length,
      flaggedWithin15: round(ratio(stuck.filter((x) => x.flaggedAt !== undefined && x.flaggedAt <= 15).length, stuck.length)),
      meanTries: round(
        ratio(
          stuck.reduce((a, x) => a + x.tries, 0),
          stuck.length,
        ),
        1,
      ),
      declaredMastered: round(ratio(stuck.filter((x) => x.declared).length, stuck.length)),
    },
    params,
  };
}
