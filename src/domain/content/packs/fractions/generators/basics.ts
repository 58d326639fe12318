/**
 * Generators for the first ideas: what a fraction means, where it sits on the number line,
 * equivalence and simplest form. Texts are written for 8-11 year olds: short sentences,
 * concrete objects, one idea per hint.
 */
import type { ItemGenerator } from '../../../types.ts';
import { choiceQuestion, frac, gcd, lowestProper, properFraction, show, simplest, variant, DENS } from './helpers.ts';

const OBJECTS = [
  { whole: 'pizza', part: 'slices', verb: 'eaten' },
  { whole: 'chocolate bar', part: 'squares', verb: 'eaten' },
  { whole: 'garden', part: 'beds', verb: 'planted with tomatoes' },
  { whole: 'flag', part: 'stripes', verb: 'painted blue' },
  { whole: 'pie', part: 'pieces', verb: 'given away' },
];

/** "A pizza is cut into 8 equal slices and 3 are eaten": name the fraction. */
export const nameTheFraction: ItemGenerator = ({ rng }) => {
  const o = rng.pick(OBJECTS);
  const f = properFraction(rng, [3, 4, 5, 6, 8, 10, 12]);
  return variant(
    {
      type: 'fraction',
      prompt: `A ${o.whole} is cut into ${f.den} equal ${o.part}. ${f.num} of the ${o.part} ${f.num === 1 ? 'is' : 'are'} ${o.verb}. What fraction of the ${o.whole} is ${o.verb}?`,
      answer: show(f),
      form: 'any',
    },
    [
      'The bottom number (denominator) is how many equal parts the whole is cut into.',
      `The whole has ${f.den} equal parts, so the denominator is ${f.den}. The top number counts the parts we are talking about.`,
      `${f.num} parts out of ${f.den} equal parts: write ${f.num} over ${f.den}.`,
    ],
    {
      solution: [`Equal parts in the whole: ${f.den}.`, `Parts ${o.verb}: ${f.num}.`, `Fraction: ${show(f)}.`],
      misconceptions: [
        { id: 'part-to-part', responses: f.den - f.num !== f.num ? [`${f.num}/${f.den - f.num}`] : [] },
        { id: 'numerator-denominator-swapped', responses: [`${f.den}/${f.num}`] },
      ],
    },
  );
};

/** A set of objects: "12 marbles, 4 are red: what fraction is red?" (any equivalent form). */
export const fractionOfSet: ItemGenerator = ({ rng }) => {
  const things = rng.pick([
    ['marbles', 'red'],
    ['stickers', 'gold'],
    ['pencils', 'sharp'],
    ['socks', 'striped'],
    ['apples', 'green'],
  ] as const);
  const total = rng.int(4, 12);
  const part = rng.int(1, total - 1);
  return variant(
    {
      type: 'fraction',
      prompt: `There are ${total} ${things[0]} in a bag. ${part} of them ${part === 1 ? 'is' : 'are'} ${things[1]}. What fraction of the ${things[0]} are ${things[1]}?`,
      answer: show(frac(part, total)),
    },
    [
      'Here the whole is the whole bag: every object counts as one equal part.',
      `The bag holds ${total} ${things[0]}, so the denominator is ${total}.`,
      `${part} out of ${total} are ${things[1]}.`,
    ],
    {
      solution: [
        `Whole set: ${total} ${things[0]}.`,
        `${things[1]}: ${part}.`,
        `Fraction: ${part}/${total} (equal to ${simplest(frac(part, total))}).`,
      ],
      misconceptions: [{ id: 'part-to-part', responses: total - part !== part ? [`${part}/${total - part}`] : [] }],
    },
  );
};

/** Equal parts matter: is a shape cut into unequal parts showing quarters? */
export const equalPartsTrueFalse: ItemGenerator = ({ rng }) => {
  const den = rng.pick([2, 3, 4, 5, 6, 8]);
  const equal = rng.next() < 0.5;
  const name =
    ({ 2: 'halves', 3: 'thirds', 4: 'quarters', 5: 'fifths', 6: 'sixths', 8: 'eighths' } as Record<number, string>)[den] ?? `parts`;
  const how = equal ? `${den} equal pieces` : `${den} pieces of different sizes`;
  return variant(
    {
      type: 'truefalse',
      prompt: `Sam cuts a sandwich into ${how}. True or false: each piece is one of ${den} ${name}, so each piece is 1/${den} of the sandwich.`,
      answer: equal,
    },
    [
      'A fraction like 1/4 means one of several EQUAL parts.',
      equal
        ? 'Check the words: are the pieces the same size?'
        : 'Are the pieces the same size? If not, they are not fractions of the same kind.',
      equal ? `The pieces are equal, so each is 1/${den}.` : `The pieces are different sizes, so they are not ${name}.`,
    ],
    {
      solution: [equal ? `${den} equal pieces: each is 1/${den}.` : `The pieces are unequal, so none of them has to be 1/${den}.`],
      misconceptions: equal ? [] : [{ id: 'unequal-parts', responses: [true] }],
    },
  );
};

