/**
 * Where the practice loop gets its questions. For now, the walking skeleton walks the bundled
 * pack's entry skills (those with no prerequisites) in order; the adaptive policy replaces
 * `nextItem` with its own choice.
 */
import { randomInt } from 'node:crypto';
import { checkAnswer, instantiateItem, itemsForSkill, listSkills, loadBundledPack, presentItem, type Pack } from '../content/index.ts';

export interface ItemRef {
  itemId: string;
  seed: number;
}

let cached: { pack: Pack; sequence: string[] } | undefined;

function source(): { pack: Pack; sequence: string[] } {
  if (!cached) {
    const pack = loadBundledPack();
    const entry = listSkills(pack).filter((s) => s.prerequisites.length === 0);
    const sequence = entry.flatMap((s) => itemsForSkill(pack, s.id).map((i) => i.id));
    if (sequence.length === 0) throw new Error('the bundled pack has no items for its entry skills');
    cached = { pack, sequence };
  }
  return cached;
}

/** The item to serve after `answered` answers. */
export function nextItem(answered: number): ItemRef {
  const { sequence } = source();
  return { itemId: sequence[answered % sequence.length] as string, seed: randomInt(1, 2 ** 31 - 1) };
}

export function presentRef(ref: ItemRef) {
  const { pack } = source();
  return presentItem(instantiateItem(pack, ref.itemId, ref.seed));
}

export function checkRef(ref: ItemRef, response: unknown) {
  const { pack } = source();
  return checkAnswer(instantiateItem(pack, ref.itemId, ref.seed), response);
}
