/**
 * Generators for equivalent fractions and simplest form. Wrong options are the answers the
 * classic errors give (adding instead of multiplying, scaling one part, stopping too early).
 * Every sentence goes through `say`, so translations give the same variant in another language.
 */
import type { ItemGenerator } from '../../../types.ts';
import { choiceQuestion, frac, gcd, lowestProper, show, variant } from './helpers.ts';

/** 3/4 = ?/12: find the missing number that keeps the fractions equal. */
export const equivalentMissing: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6]);
  const k = rng.int(2, 6);
  const askTop = rng.next() < 0.6;
  const v = { f: show(f), num: f.num, den: f.den, k, bigNum: f.num * k, bigDen: f.den * k };
  const prompt = askTop
    ? say('missing.prompt.top', 'Fill in the missing number: {{f}} = ?/{{bigDen}}', v)
    : say('missing.prompt.bottom', 'Fill in the missing number: {{f}} = {{bigNum}}/?', v);
  const answer = askTop ? f.num * k : f.den * k;
  return variant(
    { type: 'numeric', prompt, answer },
    [
      say('missing.hint1', 'Equivalent fractions: multiply the top and the bottom by the SAME number.'),
      askTop
        ? say('missing.hint2.top', '{{den}} was multiplied by {{k}} to make {{bigDen}}.', v)
        : say('missing.hint2.bottom', '{{num}} was multiplied by {{k}} to make {{bigNum}}.', v),
      askTop
        ? say('missing.hint3.top', 'So multiply {{num}} by {{k}} too.', v)
        : say('missing.hint3.bottom', 'So multiply {{den}} by {{k}} too.', v),
    ],
    {
      solution: [`Scale factor: ${k}.`, `${show(f)} = ${f.num * k}/${f.den * k}.`],
      misconceptions: [{ id: 'additive-scaling', responses: [askTop ? f.num + f.den * (k - 1) : f.den + f.num * (k - 1)] }],
    },
  );
};

/** Which fraction is equivalent to 2/3? Distractors come from adding instead of multiplying. */
export const equivalentChoice: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [3, 4, 5, 6]);
  const k = rng.int(2, 5);
  const add = k;
  return variant(
    choiceQuestion(
      say('eqchoice.prompt', 'Which fraction is equal to {{f}}?', { f: show(f) }),
      `${f.num * k}/${f.den * k}`,
      [
        { text: `${f.num + add}/${f.den + add}`, misconception: 'additive-scaling' },
        { text: `${f.num * k}/${f.den}`, misconception: 'scale-one-part' },
        { text: `${f.den}/${f.num}`, misconception: 'numerator-denominator-swapped' },
      ],
      [`${f.num}/${f.den * k}`],
    ),
    [
      say('eqchoice.hint1', 'Equal fractions come from multiplying (or dividing) the top AND bottom by the same number.'),
      say('eqchoice.hint2', 'Adding the same number to top and bottom does NOT keep a fraction the same.'),
      say('eqchoice.hint3', "Look for a fraction whose top and bottom are both {{f}}'s top and bottom times one number.", { f: show(f) }),
    ],
  );
};

/** True or false: two fractions are equivalent. */
export const equivalentTrueFalse: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5]);
  const k = rng.int(2, 4);
  const isEqual = rng.next() < 0.5;
  const other = isEqual ? frac(f.num * k, f.den * k) : frac(f.num + k, f.den + k);
  const v = { f: show(f), g: show(other), num: f.num, den: f.den, otherNum: other.num, otherDen: other.den, k };
  return variant(
    { type: 'truefalse', prompt: say('eqtf.prompt', 'True or false: {{f}} = {{g}}', v), answer: isEqual },
    [
      say('eqtf.hint1', 'Check whether one fraction is the other with top and bottom multiplied by the same number.'),
      say('eqtf.hint2', 'Try: {{den}} × ? = {{otherDen}}. Does the same number turn {{num}} into {{otherNum}}?', v),
      isEqual
        ? say('eqtf.hint3.equal', 'Yes: both were multiplied by {{k}}.', v)
        : say('eqtf.hint3.unequal', 'No: {{num}} and {{den}} had {{k}} ADDED, which changes the size.', v),
    ],
    { misconceptions: isEqual ? [] : [{ id: 'additive-scaling', responses: [true] }] },
  );
};

