/**
 * Shared pieces for the fractions generators: exact arithmetic, formatting, building choice
 * questions whose wrong options are the answers that classic misconceptions produce (so a wrong
 * pick tells us which misconception it was), and drawing "nice" fractions.
 */
import type { Rng } from '../../../../random.ts';
import { format, frac, gcd, reduce, type Rational } from '../../../rational.ts';
import type { GeneratedVariant, MisconceptionRef, Question } from '../../../types.ts';

export { add, compare, div, equals, format, frac, gcd, lcm, mul, reduce, sub } from '../../../rational.ts';
export type { Rational };

/** "3/4" written as text (not reduced: generators show exactly what they mean). */
export const show = (r: Rational): string => `${r.num}/${r.den}`;
export const simplest = (r: Rational): string => format(r);
export const mixed = (r: Rational): string => format(r, 'mixed');

/** A proper fraction with denominator from `dens`, numerator 1..den-1. */
export function properFraction(rng: Rng, dens: readonly number[]): Rational {
  const den = rng.pick(dens);
  return frac(rng.int(1, den - 1), den);
}

/** A proper fraction already in lowest terms. */
export function lowestProper(rng: Rng, dens: readonly number[]): Rational {
  for (;;) {
    const f = properFraction(rng, dens);
    if (gcd(f.num, f.den) === 1) return f;
  }
}

export interface Option {
  text: string;
  misconception?: string;
  feedback?: string;
}

/**
 * A single-answer choice question with distinct options: the correct one plus distractors
 * (misconception-tagged first, then fillers), at most `size` in all.
 */
export function choiceQuestion(prompt: string, correct: string, distractors: Option[], fillers: string[], size = 4): Question {
  const seen = new Set([correct]);
  const wrong: Option[] = [];
  for (const d of [...distractors, ...fillers.map((text) => ({ text }))]) {
    if (wrong.length >= size - 1 || seen.has(d.text)) continue;
    seen.add(d.text);
    wrong.push(d);
  }
  return {
    type: 'choice',
    prompt,
    choices: [
      { text: correct, correct: true },
      ...wrong.map((w) => ({
        text: w.text,
        ...(w.misconception ? { misconception: w.misconception } : {}),
        ...(w.feedback ? { feedback: w.feedback } : {}),
      })),
    ],
  };
}

/** Misconception refs whose recorded answers differ from the correct value. */
export function misconceptions(correct: Rational, list: [id: string, wrong: Rational | null][]): MisconceptionRef[] {
  const c = reduce(correct);
  return list
    .filter((x): x is [string, Rational] => x[1] !== null && x[1].den > 0 && x[1].num > 0)
    .filter(([, w]) => {
      const r = reduce(w);
      return r.num !== c.num || r.den !== c.den;
    })
    .map(([id, w]) => ({ id, responses: [show(w)] }));
}

export function variant(question: Question, hints: string[], extra: Partial<GeneratedVariant> = {}): GeneratedVariant {
  return { question, hints, ...extra };
}

/** A number parameter with a default, read from the item's generator params. */
export function param<T extends string | number | boolean>(params: Record<string, unknown>, name: string, fallback: T): T {
  const v = params[name];
  return typeof v === typeof fallback ? (v as T) : fallback;
}

/** Denominators suitable for grades 3-6, by level. */
export const DENS = {
  small: [2, 3, 4, 6, 8] as const,
  medium: [2, 3, 4, 5, 6, 8, 10, 12] as const,
};