/** A number line from 0 to `wholes` cut into equal jumps: which fraction is at point P? */
export const numberLinePoint: ItemGenerator = ({ rng, params }) => {
  const wholes = params.beyondOne === true ? 2 : 1;
  const den = rng.pick([2, 3, 4, 5, 6, 8, 10]);
  const mark = rng.int(1, den * wholes - 1);
  return variant(
    {
      type: 'fraction',
      prompt: `A number line goes from 0 to ${wholes}. Each whole is split into ${den} equal jumps. Point P is ${mark} jumps to the right of 0. What fraction is at P?`,
      answer: show(frac(mark, den)),
    },
    [
      'Each jump from one mark to the next is the same size. How big is one jump?',
      `There are ${den} jumps in each whole, so one jump is 1/${den}.`,
      `P is ${mark} jumps of 1/${den}: that is ${mark}/${den}.`,
    ],
    {
      solution: [`One jump = 1/${den}.`, `${mark} jumps = ${mark}/${den}.`],
      misconceptions: [
        { id: 'counting-marks', responses: [`${mark}/${den + 1}`] },
        { id: 'numerator-denominator-swapped', responses: mark !== den ? [`${den}/${mark}`] : [] },
      ],
    },
  );
};

/** Which fraction lies between two benchmarks (0, 1/2, 1)? */
export const betweenBenchmarks: ItemGenerator = ({ rng }) => {
  const den = rng.pick([4, 6, 8, 10, 12]);
  const lowerHalf = rng.next() < 0.5;
  const half = den / 2;
  const pickNum = (lo: number, hi: number): number => rng.int(Math.floor(lo) + 1, Math.ceil(hi) - 1);
  const num = lowerHalf ? pickNum(0, half) : pickNum(half, den);
  const range = lowerHalf ? 'between 0 and 1/2' : 'between 1/2 and 1';
  const other = lowerHalf ? pickNum(half, den) : pickNum(0, half);
  return variant(
    choiceQuestion(
      `Which fraction is ${range} on the number line?`,
      `${num}/${den}`,
      [{ text: `${den + 1}/${den}`, misconception: 'bigger-than-one' }, { text: `${other}/${den}` }],
      [`${den}/${den}`, `${half}/${den}`, `${den + 2}/${den}`],
    ),
    [
      `Half of ${den} is ${half}, so 1/2 is the same as ${half}/${den}.`,
      lowerHalf
        ? `You need a fraction bigger than 0 but smaller than ${half}/${den}.`
        : `You need a fraction bigger than ${half}/${den} but smaller than ${den}/${den} = 1.`,
      `Only ${num}/${den} fits.`,
    ],
  );
};

/** Put three or four fractions in order from smallest to largest, as on a number line. */
export const orderOnLine: ItemGenerator = ({ rng, params }) => {
  const sameDen = params.sameDenominator === true;
  const count = rng.int(3, 4);
  const picked = new Map<number, string>();
  while (picked.size < count) {
    const f = sameDen ? properFraction(rng, [12]) : lowestProper(rng, DENS.medium);
    const v = f.num / f.den;
    if (![...picked.keys()].some((k) => Math.abs(k - v) < 1e-9)) picked.set(v, show(f));
  }
  const ordered = [...picked.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  return variant({ type: 'ordering', prompt: 'Put these fractions in order, from smallest to largest.', items: ordered }, [
    sameDen
      ? 'When the denominators are the same, the parts are the same size: compare the numerators.'
      : 'Compare each fraction with 1/2 first: is it less or more than a half?',
    sameDen
      ? 'More parts of the same size means a bigger fraction.'
      : 'To be exact, rewrite the fractions with a common denominator and compare numerators.',
    `The smallest is ${ordered[0]}.`,
  ]);
};

/** 3/4 = ?/12: find the missing number that keeps the fractions equal. */
export const equivalentMissing: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6]);
  const k = rng.int(2, 6);
  const askTop = rng.next() < 0.6;
  const prompt = askTop
    ? `Fill in the missing number: ${show(f)} = ?/${f.den * k}`
    : `Fill in the missing number: ${show(f)} = ${f.num * k}/?`;
  const answer = askTop ? f.num * k : f.den * k;
  return variant(
    { type: 'numeric', prompt, answer },
    [
      'Equivalent fractions: multiply the top and the bottom by the SAME number.',
      askTop ? `${f.den} was multiplied by ${k} to make ${f.den * k}.` : `${f.num} was multiplied by ${k} to make ${f.num * k}.`,
      askTop ? `So multiply ${f.num} by ${k} too.` : `So multiply ${f.den} by ${k} too.`,
    ],
    {
      solution: [`Scale factor: ${k}.`, `${show(f)} = ${f.num * k}/${f.den * k}.`],
      misconceptions: [{ id: 'additive-scaling', responses: [askTop ? f.num + f.den * (k - 1) : f.den + f.num * (k - 1)] }],
    },
  );
};

