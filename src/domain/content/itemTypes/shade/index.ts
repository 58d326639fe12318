/**
 * Shade a fraction of a bar or of a rectangle (area model) by choosing its parts. Any parts
 * count: shading 6 of 8 parts answers "shade 3/4", which is the point of equivalent fractions.
 * The parts are checkboxes, so keyboard (Tab, Space), touch and no-JavaScript all work.
 */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, text } from '../common.ts';
import { idList, result } from '../checkUtil.ts';
import { equals, parseRational, type Rational } from '../../rational.ts';
import { fractionValue } from '../fraction/check.ts';
import { msg } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('shade'),
    ...promptFields,
    shape: z.enum(['bar', 'grid']).default('bar'),
    parts: z.number().int().min(2).max(24).describe('equal parts in one whole'),
    cols: z.number().int().min(1).max(12).optional().describe('grid only: parts per row'),
    answer: text.describe('how much to shade, e.g. "3/4" or "1 1/2"'),
  })
  .strict();
export type ShadeQuestion = z.output<typeof schema>;

const value = (q: ShadeQuestion): Rational | null => {
  const p = parseRational(q.answer);
  return p.ok ? p.parsed.value : null;
};
/** How many wholes are drawn: enough for the answer (a mixed number needs two bars). */
export const wholes = (q: ShadeQuestion): number => {
  const v = value(q);
  return v ? Math.max(1, Math.ceil(v.num / v.den)) : 1;
};

/** The fraction a response shades, or a reason it cannot be read. */
function shadedValue(q: ShadeQuestion, response: unknown): { ok: true; value: Rational; count: number } | { ok: false } {
  const ids = idList(response ?? '');
  const total = q.parts * wholes(q);
  if (!ids) return { ok: false };
  const picked = new Set(ids.map((id) => Number(id)).filter((n) => Number.isInteger(n) && n >= 0 && n < total));
  if (picked.size !== ids.length) return { ok: false };
  return { ok: true, value: { num: picked.size, den: q.parts }, count: picked.size };
}

export const shade = defineItemType<typeof schema>({
  type: 'shade',
  schema,
  partial: 'items/shade',
  rules(q, add) {
    const v = value(q);
    if (!v) {
      add('.answer', `"${q.answer}" is not a valid fraction`);
      return;
    }
    if ((v.num * q.parts) % v.den !== 0) add('.answer', `${q.answer} cannot be shaded with ${q.parts} equal parts`);
    if (v.num < 0 || v.num / v.den > 4) add('.answer', 'shade between 0 and 4 wholes');
    if (q.shape === 'grid' && q.cols && q.parts % q.cols !== 0) add('.cols', 'the parts must fill whole rows');
  },
  check(q, response, incorrectText) {
    const r = shadedValue(q, response);
    if (!r.ok) return result(0, msg('check.chooseParts'));
    const target = value(q);
    if (!target) return result(0, msg('check.cannotCheck'));
    return equals(r.value, target) ? result(1, '') : result(0, incorrectText);
  },
  sameAnswer(q, response, known) {
    const r = shadedValue(q, response);
    const k = fractionValue(known);
    return r.ok && !!k && equals(r.value, k);
  },
  present(q) {
    return {
      input: 'shade',
      shade: { shape: q.shape, parts: q.parts, cols: q.shape === 'grid' ? (q.cols ?? q.parts) : q.parts, wholes: wholes(q) },
    };
  },
  correctResponse(q) {
    const v = value(q);
    const n = v ? (v.num * q.parts) / v.den : 0;
    return Array.from({ length: n }, (_x, i) => String(i));
  },
});
