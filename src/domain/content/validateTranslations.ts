/**
 * Checks a pack's translations (see localize.ts): every skill, misconception and item has its
 * text in each language, a translation changes only text (same lists, same answers as numbers),
 * every sentence a generator writes has a phrase in that language using only the values the
 * generator gives, and the translated questions are still answerable.
 */
import { createRng } from '../random.ts';
import { rawVariant } from './instantiate.ts';
import { phraseNames, translateItem, untranslated, itemText } from './localize.ts';
import { questionProblems } from './questionRules.ts';
import type { Pack, Problem, Say, Translation } from './types.ts';
import { fillPhrase } from './localize.ts';

const SEEDS = [1, 2, 3, 42, 1000, 7, 99];

/** A `say` that notes every phrase missing in `phrases` and every {{name}} the generator does not give. */
function strictSay(phrases: Record<string, string>, at: string, problems: Problem[], seen: Set<string>): Say {
  return (key, english, values = {}) => {
    const own = phrases[key];
    if (own === undefined) {
      if (!seen.has(key)) problems.push({ path: `${at}.phrases.${key}`, message: `no text in this language for the phrase "${english}"` });
      seen.add(key);
      return fillPhrase(english, values);
    }
    const unknown = phraseNames(own).filter((n) => !Object.hasOwn(values, n));
    if (unknown.length && !seen.has(`${key}!`)) {
      problems.push({
        path: `${at}.phrases.${key}`,
        message: `uses {{${unknown.join('}}, {{')}}} but the generator gives only ${Object.keys(values).join(', ') || 'no values'}`,
      });
      seen.add(`${key}!`);
    }
    return fillPhrase(own, values);
  };
}

function unknownIds(kind: string, given: Record<string, unknown>, known: Set<string>, at: string, problems: Problem[]): void {
  for (const id of Object.keys(given))
    if (!known.has(id)) problems.push({ path: `${at}.${kind}.${id}`, message: `the pack has no ${kind.slice(0, -1)} "${id}"` });
}

function languageProblems(pack: Pack, lang: string, tr: Translation, problems: Problem[]): void {
  const at = `translations.${lang}`;
  if (lang === pack.language) {
    problems.push({ path: at, message: `the pack is already written in "${lang}"; translations are for other languages` });
    return;
  }
  unknownIds('skills', tr.skills, new Set(pack.skills.map((s) => s.id)), at, problems);
  unknownIds('misconceptions', tr.misconceptions, new Set(Object.keys(pack.misconceptions)), at, problems);
  unknownIds('items', tr.items, new Set(pack.items.map((i) => i.id)), at, problems);
  for (const s of pack.skills) {
    const t = tr.skills[s.id];
    if (!t) problems.push({ path: `${at}.skills.${s.id}`, message: `no ${lang} title and description for skill "${s.id}"` });
    else if (s.workedExample && !t.workedExample)
      problems.push({ path: `${at}.skills.${s.id}.workedExample`, message: `no ${lang} worked example for skill "${s.id}"` });
  }
  for (const id of Object.keys(pack.misconceptions)) {
    if (!tr.misconceptions[id]) problems.push({ path: `${at}.misconceptions.${id}`, message: `no ${lang} title and feedback for "${id}"` });
  }
  const seen = new Set<string>();
  const say = strictSay(tr.phrases, at, problems, seen);
  for (const item of pack.items) {
    const path = `${at}.items.${item.id}`;
    const over = tr.items[item.id];
    for (const missing of untranslated(itemText(item), over, path)) problems.push({ path: missing, message: `no ${lang} text` });
    const translated = over ? translateItem(item, over, path, problems) : item;
    if (translated.kind === 'fixed') {
      problems.push(...questionProblems(translated.question, path));
      continue;
    }
    const themes = translated.kind === 'generated' && pack.themes.length ? pack.themes : [undefined];
    for (const seed of SEEDS) {
      for (const theme of [undefined, ...themes]) {
        try {
          const v = rawVariant(pack, translated, createRng(seed), theme, say);
          problems.push(...questionProblems(v.question, `${path}(seed ${seed})`).slice(0, 1));
        } catch (e) {
          problems.push({ path: `${path}(seed ${seed})`, message: `failed in ${lang}: ${(e as Error).message}` });
          break;
        }
      }
    }
  }
}

/** Problems with the pack's translations (none when it has none). */
export function translationProblems(pack: Pack): Problem[] {
  const problems: Problem[] = [];
  for (const [lang, tr] of Object.entries(pack.translations)) languageProblems(pack, lang, tr, problems);
  return problems;
}
