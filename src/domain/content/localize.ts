/**
 * A pack in the student's language. A pack carries its other languages as `translations`
 * (see schema.ts): localizePack lays one over the pack and gives back a pack of the same shape,
 * so everything downstream (variants, hints, checking, worked examples, skill titles) works
 * unchanged. Generated items stay generated: their code asks `say` for each sentence and fills
 * in its numbers, so a Spanish variant has the same numbers and answer as the English one.
 */
import type { Item, Pack, Problem, Say } from './types.ts';

/** Replaces every {{name}} with its value; an unknown name is left as written (validation reports it). */
export function fillPhrase(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : m));
}

/** The names a phrase uses, e.g. "{{a}} de {{b}}" -> ["a", "b"]. */
export const phraseNames = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string);

/** `say` for generators: the phrase in `phrases`, or the English text when there is none. */
export function sayFrom(phrases: Record<string, string> | undefined, missing?: (key: string, english: string) => void): Say {
  return (key, english, values) => {
    const own = phrases?.[key];
    if (own === undefined) missing?.(key, english);
    return fillPhrase(own ?? english, values);
  };
}

/** Keys whose values are ids or settings, never text a student reads. */
const NOT_TEXT = new Set([
  'id',
  'type',
  'class',
  'skills',
  'theme',
  'tags',
  'misconception',
  'promptFormat',
  'form',
  'kind',
  'name',
  'shape',
]);

/**
 * Lays `over` on `base`: only text may be replaced, lists keep their length, and a key the base
 * does not have is a problem. Returns the merged value (the base where `over` is unusable).
 */
export function overlayText(base: unknown, over: unknown, path: string, problems: Problem[]): unknown {
  if (typeof base === 'string') {
    if (typeof over === 'string' && over.trim() !== '') return over;
    problems.push({ path, message: 'must be the text in this language (a non-empty string)' });
    return base;
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(over) || over.length !== base.length) {
      problems.push({ path, message: `must be a list of ${base.length}, like the original` });
      return base;
    }
    return base.map((b, i) => overlayText(b, over[i], `${path}[${i}]`, problems));
  }
  if (base && typeof base === 'object') {
    if (!over || typeof over !== 'object' || Array.isArray(over)) {
      problems.push({ path, message: 'must have the same shape as the original' });
      return base;
    }
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) {
      if (NOT_TEXT.has(k)) problems.push({ path: `${path}.${k}`, message: `"${k}" is not text: leave it out of the translation` });
      else if (!Object.hasOwn(out, k)) problems.push({ path: `${path}.${k}`, message: `the original has no "${k}" to translate` });
      else out[k] = overlayText(out[k], v, `${path}.${k}`, problems);
    }
    return out;
  }
  if (over !== undefined) problems.push({ path, message: 'only text can be translated (numbers and true/false stay as they are)' });
  return base;
}

/** Text an author writes (has words), as opposed to numbers and answers like "3/4". */
const hasWords = (s: string): boolean => /\p{L}{2,}/u.test(s.replace(/\{\{[^{}]*\}\}/g, ''));

/** Paths of the text in `base` that `over` leaves untranslated. */
export function untranslated(base: unknown, over: unknown, path: string, out: string[] = []): string[] {
  if (typeof base === 'string') {
    if (over === undefined && hasWords(base)) out.push(path);
  } else if (Array.isArray(base)) {
    base.forEach((b, i) => untranslated(b, Array.isArray(over) ? over[i] : undefined, `${path}[${i}]`, out));
  } else if (base && typeof base === 'object') {
    for (const [k, v] of Object.entries(base)) {
      if (NOT_TEXT.has(k)) continue;
      untranslated(v, over && typeof over === 'object' ? (over as Record<string, unknown>)[k] : undefined, `${path}.${k}`, out);
    }
  }
  return out;
}

/** An item as an author writes it: the question's fields next to the item's own text fields. */
export function itemText(item: Item): Record<string, unknown> {
  const own = {
    hints: item.hints,
    misconceptions: item.misconceptions,
    ...(item.feedback ? { feedback: item.feedback } : {}),
    ...(item.workedExample ? { workedExample: item.workedExample } : {}),
  };
  if (item.kind === 'fixed') return { ...item.question, ...own };
  if (item.kind === 'template') return { template: { question: item.template.question, hints: item.template.hints ?? [] }, ...own };
  return own;
}

/** The item with `over` laid on its text (problems collected; the original where unusable). */
export function translateItem(item: Item, over: Record<string, unknown>, path: string, problems: Problem[]): Item {
  const merged = overlayText(itemText(item), over, path, problems) as Record<string, unknown>;
  const own = {
    hints: merged.hints as Item['hints'],
    misconceptions: merged.misconceptions as Item['misconceptions'],
    ...(merged.feedback ? { feedback: merged.feedback as Item['feedback'] } : {}),
    ...(merged.workedExample ? { workedExample: merged.workedExample as Item['workedExample'] } : {}),
  };
  if (item.kind === 'fixed') {
    const { hints: _h, misconceptions: _m, feedback: _f, workedExample: _w, ...question } = merged;
    return { ...item, ...own, question: question as typeof item.question };
  }
  if (item.kind === 'template') {
    const t = merged.template as { question: Record<string, unknown>; hints: string[] };
    return { ...item, ...own, template: { ...item.template, question: t.question, ...(item.template.hints ? { hints: t.hints } : {}) } };
  }
  return { ...item, ...own };
}

const cache = new WeakMap<Pack, Map<string, Pack>>();

/** The languages a pack can be shown in: its own first, then its translations. */
export function packLanguages(pack: Pack): string[] {
  return [pack.language, ...Object.keys(pack.translations).filter((l) => l !== pack.language)];
}

/**
 * The pack in `lang` (a tag such as "es"; "es-MX" uses "es" when there is no "es-MX"). A pack
 * without that language is returned as it is, in its own language.
 */
export function localizePack(pack: Pack, lang: string | undefined): Pack {
  if (!lang) return pack;
  const tag = Object.hasOwn(pack.translations, lang) ? lang : (lang.split(/[-_]/)[0] ?? '').toLowerCase();
  const tr = pack.translations[tag];
  if (!tr || tag === pack.language) return pack;
  let byLang = cache.get(pack);
  if (!byLang) cache.set(pack, (byLang = new Map()));
  const hit = byLang.get(tag);
  if (hit) return hit;
  const ignored: Problem[] = []; // validatePack already refused a pack with problems here
  const localized: Pack = {
    ...pack,
    language: tag,
    title: tr.title ?? pack.title,
    ...((tr.description ?? pack.description) ? { description: tr.description ?? pack.description } : {}),
    misconceptions: Object.fromEntries(Object.entries(pack.misconceptions).map(([id, m]) => [id, tr.misconceptions[id] ?? m])),
    skills: pack.skills.map((s) => {
      const t = tr.skills[s.id];
      return t ? { ...s, title: t.title, description: t.description, ...(t.workedExample ? { workedExample: t.workedExample } : {}) } : s;
    }),
    items: pack.items.map((i) => (tr.items[i.id] ? translateItem(i, tr.items[i.id] as Record<string, unknown>, i.id, ignored) : i)),
    phrases: tr.phrases,
  };
  byLang.set(tag, localized);
  return localized;
}
