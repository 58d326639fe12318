/**
 * Place a point on a number line. Each step of the line is a radio button laid out along the
 * line, so arrow keys move the point (keyboard), a tap places it (touch) and the form posts the
 * step's value without JavaScript. The checker accepts any equal value (6/8 for 3/4).
 */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, text } from '../common.ts';
import { result } from '../checkUtil.ts';
import { equals, parseRational } from '../../rational.ts';
import { fractionValue } from '../fraction/check.ts';
import { sameValue } from '../fraction/index.ts';
import { msg } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('numberline'),
    ...promptFields,
    min: z.number().int().min(0).max(9).default(0),
    max: z.number().int().min(1).max(10).default(1),
    divisions: z.number().int().min(2).max(24).describe('equal steps between two whole numbers'),
    answer: text.describe('where the point goes, e.g. "3/4"'),
  })
  .strict();
export type NumberLineQuestion = z.output<typeof schema>;

/** The value of step i, written over the line's own denominator ("6/8", "1 2/8" as "10/8"). */
const stepValue = (q: NumberLineQuestion, i: number): string => {
  const n = q.min * q.divisions + i;
  return n % q.divisions === 0 ? String(n / q.divisions) : `${n}/${q.divisions}`;
};

export const numberline = defineItemType<typeof schema>({
  type: 'numberline',
  schema,
  partial: 'items/numberline',
  rules(q, add) {
    if (q.max <= q.min) add('.max', 'max must be greater than min');
    const p = parseRational(q.answer);
    if (!p.ok) {
      add('.answer', `"${q.answer}" is not a valid fraction`);
      return;
    }
    const v = p.parsed.value;
    if (v.num / v.den < q.min || v.num / v.den > q.max) add('.answer', 'the answer must be on the line');
    if ((v.num * q.divisions) % v.den !== 0) add('.answer', `${q.answer} is not on a step of ${q.divisions} per whole`);
  },
  check(q, response, incorrectText) {
    const given = fractionValue(response);
    if (!given) return result(0, msg('check.placePoint'));
    const target = parseRational(q.answer);
    if (!target.ok) return result(0, msg('check.cannotCheck'));
    return equals(given, target.parsed.value) ? result(1, '') : result(0, incorrectText);
  },
  sameAnswer(_q, response, known) {
    return sameValue(response, known);
  },
  present(q) {
    const steps = (q.max - q.min) * q.divisions;
    return {
      input: 'point',
      line: {
        min: q.min,
        max: q.max,
        divisions: q.divisions,
        steps: Array.from({ length: steps + 1 }, (_x, i) => ({
          value: stepValue(q, i),
          whole: i % q.divisions === 0,
          at: (i / steps) * 100,
        })),
      },
    };
  },
  correctResponse(q) {
    return q.answer;
  },
});
