/** Put items in order; credit per item in the right place. Shown shuffled, never already in order. */
import { z } from 'zod/v4';
import { defineItemType } from '../define.ts';
import { key, promptFields, text } from '../common.ts';
import { idList, normaliseText, result } from '../checkUtil.ts';
import { textMatches } from '../text/check.ts';
import { asText } from '../checkUtil.ts';
import { msg } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('ordering'),
    ...promptFields,
    items: z.array(text).min(2).describe('in the correct order; shown shuffled'),
  })
  .strict();

type Written = z.output<typeof schema>;
export type OrderingInstance = Omit<Written, 'items'> & { items: { id: string; text: string }[]; order: string[] };

export const ordering = defineItemType<typeof schema, OrderingInstance>({
  type: 'ordering',
  schema,
  partial: 'items/ordering',
  rules(q, add) {
    if (new Set(q.items.map((t) => t.trim())).size !== q.items.length) add('.items', 'items to order must be different from each other');
  },
  concrete(q, rng) {
    const ids = q.items.map((_t, i) => i);
    const shown = rng.shuffle(ids);
    if (shown.every((v, i) => v === i) && shown.length > 1) shown.reverse();
    const items = shown.map((orig, pos) => ({ id: key(pos), text: q.items[orig] as string }));
    const order = ids.map((orig) => key(shown.indexOf(orig)));
    return { ...q, items, order };
  },
  check(q, response, incorrectText) {
    const ids = idList(response);
    const byText = (x: string): string =>
      q.items.find((i) => i.id === x)?.id ?? q.items.find((i) => normaliseText(i.text) === normaliseText(x))?.id ?? '';
    const order = ids?.map(byText);
    if (!order || order.length !== q.order.length || new Set(order).size !== order.length || order.includes('')) {
      return result(0, msg('check.orderAll'));
    }
    const right = order.filter((id, i) => q.order[i] === id).length;
    if (right === order.length) return result(1, '');
    return result(right / order.length, right > 0 ? msg('check.inPlace', { right, total: order.length }) : incorrectText);
  },
  sameAnswer(_q, response, known) {
    const t = asText(response);
    return t.ok && textMatches(String(known), t.text);
  },
  present(q) {
    return { input: 'ordering', items: q.items.map((i) => ({ id: i.id, text: i.text })) };
  },
  correctResponse(q) {
    return [...q.order];
  },
});
