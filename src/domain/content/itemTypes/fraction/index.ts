/** Fractions and mixed numbers typed by the student ("3/4", "1 1/2"), optionally in a given form. */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, text } from '../common.ts';
import { equals, parseRational } from '../../rational.ts';
import { checkFraction, fractionValue } from './check.ts';

export const schema = z
  .object({
    type: z.literal('fraction'),
    ...promptFields,
    answer: text.describe('e.g. "3/4", "1 1/2" or "2"'),
    form: z.enum(['any', 'simplest', 'mixed', 'improper']).optional(),
    acceptDecimal: z.boolean().optional(),
  })
  .strict();

/** Same value as a recorded response, whatever the form (2/4 matches 1/2). */
export function sameValue(response: unknown, known: string | number | boolean): boolean {
  const a = fractionValue(response);
  const b = fractionValue(known);
  return !!a && !!b && equals(a, b);
}

export const fraction = defineItemType<typeof schema>({
  type: 'fraction',
  schema,
  partial: 'items/fraction',
  rules(q, add) {
    const parsed = parseRational(q.answer);
    if (!parsed.ok) add('.answer', `"${q.answer}" is not a valid fraction: ${parsed.reason}`);
  },
  check: checkFraction,
  sameAnswer(_q, response, known) {
    return sameValue(response, known);
  },
  present() {
    return { input: 'fraction' };
  },
  correctResponse(q) {
    return q.answer;
  },
});
