/**
 * Generators for comparing fractions and for mixed numbers. Distractors are built from the
 * classic errors: comparing only numerators, thinking a bigger denominator means a bigger
 * fraction, and mixing up the whole-number part when converting mixed numbers.
 */
import type { ItemGenerator } from '../../../types.ts';
// Every sentence goes through `say` (key, English text, values) so translations give the same variant.
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
export const compareChoice: ItemGenerator = ({ rng, say }) => {
  const [a, b] = twoDifferent(rng, rng.next() < 0.7);
  const bigger = compare(a, b) > 0 ? a : b;
  const smaller = bigger === a ? b : a;
  const common = lcm(a.den, b.den);
  const v = { a: show(a), b: show(b), common, a2: `${(a.num * common) / a.den}/${common}`, b2: `${(b.num * common) / b.den}/${common}` };
  return variant(
    {
      type: 'choice',
      prompt: say('cmpchoice.prompt', 'Which fraction is larger: {{a}} or {{b}}?', v),
      choices: [
        { text: show(bigger), correct: true },
        { text: show(smaller), misconception: smaller.num > bigger.num ? 'compare-numerators-only' : 'bigger-denominator-bigger-fraction' },
        { text: say('cmpchoice.equal', 'They are equal'), misconception: 'same-gap-same-size' },
      ],
    },
    [
      say('cmpchoice.hint1', 'You can only compare the numerators when the parts are the same size (same denominator).'),
      say('cmpchoice.hint2', 'Rewrite both with denominator {{common}}.', v),
      say('cmpchoice.hint3', '{{a}} = {{a2}} and {{b}} = {{b2}}.', v),
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
export const compareSymbol: ItemGenerator = ({ rng, say }) => {
  const equal = rng.next() < 0.2;
  const [a, b0] = twoDifferent(rng, rng.next() < 0.5);
  const k = rng.int(2, 4);
  const b = equal ? frac(a.num * k, a.den * k) : b0;
  const sign = equal ? '=' : compare(a, b) > 0 ? '>' : '<';
  const wrongByNumerators = a.num > b.num ? '>' : a.num < b.num ? '<' : '=';
  const c = lcm(a.den, b.den);
  const v = { a: show(a), b: show(b), common: c, a2: `${(a.num * c) / a.den}/${c}`, b2: `${(b.num * c) / b.den}/${c}` };
  return variant(
    {
      type: 'text',
      prompt: say('cmpsym.prompt', 'Type <, > or = to make this true: {{a}} ? {{b}}', v),
      answers: [sign],
      caseSensitive: true,
    },
    [
      say('cmpsym.hint1', 'Make the denominators the same before you compare.'),
      say('cmpsym.hint2', 'Use {{common}} as the common denominator.', v),
      say('cmpsym.hint3', 'Compare {{a2}} with {{b2}}.', v),
    ],
    { misconceptions: wrongByNumerators !== sign ? [{ id: 'compare-numerators-only', responses: [wrongByNumerators] }] : [] },
  );
};

/** Unit fractions: more pieces means smaller pieces. */
export const compareUnitFractions: ItemGenerator = ({ rng, say }) => {
  const d1 = rng.int(2, 12);
  let d2 = rng.int(2, 12);
  while (d2 === d1) d2 = rng.int(2, 12);
  const bigger = Math.min(d1, d2);
  const v = { d1, d2, bigger };
  return variant(
    choiceQuestion(
      say(
        'unit.prompt',
        'A cake is shared equally by {{d1}} friends. Another cake the same size is shared equally by {{d2}} friends. Which share is bigger?',
        v,
      ),
      `1/${bigger}`,
      [
        { text: `1/${Math.max(d1, d2)}`, misconception: 'bigger-denominator-bigger-fraction' },
        { text: say('unit.same', 'They are the same size'), misconception: 'same-gap-same-size' },
      ],
      [],
      3,
    ),
    [
      say('unit.hint1', 'Think about it: is a cake shared by more people giving bigger or smaller slices?'),
      say('unit.hint2', 'The more equal parts a whole is cut into, the smaller each part is.'),
      say('unit.hint3', '1/{{bigger}} is a share when only {{bigger}} people share.', v),
    ],
  );
};

/** 2 3/4 as an improper fraction. */
export const mixedToImproper: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const whole = rng.int(1, 5);
  const improper = frac(whole * f.den + f.num, f.den);
  const v = { mixed: `${whole} ${show(f)}`, whole, f: show(f), num: f.num, den: f.den, wholeNum: whole * f.den, top: improper.num };
  return variant(
    {
      type: 'fraction',
      prompt: say('toimproper.prompt', 'Write {{mixed}} as an improper fraction.', v),
      answer: show(improper),
      form: 'improper',
    },
    [
      say('toimproper.hint1', 'Each whole is {{den}}/{{den}}.', v),
      say('toimproper.hint2', '{{whole}} wholes = {{wholeNum}}/{{den}}. Now add the {{f}}.', v),
      say('toimproper.hint3', '{{wholeNum}} + {{num}} = {{top}}, over {{den}}.', v),
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
export const improperToMixed: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 8]);
  const whole = rng.int(1, 5);
  const improper = frac(whole * f.den + f.num, f.den);
  const v = { improper: show(improper), top: improper.num, den: f.den, whole, num: f.num };
  return variant(
    { type: 'fraction', prompt: say('tomixed.prompt', 'Write {{improper}} as a mixed number.', v), answer: mixed(improper), form: 'mixed' },
    [
      say('tomixed.hint1', 'How many groups of {{den}} fit into {{top}}? Each group makes one whole.', v),
      say('tomixed.hint2', '{{top}} ÷ {{den}} = {{whole}} remainder {{num}}.', v),
      say('tomixed.hint3', '{{whole}} wholes and {{num}} left over out of {{den}}.', v),
    ],
    {
      solution: [`${improper.num} ÷ ${f.den} = ${whole} r ${f.num}.`, `${show(improper)} = ${mixed(improper)}.`],
      misconceptions: [{ id: 'remainder-as-denominator', responses: [`${whole} ${f.den}/${f.num}`] }],
    },
  );
};

/** Where does an improper fraction sit: between which whole numbers? */
export const mixedBetweenWholes: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6]);
  const whole = rng.int(1, 4);
  const improper = frac(whole * f.den + f.num, f.den);
  const and = (x: number, y: number): string => say('between.pair', '{{x}} and {{y}}', { x, y });
  const v = { improper: show(improper), den: f.den, twice: 2 * f.den, whole, next: whole + 1, lo: whole * f.den, hi: (whole + 1) * f.den };
  return variant(
    choiceQuestion(
      say('between.prompt', 'Between which two whole numbers is {{improper}}?', v),
      and(whole, whole + 1),
      [
        { text: and(improper.num - 1, improper.num), misconception: 'numerator-is-the-size' },
        { text: and(0, 1), misconception: 'fractions-less-than-one' },
      ],
      [and(whole + 1, whole + 2), and(Math.max(0, whole - 1), whole), and(whole + 2, whole + 3)],
    ),
    [
      say('between.hint1', 'Count in wholes: {{den}}/{{den}} = 1, {{twice}}/{{den}} = 2, ...', v),
      say('between.hint2', '{{lo}}/{{den}} = {{whole}} and {{hi}}/{{den}} = {{next}}.', v),
      `${show(improper)} = ${mixed(improper)}.`,
    ],
  );
};
