/**
 * Moodle's grade rules, so an import refuses what Moodle itself would refuse instead of turning a
 * typo (fraction="33") into a question that can never give full marks. The values come from
 * Moodle 4.1's question bank (fraction_options_full: every p/q with q <= 6, every p/10, every 1/q
 * with q <= 10, 1/20, and their negatives); Moodle's importer accepts a value within 0.00001 of one
 * of them. The per-type sum rules are those Moodle's editing form applies (single choice: the best
 * answer is 100%; several answers: the positive grades add up to 100% after rounding to 2 decimals;
 * short answer and numerical: some answer is 100%; true/false: 100% and 0%). Messages are written
 * for teachers: question, answer, value, what to change.
 */

/** The positive grades as Moodle shows them (percent), highest first, then 0. */
export const MOODLE_GRADE_PERCENTS: readonly string[] = [
  '100', '90', '83.33333', '80', '75', '70', '66.66667', '60', '50', '40', '33.33333', '30', '25', '20',
  '16.66667', '14.28571', '12.5', '11.11111', '10', '5', '0',
];

/** Every grade an import may use, as fractions (1 = 100%): the 21 above and the 20 negatives. */
export const MOODLE_GRADES: readonly number[] = (() => {
  const exact = [1, 0.9, 5 / 6, 0.8, 0.75, 0.7, 2 / 3, 0.6, 0.5, 0.4, 1 / 3, 0.3, 0.25, 0.2, 1 / 6, 1 / 7, 0.125, 1 / 9, 0.1, 0.05];
  return [...exact, 0, ...exact.map((v) => -v)];
})();

/** Moodle's own tolerance when it matches an imported grade (lib/questionlib.php). */
const TOLERANCE = 0.00001;

/** The allowed fraction for a percentage, or null when Moodle would refuse it. */
export function matchGrade(percent: number): number | null {
  if (!Number.isFinite(percent)) return null;
  const f = percent / 100;
  for (const g of MOODLE_GRADES) if (Math.abs(g - f) < TOLERANCE) return g;
  return null;
}

const show = (fraction: number): string => `${+(fraction * 100).toFixed(5)}%`;

function nearest(percent: number): string {
  let best = MOODLE_GRADES[0] as number;
  for (const g of MOODLE_GRADES) if (Math.abs(g * 100 - percent) < Math.abs(best * 100 - percent)) best = g;
  return show(best);
}

/**
 * Reads one answer's grade ("50", "33.33333", "-100"; empty means 0). Returns the fraction, or a
 * message naming the question, the answer and the value, with the nearest grade Moodle allows.
 */
export function readGrade(raw: string, question: string, answer: string): { ok: true; fraction: number } | { ok: false; message: string } {
  const text = raw.trim();
  const where = `Question "${question}", answer "${answer.slice(0, 60)}"`;
  if (text === '') return { ok: true, fraction: 0 };
  const percent = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) || !Number.isFinite(percent)) {
    return { ok: false, message: `${where}: the grade "${text}" is not a number. Give it one of Moodle's grades, such as 100%, 50% or 0%.` };
  }
  const g = matchGrade(percent);
  if (g !== null) return { ok: true, fraction: g };
  return { ok: false, message: `${where}: ${text}% is not a grade Moodle allows. Change it to ${nearest(percent)} or another of Moodle's grades (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 or minus one of them), then export again.` };
}

export type GradeRule = 'single-choice' | 'multiple-choice' | 'short-answer' | 'numerical' | 'true-false';

const isFull = (f: number): boolean => Math.abs(f - 1) < TOLERANCE;

/** The per-type sum rule for one question's grades; null when Moodle would accept them. */
export function sumProblem(rule: GradeRule, question: string, fractions: readonly number[]): string | null {
  const where = `Question "${question}"`;
  switch (rule) {
    case 'single-choice': {
      const best = fractions.length ? Math.max(...fractions) : 0;
      return isFull(best) ? null : `${where}: the best answer is worth ${show(best)}, but with one right answer that answer must be worth 100%. Give the right answer 100%.`;
    }
    case 'multiple-choice': {
      const sum = fractions.filter((f) => f > 0).reduce((s, f) => s + f, 0);
      return Math.round(sum * 100) === 100 ? null : `${where}: the right answers add up to ${show(sum)}, but with several right answers they must add up to 100% (for example 50% + 50%, or 3 × 33.33333%). Change their grades so they add up to 100%.`;
    }
    case 'short-answer': case 'numerical':
      return fractions.some(isFull) ? null : `${where}: no answer is worth 100%. Give the right answer 100%.`;
    case 'true-false': {
      const sorted = [...fractions].sort((a, b) => b - a);
      return sorted.length === 2 && isFull(sorted[0] as number) && sorted[1] === 0 ? null : `${where}: one of "True" and "False" must be worth 100% and the other 0%. Choose the right one in Moodle and export again.`;
    }
  }
}
