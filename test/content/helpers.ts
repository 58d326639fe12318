/** Test helpers: the response a student would give to answer an instance right, or wrong. */
import { correctResponse as typeCorrectResponse } from '../../src/domain/content/index.ts';
import type { ItemInstance } from '../../src/domain/content/index.ts';
import type { InstanceQuestion } from '../../src/domain/content/types.ts';
import { add, format, frac, parseRational } from '../../src/domain/content/rational.ts';
import { fileURLToPath } from 'node:url';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/content/${name}`, import.meta.url));
/** Real exports from a Moodle 4.1.10 question bank (see test/fixtures/moodle/README.md). */
export const moodleFixture = (name: string): string => fileURLToPath(new URL(`../fixtures/moodle/${name}`, import.meta.url));

/** The right answer, as the item type itself states it (the registry's `correctResponse`). */
export const correctResponse = (inst: ItemInstance): unknown => typeCorrectResponse(inst.question);

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

/** An item instance around a bare question, for checker tests. */
export function inst(question: InstanceQuestion, extra: Partial<ItemInstance> = {}): ItemInstance {
  return {
    itemId: 'x',
    variantId: 'x#1',
    seed: 1,
    skills: ['s'],
    class: 'c',
    difficulty: 0,
    question,
    hints: [],
    misconceptions: [],
    feedback: {},
    ...extra,
  };
}
