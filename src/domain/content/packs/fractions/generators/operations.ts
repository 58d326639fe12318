/**
 * Arithmetic with fractions: one generator family parameterised by operation (add, sub, mul,
 * div), by the kind of numbers (like or unlike denominators, whole numbers, mixed numbers) and by
 * the answer format (typed fraction, multiple choice, missing number). Each variant records the
 * answers the classic misconceptions produce, so checkAnswer can name the error. Every sentence
 * a student reads goes through `say`, so translations give the same variant in their language.
 */
import type { Rng } from '../../../../random.ts';
import type { GeneratorContext, ItemGenerator, MisconceptionRef, Say } from '../../../types.ts';
import {
  add,
  choiceQuestion,
  div,
  frac,
  lcm,
  lowestProper,
  misconceptions,
  mixed,
  mul,
  param,
  show,
  simplest,
  sub,
  variant,
  type Rational,
} from './helpers.ts';

export type Op = 'add' | 'sub' | 'mul' | 'div';
export type Kind = 'like' | 'unlike' | 'whole' | 'mixed';

export interface Problem {
  a: Rational;
  b: Rational;
  /** How the operands are written, e.g. "2 1/4" for mixed numbers or "3" for a whole number. */
  aText: string;
  bText: string;
  answer: Rational;
  wrong: [id: string, wrong: Rational | null][];
  hints: string[];
  steps: string[];
}

const SYMBOL: Record<Op, string> = { add: '+', sub: '−', mul: '×', div: '÷' };

function likePair(rng: Rng, op: Op): [Rational, Rational] {
  const den = rng.pick([3, 4, 5, 6, 7, 8, 9, 10, 12]);
  for (;;) {
    const a = rng.int(1, den - 1);
    const b = rng.int(1, den - 1);
    if (op === 'sub' ? a > b : a + b <= den + Math.floor(den / 2)) return [frac(a, den), frac(b, den)];
  }
}

function unlikePair(rng: Rng, op: Op): [Rational, Rational] {
  for (;;) {
    const a = lowestProper(rng, [2, 3, 4, 5, 6, 8, 10, 12]);
    const b = lowestProper(rng, [2, 3, 4, 5, 6, 8, 10, 12]);
    if (a.den === b.den || lcm(a.den, b.den) > 40) continue;
    if (op === 'sub' && a.num * b.den <= b.num * a.den) continue;
    return [a, b];
  }
}

