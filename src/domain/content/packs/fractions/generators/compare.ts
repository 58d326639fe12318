/**
 * Generators for comparing fractions and for mixed numbers. Distractors are built from the
 * classic errors: comparing only numerators, thinking a bigger denominator means a bigger
 * fraction, and mixing up the whole-number part when converting mixed numbers.
 */
import type { ItemGenerator } from '../../../types.ts';
import { choiceQuestion, compare, frac, lcm, lowestProper, mixed, show, variant, type Rational } from './helpers.ts';

function twoDifferent(rng: Parameters<ItemGenerator>[0]['rng'], trap: boolean): [Rational, Rational] {
  for (;;) {
    const a = lowestProper(rng, [3, 4, 5, 6, 8, 10, 12]);
    const b = lowestProper(rng, [3, 4, 5, 6, 8, 10, 12]);
    if (a.den === b.den || compare(a, b) === 0) continue;
    // A "trap" pair has the larger numerator on the smaller fraction, so comparing numerators fails.
    const numeratorsMislead = a.num > b.num !== compare(a, b) > 0 && a.num !== b.num;
    if (!trap || numeratorsMislead) return [a, b];
  }
}

/** Which is larger? One distractor is what comparing numerators alone would pick. */
export const compareChoice: ItemGenerator = ({ rng }) => {
  const [a, b] = twoDifferent(rng, rng.next() < 0.7);
  const bigger = compare(a, b) > 0 ? a : b;
  const smaller = bigger === a ? b : a;
  const common = lcm(a.den, b.den);
  return variant(
    {
      type: 'choice',
      prompt: `Which fraction is larger: ${show(a)} or ${show(b)}?`,
      choices: [
        { text: show(bigger), correct: true },
        { text: show(smaller), misconception: smaller.num > bigger.num ? 'compare-numerators-only' : 'bigger-denominator-bigger-fraction' },
        { text: 'They are equal', misconception: 'same-gap-same-size' },
      ],
    },
    [
      'You can only compare the numerators when the parts are the same size (same denominator).',
      `Rewrite both with denominator ${common}.`,
      `${show(a)} = ${(a.num * common) / a.den}/${common} and ${show(b)} = ${(b.num * common) / b.den}/${common}.`,
    ],
    {
      solution: [
        `Common denominator: ${common}.`,
        `${show(a)} = ${(a.num * common) / a.den}/${common}, ${show(b)} = ${(b.num * common) / b.den}/${common}.`,
        `So ${show(bigger)} is larger.`,
      ],
    },
  );
};

/** Type <, > or = between two fractions. */
export const compareSymbol: ItemGenerator = ({ rng }) => {
  const equal = rng.next() < 0.2;
  const [a, b0] = twoDifferent(rng, rng.next() < 0.5);
  const k = rng.int(2, 4);
  const b = equal ? frac(a.num * k, a.den * k) : b0;
  const sign = equal ? '=' : compare(a, b) > 0 ? '>' : '<';
  const wrongByNumerators = a.num > b.num ? '>' : a.num < b.num ? '<' : '=';
  return variant(
    { type: 'text', prompt: `Type <, > or = to make this true: ${show(a)} ? ${show(b)}`, answers: [sign], caseSensitive: true },
    [
      'Make the denominators the same before you compare.',
      `Use ${lcm(a.den, b.den)} as the common denominator.`,
      `Compare ${(a.num * lcm(a.den, b.den)) / a.den}/${lcm(a.den, b.den)} with ${(b.num * lcm(a.den, b.den)) / b.den}/${lcm(a.den, b.den)}.`,
    ],
    { misconceptions: wrongByNumerators !== sign ? [{ id: 'compare-numerators-only', responses: [wrongByNumerators] }] : [] },
  );
};