/** Write 12/18 in simplest form. */
export const simplify: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 7, 8, 9]);
  const k = rng.int(2, 6);
  const big = frac(f.num * k, f.den * k);
  const partial = [2, 3].find((d) => k % d === 0 && k !== d);
  const v = { big: show(big), bigNum: big.num, bigDen: big.den, k, num: f.num, den: f.den };
  return variant(
    { type: 'fraction', prompt: say('simplify.prompt', 'Write {{big}} in its simplest form.', v), answer: show(f), form: 'simplest' },
    [
      say('simplify.hint1', 'Find a number that divides both the top and the bottom exactly.'),
      say('simplify.hint2', '{{k}} divides both {{bigNum}} and {{bigDen}}. (Is there a bigger one?)', v),
      say('simplify.hint3', '{{bigNum}} ÷ {{k}} = {{num}} and {{bigDen}} ÷ {{k}} = {{den}}.', v),
    ],
    {
      solution: [`Greatest common factor of ${big.num} and ${big.den}: ${k}.`, `${show(big)} = ${show(f)}.`],
      misconceptions: partial ? [{ id: 'not-fully-simplified', responses: [`${big.num / partial}/${big.den / partial}`] }] : [],
    },
  );
};

/** The greatest common factor used to simplify a fraction. */
export const greatestCommonFactor: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [2, 3, 4, 5, 6, 7]);
  const k = rng.int(2, 8);
  const a = f.num * k;
  const b = f.den * k;
  const v = { a, b, g: gcd(a, b) };
  return variant(
    {
      type: 'numeric',
      prompt: say(
        'gcf.prompt',
        'What is the largest number you can divide both {{a}} and {{b}} by, to simplify {{a}}/{{b}} in one step?',
        v,
      ),
      answer: gcd(a, b),
    },
    [
      say('gcf.hint1', 'List the factors of {{a}}.', v),
      say('gcf.hint2', 'Which of them also divide {{b}}?', v),
      say('gcf.hint3', 'The largest common one is {{g}}.', v),
    ],
  );
};

/** Pick the simplest form among look-alikes. */
export const simplifyChoice: ItemGenerator = ({ rng, say }) => {
  const f = lowestProper(rng, [3, 4, 5, 6, 7, 8]);
  const k = rng.pick([4, 6, 8, 9]);
  const big = frac(f.num * k, f.den * k);
  const half = k % 2 === 0 ? `${big.num / 2}/${big.den / 2}` : `${big.num / 3}/${big.den / 3}`;
  const v = { big: show(big), bigNum: big.num, bigDen: big.den, k, num: f.num, den: f.den };
  return variant(
    choiceQuestion(
      say('simpchoice.prompt', 'Which is {{big}} in simplest form?', v),
      show(f),
      [
        { text: half, misconception: 'not-fully-simplified' },
        { text: `${Math.max(1, big.num - k)}/${big.den - k}`, misconception: 'subtract-to-simplify' },
      ],
      [`${f.num}/${f.den + 1}`, `${f.num + 1}/${f.den}`],
    ),
    [
      say('simpchoice.hint1', 'A fraction is in simplest form when no number bigger than 1 divides both top and bottom.'),
      say('simpchoice.hint2', 'Both {{bigNum}} and {{bigDen}} can be divided by {{k}}.', v),
      say('simpchoice.hint3', '{{bigNum}} ÷ {{k}} = {{num}}, {{bigDen}} ÷ {{k}} = {{den}}.', v),
    ],
  );
};
