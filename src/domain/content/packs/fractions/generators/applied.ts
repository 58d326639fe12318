/**
 * Fractions in context: themed word problems, a fraction of an amount, "how many portions fit",
 * writing an expression, and ratios. The theme changes the story, never the mathematics.
 */
import type { ItemGenerator } from '../../../types.ts';
import { add, choiceQuestion, frac, gcd, lowestProper, misconceptions, mixed, mul, show, simplest, variant } from './helpers.ts';
import { makeProblem, type Kind } from './operations.ts';
import { STORIES, chooseTheme } from './themes.ts';

/** Add or subtract fractions inside a story from the chosen theme. */
export const wordAddSub: ItemGenerator = ({ rng, params, theme }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const s = STORIES[t];
  const op = String(params.op) === 'sub' ? 'sub' : 'add';
  const kind = (['like', 'unlike', 'mixed'].includes(String(params.kind)) ? params.kind : 'unlike') as Kind;
  const p = makeProblem(rng, op, kind);
  const name = rng.pick(s.names);
  const prompt = op === 'add' ? s.add(name, p.aText, p.bText) : s.sub(name, p.aText, p.bText);
  return variant(
    { type: 'fraction', prompt: `${prompt} Give your answer as a fraction or mixed number.`, answer: show(p.answer) },
    [
      `Decide first: are we putting amounts together (add) or finding what is left (subtract)? This one is ${op === 'add' ? 'adding' : 'subtracting'}.`,
      ...p.hints.slice(1),
    ],
    {
      solution: [`${p.aText} ${op === 'add' ? '+' : '−'} ${p.bText}`, ...p.steps],
      misconceptions: misconceptions(p.answer, p.wrong),
      theme: t,
    },
  );
};

/** 3/4 of 24 players: divide by the denominator, multiply by the numerator. */
export const fractionOfAmount: ItemGenerator = ({ rng, theme }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8, 10]);
  const total = f.den * rng.int(2, 6);
  const { prompt, unit } = STORIES[t].ofGroup(show(f), total);
  const answer = (total / f.den) * f.num;
  return variant(
    { type: 'numeric', prompt, answer, units: [{ unit }] },
    [
      `First find 1/${f.den} of ${total}: share ${total} into ${f.den} equal groups.`,
      `1/${f.den} of ${total} is ${total / f.den}. Now you need ${f.num} of those groups.`,
      `${f.num} × ${total / f.den} = ${answer}.`,
    ],
    {
      theme: t,
      solution: [`${total} ÷ ${f.den} = ${total / f.den}.`, `${total / f.den} × ${f.num} = ${answer}.`],
      misconceptions: [
        { id: 'divide-by-numerator', responses: total % f.num === 0 && f.num !== 1 ? [(total / f.num) * f.den] : [] },
        { id: 'unit-fraction-only', responses: f.num !== 1 ? [total / f.den] : [] },
      ],
    },
  );
};

/** How many 1/4-cup portions fit into 3 cups: division by a fraction in context. */
export const howManyFit: ItemGenerator = ({ rng, theme }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const den = rng.pick([2, 3, 4, 5, 6, 8]);
  const options = [2, 3].filter((x) => x < den && gcd(x, den) === 1);
  const num = options.length && rng.next() < 0.4 ? rng.pick(options) : 1;
  const total = num * rng.int(2, 6);
  const answer = (total * den) / num;
  const name = rng.pick(STORIES[t].names);
  const { prompt, unit } = STORIES[t].fit(name, String(total), `${num}/${den}`);
  return variant(
    { type: 'numeric', prompt, answer, units: [{ unit }] },
    [
      `This is a division: how many ${num}/${den}s are there in ${total}?`,
      `Each whole contains ${den} pieces of 1/${den}, so ${total} wholes contain ${total * den} of them.`,
      num === 1 ? `${total} × ${den} = ${answer}.` : `Each portion is ${num} of those pieces: ${total * den} ÷ ${num} = ${answer}.`,
    ],
    {
      theme: t,
      solution: [`${total} ÷ ${num}/${den} = ${total} × ${den}/${num} = ${answer}.`],
      misconceptions: [{ id: 'divide-without-flipping', responses: [(total * num) / den] }],
    },
  );
};