/** Unit fractions: more pieces means smaller pieces. */
export const compareUnitFractions: ItemGenerator = ({ rng }) => {
  const d1 = rng.int(2, 12);
  let d2 = rng.int(2, 12);
  while (d2 === d1) d2 = rng.int(2, 12);
  const bigger = Math.min(d1, d2);
  return variant(
    choiceQuestion(
      `A cake is shared equally by ${d1} friends. Another cake the same size is shared equally by ${d2} friends. Which share is bigger?`,
      `1/${bigger}`,
      [
        { text: `1/${Math.max(d1, d2)}`, misconception: 'bigger-denominator-bigger-fraction' },
        { text: 'They are the same size', misconception: 'same-gap-same-size' },
      ],
      [],
      3,
    ),
    [
      'Think about it: is a cake shared by more people giving bigger or smaller slices?',
      'The more equal parts a whole is cut into, the smaller each part is.',
      `1/${bigger} is a share when only ${bigger} people share.`,
    ],
  );
};

/** 2 3/4 as an improper fraction. */
export const mixedToImproper: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const whole = rng.int(1, 5);
  const improper = frac(whole * f.den + f.num, f.den);
  return variant(
    { type: 'fraction', prompt: `Write ${whole} ${show(f)} as an improper fraction.`, answer: show(improper), form: 'improper' },
    [
      `Each whole is ${f.den}/${f.den}.`,
      `${whole} wholes = ${whole * f.den}/${f.den}. Now add the ${show(f)}.`,
      `${whole * f.den} + ${f.num} = ${improper.num}, over ${f.den}.`,
    ],
    {
      solution: [`${whole} = ${whole * f.den}/${f.den}.`, `${whole * f.den}/${f.den} + ${show(f)} = ${show(improper)}.`],
      misconceptions: [
        { id: 'mixed-multiply-only', responses: [`${whole * f.num}/${f.den}`] },
        { id: 'mixed-add-whole-to-numerator', responses: [`${whole + f.num}/${f.den}`] },
      ],
    },
  );
};

/** 11/4 as a mixed number. */
export const improperToMixed: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const whole = rng.int(1, 5);
  const improper = frac(whole * f.den + f.num, f.den);
  return variant(
    { type: 'fraction', prompt: `Write ${show(improper)} as a mixed number.`, answer: mixed(improper), form: 'mixed' },
    [
      `How many groups of ${f.den} fit into ${improper.num}? Each group makes one whole.`,
      `${improper.num} ÷ ${f.den} = ${whole} remainder ${f.num}.`,
      `${whole} wholes and ${f.num} left over out of ${f.den}.`,
    ],
    {
      solution: [`${improper.num} ÷ ${f.den} = ${whole} r ${f.num}.`, `${show(improper)} = ${mixed(improper)}.`],
      misconceptions: [{ id: 'remainder-as-denominator', responses: [`${whole} ${f.den}/${f.num}`] }],
    },
  );
};

/** Where does an improper fraction sit: between which whole numbers? */
export const mixedBetweenWholes: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6]);
  const whole = rng.int(1, 4);
  const improper = frac(whole * f.den + f.num, f.den);
  return variant(
    choiceQuestion(
      `Between which two whole numbers is ${show(improper)}?`,
      `${whole} and ${whole + 1}`,
      [
        { text: `${improper.num - 1} and ${improper.num}`, misconception: 'numerator-is-the-size' },
        { text: `0 and 1`, misconception: 'fractions-less-than-one' },
      ],
      [`${whole + 1} and ${whole + 2}`, `${Math.max(0, whole - 1)} and ${whole}`, `${whole + 2} and ${whole + 3}`],
    ),
    [
      `Count in wholes: ${f.den}/${f.den} = 1, ${2 * f.den}/${f.den} = 2, ...`,
      `${whole * f.den}/${f.den} = ${whole} and ${(whole + 1) * f.den}/${f.den} = ${whole + 1}.`,
      `${show(improper)} = ${mixed(improper)}.`,
    ],
  );
};
