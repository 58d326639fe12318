/**
 * Compare two fractions, usually drawn side by side: the student picks "is less than", "is equal
 * to" or "is greater than" (a radio group: arrow keys, taps, no JavaScript needed).
 */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, text } from '../common.ts';
import { asText, result } from '../checkUtil.ts';
import { parseRational } from '../../rational.ts';
import { msg } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('compare'),
    ...promptFields,
    left: text.describe('a fraction such as "2/3"'),
    right: text,
  })
  .strict();
export type CompareQuestion = z.output<typeof schema>;

type Relation = 'lt' | 'eq' | 'gt';

function relation(q: CompareQuestion): Relation | null {
  const a = parseRational(q.left);
  const b = parseRational(q.right);
  if (!a.ok || !b.ok) return null;
  const d = a.parsed.value.num * b.parsed.value.den - b.parsed.value.num * a.parsed.value.den;
  return d < 0 ? 'lt' : d > 0 ? 'gt' : 'eq';
}

/** Reads "lt", "<", "less" and the like. */
function readRelation(response: unknown): Relation | null {
  const t = asText(response);
  if (!t.ok) return null;
  const s = t.text.trim().toLowerCase();
  if (s === 'lt' || s === '<' || s.startsWith('less') || s.startsWith('menor')) return 'lt';
  if (s === 'gt' || s === '>' || s.startsWith('greater') || s.startsWith('mayor')) return 'gt';
  if (s === 'eq' || s === '=' || s.startsWith('equal') || s.startsWith('igual')) return 'eq';
  return null;
}

export const compare = defineItemType<typeof schema>({
  type: 'compare',
  schema,
  partial: 'items/compare',
  rules(q, add) {
    if (!parseRational(q.left).ok) add('.left', `"${q.left}" is not a valid fraction`);
    if (!parseRational(q.right).ok) add('.right', `"${q.right}" is not a valid fraction`);
  },
  check(q, response, incorrectText) {
    const r = readRelation(response);
    if (!r) return result(0, msg('check.chooseRelation'));
    return r === relation(q) ? result(1, '') : result(0, incorrectText);
  },
  sameAnswer(_q, response, known) {
    const r = readRelation(response);
    return r !== null && r === readRelation(known);
  },
  present(q) {
    return { input: 'compare', compare: { left: q.left, right: q.right } };
  },
  correctResponse(q) {
    return relation(q) ?? '';
  },
});
