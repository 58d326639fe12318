/** Test helpers: the response a student would give to answer an instance right, or wrong. */
import { correctResponse as typeCorrectResponse } from '../../src/domain/content/index.ts';
import type { ItemInstance } from '../../src/domain/content/index.ts';
import { add, format, frac, parseRational } from '../../src/domain/content/rational.ts';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/content/${name}`, import.meta.url));
/** Real exports from a Moodle 4.1.10 question bank (see test/fixtures/moodle/README.md). */
export const moodleFixture = (name: string): string => fileURLToPath(new URL(`../fixtures/moodle/${name}`, import.meta.url));

export function correctResponse(inst: ItemInstance): unknown {
  const q = inst.question;
  switch (q.type) {
    case 'choice':
      return q.multiple ? q.choices.filter((c) => c.score > 0).map((c) => c.id) : q.choices.find((c) => c.score === 1)?.id;
    case 'truefalse':
      return q.answer;
    case 'numeric': {
      const v = q.answer ?? q.answers?.find((a) => (a.score ?? 1) === 1)?.value;
      return q.unitRequired ? `${v} ${q.units?.[0]?.unit}` : v;
    }
    case 'fraction':
    case 'ratio':
    case 'expression':
      return q.answer;
    case 'text': {
      const a = q.answers.find((x) => typeof x === 'string' || (x.score ?? 1) === 1);
      return typeof a === 'string' ? a : a?.text;
    }
    case 'ordering':
      return q.order;
    case 'matching':
      return Object.fromEntries(q.pairs.map((p) => [p.id, p.answer]));
    default:
      return typeCorrectResponse(q);
  }
}

export function wrongResponse(inst: ItemInstance): unknown {
  const q = inst.question;
  switch (q.type) {
    case 'choice':
      return q.choices.find((c) => c.score <= 0)?.id;
    case 'truefalse':
      return !q.answer;
    case 'numeric':
      return (q.answer ?? q.answers?.[0]?.value ?? 0) + 1000;
    case 'fraction': {
      const p = parseRational(q.answer);
      return p.ok ? format(add(p.parsed.value, frac(1, 1))) : '0';
    }
    case 'ratio': {
      const [a, b] = q.answer.split(':');
      return `${Number(a) + 1}:${b}`;
    }
    case 'expression':
      return `(${q.answer}) + 1`;
    case 'text':
      return 'definitely not the answer';
    case 'ordering':
      return [...q.order].reverse();
    case 'matching':
      return Object.fromEntries(q.pairs.map((p, i) => [p.id, q.pairs[(i + 1) % q.pairs.length]?.answer]));
    case 'shade':
      return (typeCorrectResponse(q) as string[]).slice(1);
    case 'numberline':
      return q.answer === `${q.max}` ? `${q.min}` : `${q.max}`;
    case 'compare':
      return typeCorrectResponse(q) === 'lt' ? 'gt' : 'lt';
  }
}
