/** Numbers with tolerance and units ("3.5 cm", "1/2", "3,5"). */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, score, text } from '../common.ts';
import { asText, close } from '../checkUtil.ts';
import { checkNumeric, readNumber } from './check.ts';

const numericAnswer = z
  .object({
    value: z.number(),
    tolerance: z.number().min(0).optional(),
    score: score.optional(),
    feedback: z.string().optional(),
  })
  .strict();

export const schema = z
  .object({
    type: z.literal('numeric'),
    ...promptFields,
    answer: z.number().optional(),
    tolerance: z.number().min(0).optional(),
    answers: z.array(numericAnswer).optional(),
    units: z.array(z.object({ unit: text, multiplier: z.number().positive().optional() }).strict()).optional(),
    unitRequired: z.boolean().optional(),
    unitPenalty: z.number().min(0).max(1).optional(),
  })
  .strict();
export type NumericQuestion = z.output<typeof schema>;

export const numeric = defineItemType<typeof schema>({
  type: 'numeric',
  schema,
  partial: 'items/entry',
  rules(q, add) {
    if (q.answer === undefined && !q.answers?.length) add('', 'give "answer" or "answers"');
    if (q.answer !== undefined && q.answers?.length) add('', 'give either "answer" or "answers", not both');
    if (q.answers?.length && !q.answers.some((a) => close(a.score ?? 1, 1))) add('.answers', 'no answer gives full marks');
    if (q.unitRequired && !q.units?.length) add('.units', 'units are required but none are listed');
  },
  check: checkNumeric,
  sameAnswer(q, response, known) {
    const t = asText(response);
    if (!t.ok) return false;
    const r = readNumber(t.text, q.units ?? []);
    const k = typeof known === 'number' ? known : Number(known);
    return r.ok && Math.abs(r.value / r.multiplier - k) <= Math.max(q.tolerance ?? 0, 1e-9);
  },
  present(q) {
    return { input: 'number', ...(q.units?.length ? { units: q.units.map((u) => u.unit) } : {}) };
  },
  correctResponse(q) {
    const value = q.answer ?? q.answers?.find((a) => close(a.score ?? 1, 1))?.value ?? Number.NaN;
    const unit = q.units?.find((u) => (u.multiplier ?? 1) === 1)?.unit;
    return unit && q.unitRequired ? `${value} ${unit}` : String(value);
  },
});
