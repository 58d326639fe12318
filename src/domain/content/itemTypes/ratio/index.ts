/** Ratios such as "2:3", optionally in simplest form. */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, text } from '../common.ts';
import { parseRational } from '../../rational.ts';
import { checkFraction } from '../fraction/check.ts';
import { sameValue } from '../fraction/index.ts';

export const schema = z
  .object({
    type: z.literal('ratio'),
    ...promptFields,
    answer: text.describe('e.g. "2:3"'),
    form: z.enum(['any', 'simplest']).optional(),
  })
  .strict();

export const ratio = defineItemType<typeof schema>({
  type: 'ratio',
  schema,
  partial: 'items/entry',
  rules(q, add) {
    const parsed = parseRational(q.answer);
    if (!parsed.ok) add('.answer', `"${q.answer}" is not a valid ratio: ${parsed.reason}`);
    else if (parsed.parsed.form !== 'ratio') add('.answer', `"${q.answer}" is not written as a ratio like 2:3`);
  },
  check: checkFraction,
  sameAnswer(_q, response, known) {
    return sameValue(response, known);
  },
  present() {
    return { input: 'ratio' };
  },
  correctResponse(q) {
    return q.answer;
  },
});
