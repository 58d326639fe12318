/**
 * Generators for items children can see and touch: colour a fraction of a bar or a rectangle,
 * put a point on a number line, name the fraction a picture shows, compare two pictures. Each
 * variant carries its figure so the page draws it (accessible SVG) instead of describing it.
 * Every sentence goes through `say`, so translations give the same variant in another language.
 */
import type { ItemGenerator } from '../../../types.ts';
import { add, frac, gcd, lowestProper, mixed, param, properFraction, show, sub, variant } from './helpers.ts';
import { sayCount } from './meaning.ts';

const shapeOf = (p: Record<string, unknown>): 'bar' | 'grid' => (param<string>(p, 'shape', 'bar') === 'grid' ? 'grid' : 'bar');

/** "Colour 3/4 of the bar." With `equivalent`, the bar has more parts (colour 2/3 of 6 parts). */
export const shadeFraction: ItemGenerator = ({ rng, params, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const k = param(params, 'equivalent', false) ? rng.pick([2, 3]) : 1;
  const parts = Math.min(24, f.den * k);
  const shape = shapeOf(params);
  const cols = shape === 'grid' ? (parts % 4 === 0 ? 4 : parts % 3 === 0 ? 3 : parts % 2 === 0 ? 2 : parts) : undefined;
  const v = { f: show(f), num: f.num, den: f.den, parts, k, small: f.num * k };
  const S = shape === 'grid' ? 'grid' : 'bar';
  const words = {
    prompt: { bar: 'Colour {{f}} of the bar.', grid: 'Colour {{f}} of the rectangle.' },
    hint1: {
      bar: 'The bottom number, {{den}}, says the bar has {{den}} equal parts.',
      grid: 'The bottom number, {{den}}, says the rectangle has {{den}} equal parts.',
    },
    more: {
      bar: 'This bar has {{parts}} parts. That is {{k}} times as many as {{den}}.',
      grid: 'This rectangle has {{parts}} parts. That is {{k}} times as many as {{den}}.',
    },
  };
  return variant(
    { type: 'shade', prompt: say(`shade.prompt.${S}`, words.prompt[S], v), shape, parts, ...(cols ? { cols } : {}), answer: show(f) },
    k === 1
      ? [
          say(`shade.hint1.${S}`, words.hint1[S], v),
          say('shade.hint2', 'The top number, {{num}}, says how many parts to colour.', v),
          say('shade.hint3', 'Colour {{num}} parts.', v),
        ]
      : [
          say(`shade.more.hint1.${S}`, words.more[S], v),
          say('shade.more.hint2', 'Each of the {{den}} big parts is now {{k}} small parts.', v),
          say('shade.more.hint3', 'Colour {{num}} × {{k}} = {{small}} small parts.', v),
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
export const placeOnLine: ItemGenerator = ({ rng, params, say }) => {
  const beyond = param(params, 'beyondOne', false);
  const den = rng.pick([2, 3, 4, 5, 6, 8]);
  const max = beyond ? 2 : 1;
  const num = beyond ? rng.int(den + 1, 2 * den - 1) : rng.int(1, den - 1);
  const f = frac(num, den);
  const answer = show(f);
  const v = { answer, den, num, more: num - den };
  return variant(
    {
      type: 'numberline',
      prompt: say('place.prompt', 'Put the point at {{answer}} on the number line.', v),
      min: 0,
      max,
      divisions: den,
      answer,
    },
    [
      say('place.hint1', 'Each whole on this line is cut into {{den}} equal steps.', v),
      sayCount(say, 'place.hint2', num, 'Start at 0 and count 1 step to the right.', 'Start at 0 and count {{num}} steps to the right.', v),
      num > den
        ? sayCount(
            say,
            'place.hint3.beyond',
            num - den,
            '{{answer}} is more than 1: go past 1 and count 1 more step.',
            '{{answer}} is more than 1: go past 1 and count {{more}} more steps.',
            v,
          )
        : say('place.hint3', '{{answer}} is {{num}} of the {{den}} steps between 0 and 1.', v),
    ],
    { misconceptions: [{ id: 'counting-marks', responses: num > 1 ? [`${num - 1}/${den}`] : [] }] },
  );
};

/** A coloured bar, circle or rectangle: "What fraction is coloured?" */
export const nameFromPicture: ItemGenerator = ({ rng, params, say }) => {
  const f = properFraction(rng, [2, 3, 4, 5, 6, 8]);
  const wanted = param<string>(params, 'shape', 'any');
  const kind = wanted === 'any' ? rng.pick(['bar', 'circle'] as const) : wanted === 'circle' ? 'circle' : 'bar';
  return variant(
    {
      type: 'fraction',
      prompt: say('picture.prompt', 'What fraction of the shape is coloured?'),
      figure: { kind, parts: f.den, shaded: f.num },
      answer: show(f),
      form: 'any',
    },
    [
      say('picture.hint1', 'Count all the equal parts first. That is the bottom number.'),
      say('picture.hint2', 'There are {{den}} equal parts. Now count the coloured parts.', { den: f.den }),
      say('picture.hint3', '{{num}} coloured parts out of {{den}}: write {{f}}.', { num: f.num, den: f.den, f: show(f) }),
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
export const readNumberLine: ItemGenerator = ({ rng, say }) => {
  const den = rng.pick([3, 4, 5, 6, 8]);
  const num = rng.int(1, den - 1);
  return variant(
    {
      type: 'fraction',
      prompt: say('readline.prompt', 'What fraction is at the red point?'),
      figure: { kind: 'numberline', min: 0, max: 1, divisions: den, marks: [{ at: `${num}/${den}` }] },
      answer: `${num}/${den}`,
      form: 'any',
    },
    [
      say('readline.hint1', 'Count the steps between 0 and 1. There are {{den}}.', { den }),
      say('readline.hint2', 'Now count the steps from 0 to the point.'),
      say('readline.hint3', 'The point is {{num}} steps out of {{den}}.', { num, den }),
    ],
    { misconceptions: [{ id: 'counting-marks', responses: [`${num}/${den + 1}`] }] },
  );
};

/** Two bars of the same size: compare the coloured amounts. */
export const comparePictures: ItemGenerator = ({ rng, say }) => {
  const a = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  let b = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  if (rng.int(0, 4) === 0) b = frac(a.num * 2, a.den * 2);
  return variant(
    {
      type: 'compare',
      prompt: say('cmppic.prompt', 'Compare {{a}} and {{b}}. The bars are the same size.', { a: show(a), b: show(b) }),
      left: show(a),
      right: show(b),
      figure: [
        { kind: 'bar', parts: a.den, shaded: a.num, label: show(a) },
        { kind: 'bar', parts: b.den, shaded: b.num, label: show(b) },
      ],
    },
    [
      say('cmppic.hint1', 'Look at the coloured part of each bar.'),
      say('cmppic.hint2', 'Which bar has more colour? The bars are the same size, so you can compare them.'),
      say('cmppic.hint3', 'Less colour means the smaller fraction.'),
    ],
    { misconceptions: [{ id: 'bigger-denominator-bigger-fraction', responses: [] }] },
  );
};

/** Add or subtract with the same denominator by colouring: "Colour 2/5 + 1/5." */
export const shadeSum: ItemGenerator = ({ rng, params, say }) => {
  const subtract = param(params, 'subtract', false);
  const den = rng.pick([4, 5, 6, 8, 10]);
  const a = rng.int(2, den - 1);
  const b = subtract ? rng.int(1, a - 1) : rng.int(1, den - a);
  const result = subtract ? sub(frac(a, den), frac(b, den)) : add(frac(a, den), frac(b, den));
  const answer = `${subtract ? a - b : a + b}/${den}`;
  const sign = subtract ? '−' : '+';
  const v = { sum: `${a}/${den} ${sign} ${b}/${den}`, den, a, b, total: subtract ? a - b : a + b };
  return variant(
    { type: 'shade', prompt: say('shadesum.prompt', 'Colour {{sum}} of the bar.', v), shape: 'bar', parts: den, answer },
    [
      say('shadesum.hint1', 'The bar has {{den}} equal parts, so every part is 1/{{den}}.', v),
      subtract
        ? say('shadesum.hint2.sub', 'Start with {{a}} parts, then take away {{b}}.', v)
        : say('shadesum.hint2.add', 'Colour {{a}} parts, then {{b}} more.', v),
      say('shadesum.hint3', 'Colour {{total}} parts in all.', v),
    ],
    { misconceptions: [{ id: 'add-denominators', responses: [] }], solution: [`${a}/${den} ${sign} ${b}/${den} = ${show(result)}`] },
  );
};

/** A mixed number with bars: "Colour 1 3/4." */
export const shadeMixed: ItemGenerator = ({ rng, say }) => {
  const den = rng.pick([2, 3, 4, 6]);
  const num = rng.int(1, den - 1);
  const f = frac(den + num, den);
  const v = { mixed: mixed(f), num, den };
  return variant(
    { type: 'shade', prompt: say('shademixed.prompt', 'Colour {{mixed}} bars.', v), shape: 'bar', parts: den, answer: mixed(f) },
    [
      say('shademixed.hint1', 'A mixed number is some whole bars and a part of one more bar.'),
      say('shademixed.hint2', 'Colour all of the first bar: that is the 1.'),
      say('shademixed.hint3', 'Then colour {{num}} of the {{den}} parts of the second bar.', v),
    ],
  );
};

/** Equal fractions side by side: how many twelfths make 2/3? */
export const equivalentPicture: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4]);
  const k = rng.pick([2, 3]);
  const den2 = f.den * k;
  const g = gcd(f.num * k, den2);
  const v = { f: show(f), den2, k, num: f.num, small: `${f.num * k}/${den2}` };
  return variant(
    {
      type: 'fraction',
      prompt: say(
        'eqpic.prompt',
        'The two bars are the same size. {{f}} of the top bar is coloured. How many parts of the bottom bar (it has {{den2}} parts) are the same amount? Write the fraction.',
        v,
      ),
      figure: [
        { kind: 'bar', parts: f.den, shaded: f.num },
        { kind: 'bar', parts: den2, shaded: 0 },
      ],
      answer: `${f.num * k}/${den2}`,
      form: 'any',
    },
    [
      say('eqpic.hint1', 'Each big part of the top bar is the same as {{k}} small parts of the bottom bar.', v),
      say('eqpic.hint2', '{{num}} big parts are {{num}} × {{k}} small parts.', v),
      say('eqpic.hint3', 'So {{f}} = {{small}}.', v),
    ],
    { misconceptions: [{ id: 'additive-scaling', responses: g > 0 ? [`${f.num + (den2 - f.den)}/${den2}`] : [] }] },
  );
};
