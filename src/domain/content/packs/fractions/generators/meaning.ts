/**
 * Generators for the first ideas: what a fraction means and where it sits on the number line.
 * Texts are written for 8-11 year olds: short sentences, concrete objects, one idea per hint.
 * Every sentence goes through `say` (key, English text, values), so the pack's translations give
 * the same variant in the student's language. Solutions are for teachers and stay in English.
 */
import type { ItemGenerator, Say } from '../../../types.ts';
import { choiceQuestion, frac, lowestProper, properFraction, show, simplest, variant, DENS } from './helpers.ts';

/** Picks the singular or plural form of a phrase: keys end in ".one" and ".other". */
export const sayCount = (say: Say, key: string, n: number, one: string, other: string, v: Record<string, string | number>): string =>
  n === 1 ? say(`${key}.one`, one, v) : say(`${key}.other`, other, v);

type Told = [one: string, other: string];
const OBJECTS: Record<string, { prompt: Told; verb: string }> = {
  pizza: {
    prompt: [
      'A pizza is cut into {{den}} equal slices. {{num}} of the slices is eaten. What fraction of the pizza is eaten?',
      'A pizza is cut into {{den}} equal slices. {{num}} of the slices are eaten. What fraction of the pizza is eaten?',
    ],
    verb: 'eaten',
  },
  chocolate: {
    prompt: [
      'A chocolate bar has {{den}} equal squares. {{num}} of the squares is eaten. What fraction of the chocolate bar is eaten?',
      'A chocolate bar has {{den}} equal squares. {{num}} of the squares are eaten. What fraction of the chocolate bar is eaten?',
    ],
    verb: 'eaten',
  },
  garden: {
    prompt: [
      'A garden has {{den}} equal beds. {{num}} of the beds is planted with tomatoes. What fraction of the garden is planted with tomatoes?',
      'A garden has {{den}} equal beds. {{num}} of the beds are planted with tomatoes. What fraction of the garden is planted with tomatoes?',
    ],
    verb: 'planted with tomatoes',
  },
  flag: {
    prompt: [
      'A flag has {{den}} equal stripes. {{num}} of the stripes is painted blue. What fraction of the flag is painted blue?',
      'A flag has {{den}} equal stripes. {{num}} of the stripes are painted blue. What fraction of the flag is painted blue?',
    ],
    verb: 'painted blue',
  },
  pie: {
    prompt: [
      'A pie is cut into {{den}} equal pieces. {{num}} of the pieces is given away. What fraction of the pie is given away?',
      'A pie is cut into {{den}} equal pieces. {{num}} of the pieces are given away. What fraction of the pie is given away?',
    ],
    verb: 'given away',
  },
};