/** Builds one problem with its misconception answers and graded hints (in the language of `say`). */
export function makeProblem(rng: Rng, op: Op, kind: Kind, say: Say): Problem {
  let a: Rational;
  let b: Rational;
  if (kind === 'whole') {
    const n = rng.int(2, 9);
    const f = lowestProper(rng, [2, 3, 4, 5, 6, 8, 10]);
    if (op === 'div') {
      a = frac(n);
      b = frac(1, rng.pick([2, 3, 4, 5, 6, 8]));
    } else {
      a = f;
      b = frac(n);
    }
  } else if (kind === 'mixed') {
    const f = lowestProper(rng, [2, 3, 4, 6, 8]);
    const g = lowestProper(rng, [2, 3, 4, 6, 8]);
    const w1 = rng.int(2, 5);
    const w2 = rng.int(1, w1 - 1);
    a = add(frac(w1), f);
    b = add(frac(w2), g);
  } else {
    [a, b] = kind === 'like' ? likePair(rng, op) : unlikePair(rng, op);
    if (op === 'mul' || op === 'div') [a, b] = [lowestProper(rng, [2, 3, 4, 5, 6, 8]), lowestProper(rng, [2, 3, 4, 5, 6, 8])];
  }
  const textOf = (r: Rational): string => (kind === 'mixed' ? mixed(r) : r.den === 1 ? String(r.num) : show(r));
  const aText = textOf(a);
  const bText = textOf(b);
  const answer = op === 'add' ? add(a, b) : op === 'sub' ? sub(a, b) : op === 'mul' ? mul(a, b) : div(a, b);
  const common = lcm(a.den, b.den);
  const scaled = (r: Rational): string => `${(r.num * common) / r.den}/${common}`;
  let wrong: Problem['wrong'] = [];
  let hints: string[];
  let steps: string[];
  switch (op) {
    case 'add':
    case 'sub': {
      const s = SYMBOL[op];
      const numOp = (x: number, y: number): number => (op === 'add' ? x + y : x - y);
      wrong = [
        [
          op === 'add' ? 'add-denominators' : 'subtract-denominators',
          a.den + (op === 'add' ? b.den : -b.den) > 0 ? frac(numOp(a.num, b.num), numOp(a.den, b.den)) : null,
        ],
        ['keep-numerators-unchanged', a.den !== b.den ? frac(numOp(a.num, b.num), common) : null],
      ];
      if (kind === 'mixed' && op === 'sub') {
        const fa = sub(a, frac(Math.floor(a.num / a.den)));
        const fb = sub(b, frac(Math.floor(b.num / b.den)));
        if (fa.num * fb.den < fb.num * fa.den)
          wrong.push(['subtract-smaller-from-larger', add(frac(Math.floor(a.num / a.den) - Math.floor(b.num / b.den)), sub(fb, fa))]);
      }
      const v = {
        s,
        aNum: a.num,
        bNum: b.num,
        aDen: a.den,
        bDen: b.den,
        result: numOp(a.num, b.num),
        aText,
        bText,
        a: show(a),
        b: show(b),
        a2: scaled(a),
        b2: scaled(b),
        common,
        mixed: mixed(answer),
        sum: `${numOp((a.num * common) / a.den, (b.num * common) / b.den)}/${common}`,
      };
      hints =
        a.den === b.den && kind !== 'mixed'
          ? [
              say('like.hint1', 'The denominators are the same, so the parts are the same size.'),
              op === 'add'
                ? say('like.hint2.add', 'Only add the numerators: {{aNum}} + {{bNum}}. The denominator stays {{aDen}}.', v)
                : say('like.hint2.sub', 'Only subtract the numerators: {{aNum}} − {{bNum}}. The denominator stays {{aDen}}.', v),
              say('like.hint3', '{{aNum}} {{s}} {{bNum}} = {{result}}, so the answer is {{result}}/{{aDen}}.', v),
            ]
          : kind === 'mixed'
            ? [
                say('mixed.hint1', 'Turn both mixed numbers into improper fractions (or work with wholes and parts separately).'),
                say('mixed.hint2', '{{aText}} = {{a}} and {{bText}} = {{b}}. Use the common denominator {{common}}.', v),
                `${scaled(a)} ${s} ${scaled(b)} = ${mixed(answer)}.`,
              ]
            : [
                say('unlike.hint1', 'You can only add or subtract parts of the same size: find a common denominator.'),
                say('unlike.hint2', '{{common}} is a multiple of both {{aDen}} and {{bDen}}: {{a}} = {{a2}}, {{b}} = {{b2}}.', v),
                `${scaled(a)} ${s} ${scaled(b)} = ${v.sum}.`,
              ];
      steps = [
        `Common denominator: ${common}.`,
        `${scaled(a)} ${s} ${scaled(b)} = ${numOp((a.num * common) / a.den, (b.num * common) / b.den)}/${common}.`,
        `Simplified: ${simplest(answer)}${Math.abs(answer.num) > answer.den ? ` = ${mixed(answer)}` : ''}.`,
      ];
      break;
    }
    case 'mul': {
      if (kind === 'whole') {
        wrong = [['multiply-both-parts', frac(a.num * b.num, a.den * b.num)]];
        const v = { aText, bText, den: a.den, aNum: a.num, bNum: b.num, product: b.num * a.num };
        hints = [
          say('mulwhole.hint1', '{{bText}} × {{aText}} means {{bText}} groups of {{aText}}.', v),
          say('mulwhole.hint2', 'Multiply only the numerator by {{bText}}; the size of the parts (1/{{den}}) does not change.', v),
          say('mulwhole.hint3', '{{bNum}} × {{aNum}} = {{product}}, so {{product}}/{{den}}.', v),
        ];
      } else {
        wrong = [
          ['cross-multiply', frac(a.num * b.den, a.den * b.num)],
          ['add-instead-of-multiply', add(a, b)],
        ];
        const v = { aNum: a.num, bNum: b.num, aDen: a.den, bDen: b.den, f: `${a.num * b.num}/${a.den * b.den}` };
        hints = [
          say('mul.hint1', 'To multiply fractions, multiply the numerators together and the denominators together.'),
          say('mul.hint2', 'Numerators: {{aNum}} × {{bNum}}. Denominators: {{aDen}} × {{bDen}}.', v),
          say('mul.hint3', '{{f}}, then simplify if you can.', v),
        ];
      }
      steps = [`${aText} × ${bText} = ${a.num * b.num}/${a.den * b.den}.`, `Simplified: ${simplest(answer)}.`];
      break;
    }
    case 'div': {
      wrong = [
        ['divide-without-flipping', frac(a.num * b.num, a.den * b.den)],
        ['flip-the-first', frac(a.den * b.num, a.num * b.den)],
      ];
      const v = { aText, bText, bDen: b.den };
      hints =
        kind === 'whole'
          ? [
              say('divwhole.hint1', 'How many pieces of size {{bText}} fit into {{aText}}?', v),
              say('divwhole.hint2', 'Each whole holds {{bDen}} pieces of size {{bText}}.', v),
              `${aText} × ${b.den} = ${a.num * b.den}.`,
            ]
          : [
              say('div.hint1', 'Dividing by a fraction is the same as multiplying by its reciprocal (flip the second fraction).'),
              `${aText} ÷ ${bText} = ${aText} × ${b.den}/${b.num}.`,
              `${a.num} × ${b.den} = ${a.num * b.den}, ${a.den} × ${b.num} = ${a.den * b.num}.`,
            ];
      steps = [`${aText} ÷ ${bText} = ${aText} × ${b.den}/${b.num}.`, `= ${a.num * b.den}/${a.den * b.num} = ${simplest(answer)}.`];
      break;
    }
  }
  return { a, b, aText, bText, answer, wrong, hints, steps };
}

