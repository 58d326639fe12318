/**
 * Turns an item (fixed, code generator or template) into a concrete, JSON-safe variant. All
 * randomness comes from one seeded generator, so (pack, item, seed, theme) always gives the same
 * variant (a localised pack gives the same variant in its language: same numbers, same answer); choices and ordering items are shuffled and re-keyed with opaque ids so the ids sent
 * to the browser never reveal which answer is right.
 */
import { createRng, hashString, type Rng } from '../random.ts';
import { concreteQuestion, questionSchema } from './itemTypes/index.ts';
import { renderTemplate } from './template.ts';
import { sayFrom } from './localize.ts';
import type { Item, ItemInstance, MisconceptionRef, Pack, Question, Say } from './types.ts';

export interface RawVariant {
  question: Question;
  hints: string[];
  solution?: string[];
  misconceptions: MisconceptionRef[];
  theme?: string;
}

/**
 * Resolves generators/templates for one seed; throws if a generator produces an invalid question.
 * Generators write in the pack's language (`say`, from its phrases unless one is given).
 */
export function rawVariant(
  pack: Pick<Pack, 'generators' | 'themes' | 'phrases'>,
  item: Item,
  rng: Rng,
  theme?: string,
  say: Say = sayFrom(pack.phrases),
): RawVariant {
  if (item.kind === 'fixed') {
    return { question: item.question, hints: item.hints, misconceptions: item.misconceptions, theme: item.theme };
  }
  if (item.kind === 'template') {
    const out = renderTemplate(item.template, rng);
    return {
      question: questionSchema.parse(out.question),
      hints: [...out.hints, ...item.hints],
      misconceptions: item.misconceptions,
      theme: item.theme,
    };
  }
  const gen = pack.generators[item.generator.name];
  if (!gen) throw new Error(`unknown generator "${item.generator.name}"`);
  const wanted = theme ?? item.theme;
  const v = gen({ rng, params: item.generator.params, theme: wanted, say });
  return {
    question: questionSchema.parse(v.question),
    hints: v.hints.length ? v.hints : item.hints,
    solution: v.solution,
    misconceptions: [...(v.misconceptions ?? []), ...item.misconceptions],
    theme: v.theme ?? wanted,
  };
}

/** Builds the stored, checkable form of one variant. */
export function buildInstance(pack: Pack, item: Item, seed: number, theme?: string): ItemInstance {
  const safeSeed = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const rng = createRng((safeSeed ^ Number.parseInt(hashString(item.id), 16)) >>> 0);
  const v = rawVariant(pack, item, rng, theme);
  const question = concreteQuestion(v.question, rng);
  const misconceptions = v.misconceptions.map((m) => ({
    id: m.id,
    feedback: m.feedback ?? pack.misconceptions[m.id]?.feedback ?? '',
    responses: m.responses,
  }));
  if (question.type === 'choice') {
    // A choice can name a misconception the item does not list; its feedback comes from the pack.
    for (const c of question.choices) {
      if (c.misconception && !misconceptions.some((m) => m.id === c.misconception)) {
        misconceptions.push({ id: c.misconception, feedback: pack.misconceptions[c.misconception]?.feedback ?? '', responses: [] });
      }
    }
  }
  const body = { question, hints: v.hints, solution: v.solution, theme: v.theme };
  return {
    itemId: item.id,
    variantId: `${item.id}#${hashString(JSON.stringify(body))}`,
    seed: safeSeed,
    skills: item.skills,
    class: item.class,
    difficulty: item.difficulty ?? 0,
    ...(v.theme ? { theme: v.theme } : {}),
    question,
    hints: v.hints,
    ...(v.solution ? { solution: v.solution } : {}),
    misconceptions,
    feedback: localFeedback(pack, item),
  };
}

/** The item's feedback; in a translated pack, "not yet" in the pack's language when the item has none. */
function localFeedback(pack: Pack, item: Item): ItemInstance['feedback'] {
  const own = item.feedback ?? {};
  const incorrect = pack.phrases?.['check.incorrect'];
  return incorrect && !own.incorrect ? { ...own, incorrect } : own;
}
