/** Match each prompt to an answer (with distractors); credit per right match. */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields, text } from '../common.ts';
import { normaliseText, result } from '../checkUtil.ts';
import { msg } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('matching'),
    ...promptFields,
    pairs: z.array(z.object({ prompt: text, answer: text }).strict()).min(2),
    distractors: z.array(text).optional(),
  })
  .strict();

type Written = z.output<typeof schema>;
export type MatchingInstance = Omit<Written, 'pairs' | 'distractors'> & {
  pairs: { id: string; prompt: string; answer: string }[];
  options: string[];
};

export const matching = defineItemType<typeof schema, MatchingInstance>({
  type: 'matching',
  schema,
  partial: 'items/matching',
  rules(q, add) {
    if (new Set(q.pairs.map((p) => p.prompt.trim())).size !== q.pairs.length) add('.pairs', 'each prompt must appear once');
  },
  concrete(q, rng) {
    const pairs = rng.shuffle(q.pairs).map((p, i) => ({ id: `p${i + 1}`, prompt: p.prompt, answer: p.answer }));
    const options = rng.shuffle([...new Set([...q.pairs.map((p) => p.answer), ...(q.distractors ?? [])])]);
    const { distractors: _d, ...rest } = q;
    return { ...rest, pairs, options };
  },
  check(q, response, incorrectText) {
    if (!response || typeof response !== 'object' || Array.isArray(response)) return result(0, msg('check.matchAll'));
    const r = response as Record<string, unknown>;
    let right = 0;
    for (const p of q.pairs) {
      const given = Object.hasOwn(r, p.id) ? r[p.id] : undefined;
      if (typeof given === 'string' && given.length <= 500 && normaliseText(given) === normaliseText(p.answer)) right++;
    }
    if (right === q.pairs.length) return result(1, '');
    return result(right / q.pairs.length, right > 0 ? msg('check.matchesRight', { right, total: q.pairs.length }) : incorrectText);
  },
  sameAnswer() {
    return false;
  },
  present(q) {
    return { input: 'matching', matching: { prompts: q.pairs.map((p) => ({ id: p.id, text: p.prompt })), options: [...q.options] } };
  },
  /** Matching questions arrive as one form field per prompt ("match:<pair id>"). */
  fromForm(fields) {
    const matches = Object.entries(fields).filter(([k, v]) => k.startsWith('match:') && typeof v === 'string');
    return matches.length > 0 ? Object.fromEntries(matches.slice(0, 50).map(([k, v]) => [k.slice(6), v])) : (fields.response ?? '');
  },
  correctResponse(q) {
    return Object.fromEntries(q.pairs.map((p) => [p.id, p.answer]));
  },
});
