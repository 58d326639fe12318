/** Short text answers: alternatives, "*" wildcards and regular-expression patterns. */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, score, text } from '../common.ts';
import { asText, close } from '../checkUtil.ts';
import { checkText, textMatches } from './check.ts';

const textAnswer = z.union([text, z.object({ text, score: score.optional(), feedback: z.string().optional() }).strict()]);
export const schema = z
  .object({
    type: z.literal('text'),
    ...promptFields,
    answers: z.array(textAnswer).min(1),
    patterns: z
      .array(
        z
          .object({
            regex: text,
            flags: z
              .string()
              .regex(/^[imsu]*$/)
              .optional(),
            score: score.optional(),
            feedback: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    caseSensitive: z.boolean().optional(),
  })
  .strict();
export type TextQuestion = z.output<typeof schema>;

export const textType = defineItemType<typeof schema>({
  type: 'text',
  schema,
  partial: 'items/entry',
  rules(q, add) {
    const scores = q.answers.map((a) => (typeof a === 'string' ? 1 : (a.score ?? 1)));
    if (!scores.some((s) => close(s, 1)) && !(q.patterns ?? []).some((p) => close(p.score ?? 1, 1)))
      add('.answers', 'no answer gives full marks');
    (q.patterns ?? []).forEach((p, i) => {
      try {
        new RegExp(p.regex, p.flags);
      } catch {
        add(`.patterns[${i}].regex`, `invalid regular expression "${p.regex}"`);
      }
    });
  },
  check: checkText,
  sameAnswer(_q, response, known) {
    const t = asText(response);
    return t.ok && textMatches(String(known), t.text);
  },
  present() {
    return { input: 'text' };
  },
  correctResponse(q) {
    const best = q.answers.find((a) => typeof a === 'string' || close(a.score ?? 1, 1));
    return typeof best === 'string' ? best : (best?.text ?? '');
  },
});
