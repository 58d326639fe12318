/**
 * Multiple choice, one or several answers. Several answers follow Moodle's rule: the selected
 * choices' scores are added (wrong picks can carry negative marks) and the total is clamped to
 * 0..1. Choices are shuffled per seed and re-keyed so the browser never learns which is right.
 */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { ID, key, promptFields, score, text } from '../common.ts';
import { close, idList, normaliseText, result } from '../checkUtil.ts';
import { textMatches } from '../text/check.ts';
import { msg } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('choice'),
    ...promptFields,
    multiple: z.boolean().optional().describe('several answers may be selected'),
    shuffle: z.boolean().optional(),
    choices: z
      .array(
        z
          .object({
            text,
            correct: z.boolean().optional(),
            score: score.optional(),
            feedback: z.string().optional(),
            misconception: ID.optional(),
          })
          .strict(),
      )
      .min(2),
  })
  .strict();

type Written = z.output<typeof schema>;
export type ChoiceInstance = Omit<Written, 'choices'> & {
  choices: { id: string; text: string; score: number; feedback?: string; misconception?: string }[];
};

/** The choices a response selects (by id, or by exact text), or null if it names something else. */
export function selectedChoices(q: ChoiceInstance, response: unknown): ChoiceInstance['choices'] | null {
  const ids = idList(response);
  if (!ids || ids.length === 0) return null;
  const picked = new Map<string, ChoiceInstance['choices'][number]>();
  for (const id of ids) {
    const c = q.choices.find((x) => x.id === id) ?? q.choices.find((x) => normaliseText(x.text) === normaliseText(id));
    if (!c) return null;
    picked.set(c.id, c);
  }
  return [...picked.values()];
}

export const choice = defineItemType<typeof schema, ChoiceInstance>({
  type: 'choice',
  schema,
  partial: 'items/choice',
  rules(q, add) {
    const scores = q.choices.map((c) => c.score ?? (c.correct ? 1 : 0));
    q.choices.forEach((c, i) => {
      if (c.score !== undefined && c.correct !== undefined && (c.score === 1) !== c.correct)
        add(`.choices[${i}]`, '"correct" and "score" disagree');
    });
    if (q.multiple) {
      const positive = scores.filter((s) => s > 0).reduce((a, b) => a + b, 0);
      if (!close(positive, 1))
        add('.choices', `the positive scores of a multiple-answer question must add up to 1 (they add up to ${+positive.toFixed(4)})`);
    } else if (!scores.some((s) => close(s, 1))) {
      add('.choices', 'no choice gives full marks (mark one "correct: true" or "score: 1")');
    }
    const seen = new Set<string>();
    q.choices.forEach((c, i) => {
      if (seen.has(c.text.trim())) add(`.choices[${i}].text`, `duplicate choice "${c.text}"`);
      seen.add(c.text.trim());
    });
  },
  concrete(q, rng) {
    const scored = q.choices.map((c) => ({ ...c, score: c.score ?? (c.correct ? 1 : 0) }));
    const order = q.shuffle === false ? scored : rng.shuffle(scored);
    return {
      ...q,
      choices: order.map((c, i) => ({
        id: key(i),
        text: c.text,
        score: c.score,
        ...(c.feedback ? { feedback: c.feedback } : {}),
        ...(c.misconception ? { misconception: c.misconception } : {}),
      })),
    };
  },
  check(q, response, incorrectText) {
    const picked = selectedChoices(q, response);
    if (!picked) return result(0, msg('check.chooseOne'));
    if (!q.multiple && picked.length > 1) return result(0, msg('check.onlyOne'));
    const total = picked.reduce((s, c) => s + c.score, 0);
    const feedback = picked
      .map((c) => c.feedback ?? '')
      .filter(Boolean)
      .join(' ');
    return result(total, feedback || (total > 0 ? '' : incorrectText));
  },
  sameAnswer(q, response, known) {
    const picked = selectedChoices(q, response);
    return !!picked && picked.some((c) => textMatches(String(known), c.text));
  },
  taggedMisconception(q, response) {
    return (selectedChoices(q, response) ?? []).find((c) => c.misconception && c.score <= 0)?.misconception;
  },
  present(q) {
    return { input: q.multiple ? 'multiple-choice' : 'single-choice', choices: q.choices.map((c) => ({ id: c.id, text: c.text })) };
  },
  correctResponse(q) {
    return q.multiple ? q.choices.filter((c) => c.score > 0).map((c) => c.id) : q.choices.find((c) => close(c.score, 1))?.id;
  },
});