/** Which fraction is equivalent to 2/3? Distractors come from adding instead of multiplying. */
export const equivalentChoice: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [3, 4, 5, 6]);
  const k = rng.int(2, 5);
  const add = k;
  return variant(
    choiceQuestion(
      `Which fraction is equal to ${show(f)}?`,
      `${f.num * k}/${f.den * k}`,
      [
        { text: `${f.num + add}/${f.den + add}`, misconception: 'additive-scaling' },
        { text: `${f.num * k}/${f.den}`, misconception: 'scale-one-part' },
        { text: `${f.den}/${f.num}`, misconception: 'numerator-denominator-swapped' },
      ],
      [`${f.num}/${f.den * k}`],
    ),
    [
      'Equal fractions come from multiplying (or dividing) the top AND bottom by the same number.',
      'Adding the same number to top and bottom does NOT keep a fraction the same.',
      `Look for a fraction whose top and bottom are both ${show(f)}'s top and bottom times one number.`,
    ],
  );
};

/** True or false: two fractions are equivalent. */
export const equivalentTrueFalse: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5]);
  const k = rng.int(2, 4);
  const isEqual = rng.next() < 0.5;
  const other = isEqual ? frac(f.num * k, f.den * k) : frac(f.num + k, f.den + k);
  return variant(
    { type: 'truefalse', prompt: `True or false: ${show(f)} = ${show(other)}`, answer: isEqual },
    [
      'Check whether one fraction is the other with top and bottom multiplied by the same number.',
      `Try: ${f.den} × ? = ${other.den}. Does the same number turn ${f.num} into ${other.num}?`,
      isEqual ? `Yes: both were multiplied by ${k}.` : `No: ${f.num} and ${f.den} had ${k} ADDED, which changes the size.`,
    ],
    { misconceptions: isEqual ? [] : [{ id: 'additive-scaling', responses: [true] }] },
  );
};

/** Write 12/18 in simplest form. */
export const simplify: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 7, 8, 9]);
  const k = rng.int(2, 6);
  const big = frac(f.num * k, f.den * k);
  const partial = [2, 3].find((d) => k % d === 0 && k !== d);
  return variant(
    { type: 'fraction', prompt: `Write ${show(big)} in its simplest form.`, answer: show(f), form: 'simplest' },
    [
      'Find a number that divides both the top and the bottom exactly.',
      `${k} divides both ${big.num} and ${big.den}. (Is there a bigger one?)`,
      `${big.num} ÷ ${k} = ${f.num} and ${big.den} ÷ ${k} = ${f.den}.`,
    ],
    {
      solution: [`Greatest common factor of ${big.num} and ${big.den}: ${k}.`, `${show(big)} = ${show(f)}.`],
      misconceptions: partial ? [{ id: 'not-fully-simplified', responses: [`${big.num / partial}/${big.den / partial}`] }] : [],
    },
  );
};

/** The greatest common factor used to simplify a fraction. */
export const greatestCommonFactor: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 7]);
  const k = rng.int(2, 8);
  const a = f.num * k;
  const b = f.den * k;
  return variant(
    {
      type: 'numeric',
      prompt: `What is the largest number you can divide both ${a} and ${b} by, to simplify ${a}/${b} in one step?`,
      answer: gcd(a, b),
    },
    [`List the factors of ${a}.`, `Which of them also divide ${b}?`, `The largest common one is ${gcd(a, b)}.`],
  );
};

/** Pick the simplest form among look-alikes. */
export const simplifyChoice: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [3, 4, 5, 6, 7, 8]);
  const k = rng.pick([4, 6, 8, 9]);
  const big = frac(f.num * k, f.den * k);
  const half = k % 2 === 0 ? `${big.num / 2}/${big.den / 2}` : `${big.num / 3}/${big.den / 3}`;
  return variant(
    choiceQuestion(
      `Which is ${show(big)} in simplest form?`,
      show(f),
      [
        { text: half, misconception: 'not-fully-simplified' },
        { text: `${Math.max(1, big.num - k)}/${big.den - k}`, misconception: 'subtract-to-simplify' },
      ],
      [`${f.num}/${f.den + 1}`, `${f.num + 1}/${f.den}`],
    ),
    [
      'A fraction is in simplest form when no number bigger than 1 divides both top and bottom.',
      `Both ${big.num} and ${big.den} can be divided by ${k}.`,
      `${big.num} ÷ ${k} = ${f.num}, ${big.den} ÷ ${k} = ${f.den}.`,
    ],
  );
};
