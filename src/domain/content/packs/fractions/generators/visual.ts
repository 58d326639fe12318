/**
 * Generators for items children can see and touch: colour a fraction of a bar or a rectangle,
 * put a point on a number line, name the fraction a picture shows, compare two pictures. Each
 * variant carries its figure so the page draws it (accessible SVG) instead of describing it.
 */
import type { ItemGenerator } from '../../../types.ts';
import { add, frac, gcd, lowestProper, mixed, param, properFraction, show, sub, variant } from './helpers.ts';

const shapeOf = (p: Record<string, unknown>): 'bar' | 'grid' => (param<string>(p, 'shape', 'bar') === 'grid' ? 'grid' : 'bar');

/** "Colour 3/4 of the bar." With `equivalent`, the bar has more parts (colour 2/3 of 6 parts). */
export const shadeFraction: ItemGenerator = ({ rng, params }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const k = param(params, 'equivalent', false) ? rng.pick([2, 3]) : 1;
  const parts = Math.min(24, f.den * k);
  const shape = shapeOf(params);
  const cols = shape === 'grid' ? (parts % 4 === 0 ? 4 : parts % 3 === 0 ? 3 : parts % 2 === 0 ? 2 : parts) : undefined;
  const name = shape === 'grid' ? 'rectangle' : 'bar';
  return variant(
    { type: 'shade', prompt: `Colour ${show(f)} of the ${name}.`, shape, parts, ...(cols ? { cols } : {}), answer: show(f) },
    k === 1
      ? [
          `The bottom number, ${f.den}, says the ${name} has ${f.den} equal parts.`,
          `The top number, ${f.num}, says how many parts to colour.`,
          `Colour ${f.num} parts.`,
        ]
      : [
          `This ${name} has ${parts} parts. That is ${k} times as many as ${f.den}.`,
          `Each of the ${f.den} big parts is now ${k} small parts.`,
          `Colour ${f.num} × ${k} = ${f.num * k} small parts.`,
        ],
    {
      misconceptions: [
        { id: 'numerator-denominator-swapped', responses: [] },
        { id: 'scale-one-part', responses: k > 1 ? [`${f.num}/${parts}`] : [] },
      ],
    },
  );
};

/** "Put the point at 3/4." On 0..1, or 0..2 with `beyondOne`. */
export const placeOnLine: ItemGenerator = ({ rng, params }) => {
  const beyond = param(params, 'beyondOne', false);
  const den = rng.pick([2, 3, 4, 5, 6, 8]);
  const max = beyond ? 2 : 1;
  const num = beyond ? rng.int(den + 1, 2 * den - 1) : rng.int(1, den - 1);
  const f = frac(num, den);
  const answer = show(f);
  return variant(
    { type: 'numberline', prompt: `Put the point at ${answer} on the number line.`, min: 0, max, divisions: den, answer },
    [
      `Each whole on this line is cut into ${den} equal steps.`,
      `Start at 0 and count ${num} step${num === 1 ? '' : 's'} to the right.`,
      num > den
        ? `${answer} is more than 1: go past 1 and count ${num - den} more step${num - den === 1 ? '' : 's'}.`
        : `${answer} is ${num} of the ${den} steps between 0 and 1.`,
    ],
    { misconceptions: [{ id: 'counting-marks', responses: num > 1 ? [`${num - 1}/${den}`] : [] }] },
  );
};

/** A coloured bar, circle or rectangle: "What fraction is coloured?" */
export const nameFromPicture: ItemGenerator = ({ rng, params }) => {
  const f = properFraction(rng, [2, 3, 4, 5, 6, 8]);
  const wanted = param<string>(params, 'shape', 'any');
  const kind = wanted === 'any' ? rng.pick(['bar', 'circle'] as const) : wanted === 'circle' ? 'circle' : 'bar';
  return variant(
    {
      type: 'fraction',
      prompt: 'What fraction of the shape is coloured?',
      figure: { kind, parts: f.den, shaded: f.num },
      answer: show(f),
      form: 'any',
    },
    [
      'Count all the equal parts first. That is the bottom number.',
      `There are ${f.den} equal parts. Now count the coloured parts.`,
      `${f.num} coloured parts out of ${f.den}: write ${show(f)}.`,
    ],
    {
      misconceptions: [
        { id: 'part-to-part', responses: f.den - f.num !== f.num ? [`${f.num}/${f.den - f.num}`] : [] },
        { id: 'numerator-denominator-swapped', responses: [`${f.den}/${f.num}`] },
      ],
    },
  );
};