/** A fraction of a fraction in a story: multiplication. */
export const wordMultiply: ItemGenerator = ({ rng, theme }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const a = lowestProper(rng, [2, 3, 4, 5]);
  const b = lowestProper(rng, [2, 3, 4, 5, 6]);
  const answer = mul(a, b);
  const name = rng.pick(STORIES[t].names);
  return variant(
    { type: 'fraction', prompt: STORIES[t].ofFraction(name, show(a), show(b)), answer: show(answer) },
    [
      `"${show(a)} of ${show(b)}" means ${show(a)} × ${show(b)}.`,
      'Multiply the numerators together and the denominators together.',
      `${a.num} × ${b.num} = ${a.num * b.num} and ${a.den} × ${b.den} = ${a.den * b.den}.`,
    ],
    {
      theme: t,
      solution: [`${show(a)} × ${show(b)} = ${a.num * b.num}/${a.den * b.den} = ${simplest(answer)}.`],
      misconceptions: misconceptions(answer, [
        ['add-instead-of-multiply', add(a, b)],
        ['cross-multiply', frac(a.num * b.den, a.den * b.num)],
      ]),
    },
  );
};

/** Write an expression for "3/4 of a number n": any equivalent expression is accepted. */
export const fractionExpression: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const extra = rng.next() < 0.5 ? rng.int(1, 9) : 0;
  const answer = `${f.num}/${f.den}*n${extra ? ` + ${extra}` : ''}`;
  const words = `${show(f)} of a number n${extra ? `, plus ${extra}` : ''}`;
  return variant(
    { type: 'expression', prompt: `Write an expression for: ${words}.`, answer, variables: ['n'] },
    [
      '"Of" means multiply.',
      `${show(f)} of n is ${show(f)} × n (you can also write ${f.num}n/${f.den}).`,
      extra ? `Then add ${extra}: ${f.num}/${f.den}*n + ${extra}.` : `Write it as ${f.num}/${f.den}*n or ${f.num}n/${f.den}.`,
    ],
    { misconceptions: [{ id: 'fraction-of-as-divide', responses: [`n/(${show(f)})${extra ? ` + ${extra}` : ''}`] }] },
  );
};

/** Ratios from recipes and teams: simplest form required. */
export const ratioFromStory: ItemGenerator = ({ rng, theme }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const k = rng.int(2, 5);
  const a = rng.int(1, 5);
  let b = rng.int(1, 5);
  while (gcd(a, b) !== 1 || a === b) b = rng.int(1, 5);
  const g = a * k;
  const h = b * k;
  const prompts = {
    sports: `A team has ${g} forwards and ${h} defenders. Write the ratio of forwards to defenders in simplest form.`,
    music: `An orchestra has ${g} violins and ${h} cellos. Write the ratio of violins to cellos in simplest form.`,
    space: `A crew has ${g} pilots and ${h} scientists. Write the ratio of pilots to scientists in simplest form.`,
    cooking: `A recipe uses ${g} cups of flour and ${h} cups of milk. Write the ratio of flour to milk in simplest form.`,
  };
  return variant(
    { type: 'ratio', prompt: prompts[t], answer: `${a}:${b}`, form: 'simplest' },
    [
      'A ratio compares two amounts in order: first amount : second amount.',
      `Write ${g}:${h}, then divide both numbers by the same factor.`,
      `Both are divisible by ${k}.`,
    ],
    { theme: t, misconceptions: [{ id: 'ratio-reversed', responses: [`${b}:${a}`] }] },
  );
};

/** Pick the matching mixed number for an improper amount in a recipe (cooking measures). */
export const wordMixedChoice: ItemGenerator = ({ rng }) => {
  const f = lowestProper(rng, [2, 3, 4]);
  const w = rng.int(1, 3);
  const total = add(frac(w), f);
  return variant(
    choiceQuestion(
      `A recipe needs ${show(total)} cups of sugar. How many cups is that as a mixed number?`,
      mixed(total),
      [
        { text: `${total.num}`, misconception: 'numerator-is-the-size' },
        { text: `${w} ${f.den}/${f.num}`, misconception: 'remainder-as-denominator' },
      ],
      [mixed(add(total, frac(1))), mixed(add(total, frac(1, f.den)))],
    ),
    [
      `How many whole cups (${f.den}/${f.den}) are in ${show(total)}?`,
      `${total.num} ÷ ${f.den} = ${w} remainder ${f.num}.`,
      `${w} whole cups and ${show(f)} of a cup.`,
    ],
  );
};