function opsFrom(ctx: GeneratorContext): { op: Op; kind: Kind } {
  const op = param(ctx.params, 'op', 'add') as Op;
  const kind = param(ctx.params, 'kind', 'like') as Kind;
  return {
    op: ['add', 'sub', 'mul', 'div'].includes(op) ? op : 'add',
    kind: ['like', 'unlike', 'whole', 'mixed'].includes(kind) ? kind : 'like',
  };
}

/** Type the result of a calculation; equivalent forms accepted unless `simplest` is set. */
export const calculate: ItemGenerator = (ctx) => {
  const { op, kind } = opsFrom(ctx);
  const p = makeProblem(ctx.rng, op, kind, ctx.say);
  const wantSimplest = param(ctx.params, 'simplest', false);
  const mis: MisconceptionRef[] = misconceptions(p.answer, p.wrong);
  const v = { sum: `${p.aText} ${SYMBOL[op]} ${p.bText}` };
  return variant(
    {
      type: 'fraction',
      prompt: wantSimplest
        ? ctx.say('calc.prompt.simplest', 'Work out {{sum}}. Give your answer in simplest form.', v)
        : ctx.say('calc.prompt', 'Work out {{sum}}.', v),
      answer: show(p.answer),
      form: wantSimplest ? 'simplest' : 'any',
    },
    p.hints,
    { solution: p.steps, misconceptions: mis },
  );
};

/** Pick the result from options that include the misconception answers. */
export const calculateChoice: ItemGenerator = (ctx) => {
  const { op, kind } = opsFrom(ctx);
  const p = makeProblem(ctx.rng, op, kind, ctx.say);
  const fmt = (r: Rational): string => (kind === 'mixed' ? mixed(r) : simplest(r));
  const distractors = misconceptions(p.answer, p.wrong).map((m) => {
    const [n, d] = String(m.responses[0]).split('/').map(Number) as [number, number];
    return { text: fmt(frac(n, d)), misconception: m.id };
  });
  const near = [
    add(p.answer, frac(1, p.answer.den)),
    sub(p.answer, frac(1, p.answer.den)),
    mul(p.answer, frac(2)),
    add(p.answer, frac(2, p.answer.den)),
    frac(p.answer.num + 1, p.answer.den + 1),
    add(p.answer, frac(1, 2 * p.answer.den)),
  ]
    .filter((r) => r.num > 0)
    .map(fmt);
  const prompt = ctx.say('calcchoice.prompt', 'What is {{sum}}?', { sum: `${p.aText} ${SYMBOL[op]} ${p.bText}` });
  return variant(choiceQuestion(prompt, fmt(p.answer), distractors, near), p.hints, {
    solution: p.steps,
  });
};

/** Missing-number form for like denominators: 2/7 + ?/7 = 5/7. */
export const missingNumerator: ItemGenerator = (ctx) => {
  const { op } = opsFrom(ctx);
  const [a, b] = likePair(ctx.rng, op === 'sub' ? 'sub' : 'add');
  const result = op === 'sub' ? a.num - b.num : a.num + b.num;
  const v = { sum: `${show(a)} ${SYMBOL[op === 'sub' ? 'sub' : 'add']} ?/${a.den} = ${result}/${a.den}`, aNum: a.num, result };
  return variant(
    { type: 'numeric', prompt: ctx.say('missingnum.prompt', 'Fill in the missing number: {{sum}}', v), answer: b.num },
    [
      ctx.say('missingnum.hint1', 'The denominators are all the same, so only the numerators change.'),
      op === 'sub'
        ? ctx.say('missingnum.hint2.sub', '{{aNum}} take away what makes {{result}}?', v)
        : ctx.say('missingnum.hint2.add', '{{aNum}} plus what makes {{result}}?', v),
      op === 'sub' ? `${a.num} − ${result} = ${b.num}.` : `${result} − ${a.num} = ${b.num}.`,
    ],
    { misconceptions: [{ id: 'add-denominators', responses: op === 'sub' ? [] : [result + a.num] }] },
  );
};
