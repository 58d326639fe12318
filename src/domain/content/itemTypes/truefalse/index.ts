/** True or false, read from booleans and from the words students and LMSs use. */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { promptFields } from '../common.ts';
import { normaliseText, result } from '../checkUtil.ts';
import { msg } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('truefalse'),
    ...promptFields,
    answer: z.boolean(),
    feedbackTrue: z.string().optional().describe('shown when the student answers true'),
    feedbackFalse: z.string().optional(),
  })
  .strict();

/** Reads true/false from booleans and from the words students and LMSs use. */
export function readBoolean(response: unknown): boolean | null {
  if (typeof response === 'boolean') return response;
  if (typeof response !== 'string' || response.length > 20) return null;
  const t = normaliseText(response);
  if (['true', 't', 'yes', 'y', 'vrai', '1', 'verdadero', 'sí', 'si'].includes(t)) return true;
  if (['false', 'f', 'no', 'n', 'faux', '0', 'falso'].includes(t)) return false;
  return null;
}

export const truefalse = defineItemType<typeof schema>({
  type: 'truefalse',
  schema,
  partial: 'items/truefalse',
  rules() {
    /* any boolean is answerable */
  },
  check(q, response, incorrectText) {
    const b = readBoolean(response);
    if (b === null) return result(0, msg('check.trueOrFalse'));
    const fb = (b ? q.feedbackTrue : q.feedbackFalse) ?? '';
    return result(b === q.answer ? 1 : 0, fb || (b === q.answer ? '' : incorrectText));
  },
  sameAnswer(_q, response, known) {
    return readBoolean(response) === readBoolean(typeof known === 'boolean' ? known : String(known));
  },
  present() {
    return { input: 'true-false' };
  },
  correctResponse(q) {
    return String(q.answer);
  },
});