/** A number line with a point: "What fraction is at the point?" */
export const readNumberLine: ItemGenerator = ({ rng }) => {
  const den = rng.pick([3, 4, 5, 6, 8]);
  const num = rng.int(1, den - 1);
  return variant(
    {
      type: 'fraction',
      prompt: 'What fraction is at the red point?',
      figure: { kind: 'numberline', min: 0, max: 1, divisions: den, marks: [{ at: `${num}/${den}` }] },
      answer: `${num}/${den}`,
      form: 'any',
    },
    [
      `Count the steps between 0 and 1. There are ${den}.`,
      `Now count the steps from 0 to the point.`,
      `The point is ${num} steps out of ${den}.`,
    ],
    { misconceptions: [{ id: 'counting-marks', responses: [`${num}/${den + 1}`] }] },
  );
};

/** Two bars of the same size: compare the coloured amounts. */
export const comparePictures: ItemGenerator = ({ rng }) => {
  const a = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  let b = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  if (rng.int(0, 4) === 0) b = frac(a.num * 2, a.den * 2);
  return variant(
    {
      type: 'compare',
      prompt: `Compare ${show(a)} and ${show(b)}. The bars are the same size.`,
      left: show(a),
      right: show(b),
      figure: [
        { kind: 'bar', parts: a.den, shaded: a.num, label: show(a) },
        { kind: 'bar', parts: b.den, shaded: b.num, label: show(b) },
      ],
    },
    [
      'Look at the coloured part of each bar.',
      'Which bar has more colour? The bars are the same size, so you can compare them.',
      'Less colour means the smaller fraction.',
    ],
    { misconceptions: [{ id: 'bigger-denominator-bigger-fraction', responses: [] }] },
  );
};

/** Add or subtract with the same denominator by colouring: "Colour 2/5 + 1/5." */
export const shadeSum: ItemGenerator = ({ rng, params }) => {
  const subtract = param(params, 'subtract', false);
  const den = rng.pick([4, 5, 6, 8, 10]);
  const a = rng.int(2, den - 1);
  const b = subtract ? rng.int(1, a - 1) : rng.int(1, den - a);
  const result = subtract ? sub(frac(a, den), frac(b, den)) : add(frac(a, den), frac(b, den));
  const answer = `${subtract ? a - b : a + b}/${den}`;
  const sign = subtract ? '−' : '+';
  return variant(
    { type: 'shade', prompt: `Colour ${a}/${den} ${sign} ${b}/${den} of the bar.`, shape: 'bar', parts: den, answer },
    [
      `The bar has ${den} equal parts, so every part is 1/${den}.`,
      subtract ? `Start with ${a} parts, then take away ${b}.` : `Colour ${a} parts, then ${b} more.`,
      `Colour ${subtract ? a - b : a + b} parts in all.`,
    ],
    { misconceptions: [{ id: 'add-denominators', responses: [] }], solution: [`${a}/${den} ${sign} ${b}/${den} = ${show(result)}`] },
  );
};

/** A mixed number with bars: "Colour 1 3/4." */
export const shadeMixed: ItemGenerator = ({ rng }) => {
  const den = rng.pick([2, 3, 4, 6]);
  const num = rng.int(1, den - 1);
  const f = frac(den + num, den);
  return variant({ type: 'shade', prompt: `Colour ${mixed(f)} bars.`, shape: 'bar', parts: den, answer: mixed(f) }, [
    'A mixed number is some whole bars and a part of one more bar.',
    `Colour all of the first bar: that is the 1.`,
    `Then colour ${num} of the ${den} parts of the second bar.`,
  ]);
};

/** Equal fractions side by side: how many twelfths make 2/3? */
export const equivalentPicture: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4]);
  const k = rng.pick([2, 3]);
  const den2 = f.den * k;
  const g = gcd(f.num * k, den2);
  return variant(
    {
      type: 'fraction',
      prompt: `The two bars are the same size. ${show(f)} of the top bar is coloured. How many ${den2}ths of the bottom bar is the same amount? Write the fraction.`,
      figure: [
        { kind: 'bar', parts: f.den, shaded: f.num },
        { kind: 'bar', parts: den2, shaded: 0 },
      ],
      answer: `${f.num * k}/${den2}`,
      form: 'any',
    },
    [
      `Each big part of the top bar is the same as ${k} small parts of the bottom bar.`,
      `${f.num} big parts are ${f.num} × ${k} small parts.`,
      `So ${show(f)} = ${f.num * k}/${den2}.`,
    ],
    { misconceptions: [{ id: 'additive-scaling', responses: g > 0 ? [`${f.num + (den2 - f.den)}/${den2}`] : [] }] },
  );
};