/** "A pizza is cut into 8 equal slices and 3 are eaten": name the fraction. */
export const nameTheFraction: ItemGenerator = ({ rng, say }) => {
  const id = rng.pick(Object.keys(OBJECTS));
  const o = OBJECTS[id] as (typeof OBJECTS)[string];
  const f = properFraction(rng, [3, 4, 5, 6, 8, 10, 12]);
  const v = { num: f.num, den: f.den };
  return variant(
    { type: 'fraction', prompt: sayCount(say, `name.${id}`, f.num, ...o.prompt, v), answer: show(f), form: 'any' },
    [
      say('name.hint1', 'The bottom number (denominator) is how many equal parts the whole is cut into.'),
      say(
        'name.hint2',
        'The whole has {{den}} equal parts, so the denominator is {{den}}. The top number counts the parts we are talking about.',
        v,
      ),
      say('name.hint3', '{{num}} parts out of {{den}} equal parts: write {{num}} over {{den}}.', v),
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

const SETS: Record<string, { prompt: Told; hint2: string; hint3: string }> = {
  marbles: {
    prompt: [
      'There are {{total}} marbles in a bag. {{part}} of them is red. What fraction of the marbles are red?',
      'There are {{total}} marbles in a bag. {{part}} of them are red. What fraction of the marbles are red?',
    ],
    hint2: 'The bag holds {{total}} marbles, so the denominator is {{total}}.',
    hint3: '{{part}} out of {{total}} are red.',
  },
  stickers: {
    prompt: [
      'There are {{total}} stickers in a bag. {{part}} of them is gold. What fraction of the stickers are gold?',
      'There are {{total}} stickers in a bag. {{part}} of them are gold. What fraction of the stickers are gold?',
    ],
    hint2: 'The bag holds {{total}} stickers, so the denominator is {{total}}.',
    hint3: '{{part}} out of {{total}} are gold.',
  },
  pencils: {
    prompt: [
      'There are {{total}} pencils in a bag. {{part}} of them is sharp. What fraction of the pencils are sharp?',
      'There are {{total}} pencils in a bag. {{part}} of them are sharp. What fraction of the pencils are sharp?',
    ],
    hint2: 'The bag holds {{total}} pencils, so the denominator is {{total}}.',
    hint3: '{{part}} out of {{total}} are sharp.',
  },
  socks: {
    prompt: [
      'There are {{total}} socks in a bag. {{part}} of them is striped. What fraction of the socks are striped?',
      'There are {{total}} socks in a bag. {{part}} of them are striped. What fraction of the socks are striped?',
    ],
    hint2: 'The bag holds {{total}} socks, so the denominator is {{total}}.',
    hint3: '{{part}} out of {{total}} are striped.',
  },
  apples: {
    prompt: [
      'There are {{total}} apples in a bag. {{part}} of them is green. What fraction of the apples are green?',
      'There are {{total}} apples in a bag. {{part}} of them are green. What fraction of the apples are green?',
    ],
    hint2: 'The bag holds {{total}} apples, so the denominator is {{total}}.',
    hint3: '{{part}} out of {{total}} are green.',
  },
};

/** A set of objects: "12 marbles, 4 are red: what fraction is red?" (any equivalent form). */
export const fractionOfSet: ItemGenerator = ({ rng, say }) => {
  const id = rng.pick(Object.keys(SETS));
  const s = SETS[id] as (typeof SETS)[string];
  const total = rng.int(4, 12);
  const part = rng.int(1, total - 1);
  const v = { total, part };
  return variant(
    { type: 'fraction', prompt: sayCount(say, `set.${id}`, part, ...s.prompt, v), answer: show(frac(part, total)) },
    [
      say('set.hint1', 'Here the whole is the whole bag: every object counts as one equal part.'),
      say(`set.${id}.hint2`, s.hint2, v),
      say(`set.${id}.hint3`, s.hint3, v),
    ],
    {
      solution: [`Whole set: ${total} ${id}.`, `Part: ${part}.`, `Fraction: ${part}/${total} (equal to ${simplest(frac(part, total))}).`],
      misconceptions: [{ id: 'part-to-part', responses: total - part !== part ? [`${part}/${total - part}`] : [] }],
    },
  );
};

const PART_NAMES: Record<number, string> = { 2: 'halves', 3: 'thirds', 4: 'quarters', 5: 'fifths', 6: 'sixths', 8: 'eighths' };

/** Equal parts matter: is a shape cut into unequal parts showing quarters? */
export const equalPartsTrueFalse: ItemGenerator = ({ rng, say }) => {
  const den = rng.pick([2, 3, 4, 5, 6, 8]);
  const equal = rng.next() < 0.5;
  const v = { den, name: say(`parts.${den}`, PART_NAMES[den] ?? 'parts') };
  return variant(
    {
      type: 'truefalse',
      prompt: equal
        ? say(
            'equal.prompt.equal',
            'Sam cuts a sandwich into {{den}} equal pieces. True or false: each piece is one of {{den}} {{name}}, so each piece is 1/{{den}} of the sandwich.',
            v,
          )
        : say(
            'equal.prompt.unequal',
            'Sam cuts a sandwich into {{den}} pieces of different sizes. True or false: each piece is one of {{den}} {{name}}, so each piece is 1/{{den}} of the sandwich.',
            v,
          ),
      answer: equal,
    },
    [
      say('equal.hint1', 'A fraction like 1/4 means one of several EQUAL parts.'),
      equal
        ? say('equal.hint2.equal', 'Check the words: are the pieces the same size?')
        : say('equal.hint2.unequal', 'Are the pieces the same size? If not, they are not fractions of the same kind.'),
      equal
        ? say('equal.hint3.equal', 'The pieces are equal, so each is 1/{{den}}.', v)
        : say('equal.hint3.unequal', 'The pieces are different sizes, so they are not {{name}}.', v),
    ],
    {
      solution: [equal ? `${den} equal pieces: each is 1/${den}.` : `The pieces are unequal, so none of them has to be 1/${den}.`],
      misconceptions: equal ? [] : [{ id: 'unequal-parts', responses: [true] }],
    },
  );
};

/** A number line from 0 to `wholes` cut into equal jumps: which fraction is at point P? */
export const numberLinePoint: ItemGenerator = ({ rng, params, say }) => {
  const wholes = params.beyondOne === true ? 2 : 1;
  const den = rng.pick([2, 3, 4, 5, 6, 8, 10]);
  const mark = rng.int(1, den * wholes - 1);
  const v = { wholes, den, mark };
  return variant(
    {
      type: 'fraction',
      prompt: say(
        'line.prompt',
        'A number line goes from 0 to {{wholes}}. Each whole is split into {{den}} equal jumps. Point P is {{mark}} jumps to the right of 0. What fraction is at P?',
        v,
      ),
      answer: show(frac(mark, den)),
    },
    [
      say('line.hint1', 'Each jump from one mark to the next is the same size. How big is one jump?'),
      say('line.hint2', 'There are {{den}} jumps in each whole, so one jump is 1/{{den}}.', v),
      say('line.hint3', 'P is {{mark}} jumps of 1/{{den}}: that is {{mark}}/{{den}}.', v),
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
export const betweenBenchmarks: ItemGenerator = ({ rng, say }) => {
  const den = rng.pick([4, 6, 8, 10, 12]);
  const lowerHalf = rng.next() < 0.5;
  const half = den / 2;
  const pickNum = (lo: number, hi: number): number => rng.int(Math.floor(lo) + 1, Math.ceil(hi) - 1);
  const num = lowerHalf ? pickNum(0, half) : pickNum(half, den);
  const other = lowerHalf ? pickNum(half, den) : pickNum(0, half);
  const v = { den, half, num };
  return variant(
    choiceQuestion(
      lowerHalf
        ? say('bench.prompt.low', 'Which fraction is between 0 and 1/2 on the number line?')
        : say('bench.prompt.high', 'Which fraction is between 1/2 and 1 on the number line?'),
      `${num}/${den}`,
      [{ text: `${den + 1}/${den}`, misconception: 'bigger-than-one' }, { text: `${other}/${den}` }],
      [`${den}/${den}`, `${half}/${den}`, `${den + 2}/${den}`],
    ),
    [
      say('bench.hint1', 'Half of {{den}} is {{half}}, so 1/2 is the same as {{half}}/{{den}}.', v),
      lowerHalf
        ? say('bench.hint2.low', 'You need a fraction bigger than 0 but smaller than {{half}}/{{den}}.', v)
        : say('bench.hint2.high', 'You need a fraction bigger than {{half}}/{{den}} but smaller than {{den}}/{{den}} = 1.', v),
      say('bench.hint3', 'Only {{num}}/{{den}} fits.', v),
    ],
  );
};

/** Put three or four fractions in order from smallest to largest, as on a number line. */
export const orderOnLine: ItemGenerator = ({ rng, params, say }) => {
  const sameDen = params.sameDenominator === true;
  const count = rng.int(3, 4);
  const picked = new Map<number, string>();
  while (picked.size < count) {
    const f = sameDen ? properFraction(rng, [12]) : lowestProper(rng, DENS.medium);
    const v = f.num / f.den;
    if (![...picked.keys()].some((k) => Math.abs(k - v) < 1e-9)) picked.set(v, show(f));
  }
  const ordered = [...picked.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  return variant(
    { type: 'ordering', prompt: say('order.prompt', 'Put these fractions in order, from smallest to largest.'), items: ordered },
    [
      sameDen
        ? say('order.hint1.same', 'When the denominators are the same, the parts are the same size: compare the numerators.')
        : say('order.hint1.mixed', 'Compare each fraction with 1/2 first: is it less or more than a half?'),
      sameDen
        ? say('order.hint2.same', 'More parts of the same size means a bigger fraction.')
        : say('order.hint2.mixed', 'To be exact, rewrite the fractions with a common denominator and compare numerators.'),
      say('order.hint3', 'The smallest is {{f}}.', { f: ordered[0] ?? '' }),
    ],
  );
};
