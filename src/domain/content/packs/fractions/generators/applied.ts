/**
 * Fractions in context: themed word problems, a fraction of an amount, "how many portions fit",
 * writing an expression, and ratios. The theme changes the story, never the mathematics, and
 * every sentence goes through `say` so translations give the same variant in another language.
 */
import type { ItemGenerator } from '../../../types.ts';
import { add, choiceQuestion, frac, gcd, lowestProper, misconceptions, mixed, mul, show, simplest, variant } from './helpers.ts';
import { makeProblem, type Kind } from './operations.ts';
import { NAME_COUNT, chooseTheme, story, storyName, unitsOf } from './themes.ts';

/** Add or subtract fractions inside a story from the chosen theme. */
export const wordAddSub: ItemGenerator = ({ rng, params, theme, say }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const op = String(params.op) === 'sub' ? 'sub' : 'add';
  const kind = (['like', 'unlike', 'mixed'].includes(String(params.kind)) ? params.kind : 'unlike') as Kind;
  const p = makeProblem(rng, op, kind, say);
  const name = storyName(say, t, rng.int(0, NAME_COUNT - 1));
  const prompt = story(say, t, op, { name, a: p.aText, b: p.bText });
  return variant(
    {
      type: 'fraction',
      prompt: say('word.answerAs', '{{story}} Give your answer as a fraction or mixed number.', { story: prompt }),
      answer: show(p.answer),
    },
    [
      op === 'add'
        ? say(
            'word.decide.add',
            'Decide first: are we putting amounts together (add) or finding what is left (subtract)? This one is adding.',
          )
        : say(
            'word.decide.sub',
            'Decide first: are we putting amounts together (add) or finding what is left (subtract)? This one is subtracting.',
          ),
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
export const fractionOfAmount: ItemGenerator = ({ rng, theme, say }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8, 10]);
  const total = f.den * rng.int(2, 6);
  const prompt = story(say, t, 'ofGroup', { f: show(f), total });
  const answer = (total / f.den) * f.num;
  const v = { den: f.den, num: f.num, total, group: total / f.den };
  return variant(
    { type: 'numeric', prompt, answer, units: unitsOf(story(say, t, 'ofGroupUnit')) },
    [
      say('ofamount.hint1', 'First find 1/{{den}} of {{total}}: share {{total}} into {{den}} equal groups.', v),
      say('ofamount.hint2', '1/{{den}} of {{total}} is {{group}}. Now you need {{num}} of those groups.', v),
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
export const howManyFit: ItemGenerator = ({ rng, theme, say }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const den = rng.pick([2, 3, 4, 5, 6, 8]);
  const options = [2, 3].filter((x) => x < den && gcd(x, den) === 1);
  const num = options.length && rng.next() < 0.4 ? rng.pick(options) : 1;
  const total = num * rng.int(2, 6);
  const answer = (total * den) / num;
  const name = storyName(say, t, rng.int(0, NAME_COUNT - 1));
  const prompt = story(say, t, 'fit', { name, total, part: `${num}/${den}` });
  const v = { part: `${num}/${den}`, total, den, pieces: total * den, num, answer };
  return variant(
    { type: 'numeric', prompt, answer, units: unitsOf(story(say, t, 'fitUnit')) },
    [
      say('fit.hint1', 'This is a division: how many pieces of {{part}} are there in {{total}}?', v),
      say('fit.hint2', 'Each whole contains {{den}} pieces of 1/{{den}}, so {{total}} wholes contain {{pieces}} of them.', v),
      num === 1
        ? `${total} × ${den} = ${answer}.`
        : say('fit.hint3', 'Each portion is {{num}} of those pieces: {{pieces}} ÷ {{num}} = {{answer}}.', v),
    ],
    {
      theme: t,
      solution: [`${total} ÷ ${num}/${den} = ${total} × ${den}/${num} = ${answer}.`],
      misconceptions: [{ id: 'divide-without-flipping', responses: [(total * num) / den] }],
    },
  );
};

/** A fraction of a fraction in a story: multiplication. */
export const wordMultiply: ItemGenerator = ({ rng, theme, say }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const a = lowestProper(rng, [2, 3, 4, 5]);
  const b = lowestProper(rng, [2, 3, 4, 5, 6]);
  const answer = mul(a, b);
  const name = storyName(say, t, rng.int(0, NAME_COUNT - 1));
  return variant(
    { type: 'fraction', prompt: story(say, t, 'ofFraction', { name, f: show(a), of: show(b) }), answer: show(answer) },
    [
      say('wordmul.hint1', '"{{a}} of {{b}}" means {{a}} × {{b}}.', { a: show(a), b: show(b) }),
      say('wordmul.hint2', 'Multiply the numerators together and the denominators together.'),
      `${a.num} × ${b.num} = ${a.num * b.num}, ${a.den} × ${b.den} = ${a.den * b.den}.`,
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
export const fractionExpression: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const extra = rng.next() < 0.5 ? rng.int(1, 9) : 0;
  const answer = `${f.num}/${f.den}*n${extra ? ` + ${extra}` : ''}`;
  const v = { f: show(f), extra, num: f.num, den: f.den };
  return variant(
    {
      type: 'expression',
      prompt: extra
        ? say('expr.prompt.plus', 'Write an expression for: {{f}} of a number n, plus {{extra}}.', v)
        : say('expr.prompt', 'Write an expression for: {{f}} of a number n.', v),
      answer,
      variables: ['n'],
    },
    [
      say('expr.hint1', '"Of" means multiply.'),
      say('expr.hint2', '{{f}} of n is {{f}} × n (you can also write {{num}}n/{{den}}).', v),
      extra
        ? say('expr.hint3.plus', 'Then add {{extra}}: {{num}}/{{den}}*n + {{extra}}.', v)
        : say('expr.hint3', 'Write it as {{num}}/{{den}}*n or {{num}}n/{{den}}.', v),
    ],
    { misconceptions: [{ id: 'fraction-of-as-divide', responses: [`n/(${show(f)})${extra ? ` + ${extra}` : ''}`] }] },
  );
};

/** Ratios from recipes and teams: simplest form required. */
export const ratioFromStory: ItemGenerator = ({ rng, theme, say }) => {
  const t = chooseTheme(theme, (l) => rng.pick(l));
  const k = rng.int(2, 5);
  const a = rng.int(1, 5);
  let b = rng.int(1, 5);
  while (gcd(a, b) !== 1 || a === b) b = rng.int(1, 5);
  const g = a * k;
  const h = b * k;
  const v = { g, h, k };
  return variant(
    { type: 'ratio', prompt: story(say, t, 'ratio', { a: g, b: h }), answer: `${a}:${b}`, form: 'simplest' },
    [
      say('ratio.hint1', 'A ratio compares two amounts in order: first amount : second amount.'),
      say('ratio.hint2', 'Write {{g}}:{{h}}, then divide both numbers by the same factor.', v),
      say('ratio.hint3', 'Both are divisible by {{k}}.', v),
    ],
    { theme: t, misconceptions: [{ id: 'ratio-reversed', responses: [`${b}:${a}`] }] },
  );
};

/** Pick the matching mixed number for an improper amount in a recipe (cooking measures). */
export const wordMixedChoice: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4]);
  const w = rng.int(1, 3);
  const total = add(frac(w), f);
  const v = { total: show(total), den: f.den, top: total.num, w, num: f.num, f: show(f) };
  return variant(
    choiceQuestion(
      say('recipe.prompt', 'A recipe needs {{total}} cups of sugar. How many cups is that as a mixed number?', v),
      mixed(total),
      [
        { text: `${total.num}`, misconception: 'numerator-is-the-size' },
        { text: `${w} ${f.den}/${f.num}`, misconception: 'remainder-as-denominator' },
      ],
      [mixed(add(total, frac(1))), mixed(add(total, frac(1, f.den)))],
    ),
    [
      say('recipe.hint1', 'How many whole cups ({{den}}/{{den}}) are in {{total}}?', v),
      say('recipe.hint2', '{{top}} ÷ {{den}} = {{w}} remainder {{num}}.', v),
      say('recipe.hint3', '{{w}} whole cups and {{f}} of a cup.', v),
    ],
    { theme: 'cooking' },
  );
};
