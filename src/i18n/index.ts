/**
 * Interface text in message catalogs (`locales/<lang>/student.json`), handled by i18next. Adding
 * a language is translation only: drop a folder with the same files and list it in LANGUAGES.
 * The student's language is chosen per request: their own choice, then the LTI launch's
 * `locale`, then the browser's Accept-Language, then English.
 */
import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import type { Words } from '../domain/content/messages.ts';

export const LANGUAGES = ['en', 'es'] as const;
export type Lang = (typeof LANGUAGES)[number];
const NAMESPACES = ['student'] as const;

const root = new URL('../../locales/', import.meta.url);
const resources = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    Object.fromEntries(
      NAMESPACES.map((ns) => [ns, JSON.parse(readFileSync(new URL(`${lang}/${ns}.json`, root), 'utf8')) as Record<string, unknown>]),
    ),
  ]),
);

const i18n = i18next.createInstance();
void i18n.init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: [...NAMESPACES],
  defaultNS: 'student',
  initAsync: false,
  interpolation: { escapeValue: false }, // ejs escapes on output
  returnNull: false,
  showSupportNotice: false,
});

/**
 * Lookups kept per language: the catalogs never change while the process runs, and a student's
 * page makes dozens of them (i18next cost ~3 ms of CPU a page). Kept: a key alone, and a key with
 * values under the prefixes below, whose values are only pack content (skill titles) and numbers;
 * never a lookup carrying a name, a student's typed answer or a request id (`signedInAs`,
 * `check.*`, `errorPage.*`). Bounded: a full cache is emptied and starts again.
 */
const kept = new Map<string, Map<string, unknown>>();
const KEPT_MAX = 5000;
const CONTENT_ONLY = ['path.', 'goal.', 'item.', 'example.', 'resource.', 'figure.', 'celebrate.'];

function memoKey(args: unknown[]): string | undefined {
  const [key, values] = args;
  if (typeof key !== 'string') return undefined;
  if (args.length === 1) return key;
  if (args.length !== 2 || !values || typeof values !== 'object' || Array.isArray(values)) return undefined;
  if (!CONTENT_ONLY.some((p) => key.startsWith(p))) return undefined;
  const parts = [key];
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    parts.push(k, typeof v, String(v));
  }
  return parts.join('\u0000');
}

/** A translator bound to one language (ejs escapes its output with <%= %>). */
export function translator(lang: Lang): TFunction {
  const t = i18n.getFixedT(lang) as unknown as (...a: unknown[]) => unknown;
  let found = kept.get(lang);
  if (!found) kept.set(lang, (found = new Map()));
  const cache = found;
  return ((...args: unknown[]) => {
    const k = memoKey(args);
    if (k === undefined) return t(...args);
    let v = cache.get(k);
    if (v === undefined) {
      v = t(...args);
      if (cache.size >= KEPT_MAX) cache.clear();
      cache.set(k, v);
    }
    return v;
  }) as unknown as TFunction;
}

/** The first supported language among candidates such as "es-MX", "en_US" or an Accept-Language header. */
export function pickLanguage(...candidates: (string | undefined | null)[]): Lang {
  for (const c of candidates) {
    if (!c) continue;
    for (const part of c.split(',')) {
      const base = part.split(';')[0]?.trim().toLowerCase().split(/[-_]/)[0];
      const found = LANGUAGES.find((l) => l === base);
      if (found) return found;
    }
  }
  return 'en';
}

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

/**
 * Renders the content code's sentences (checker messages, figure descriptions: catalog keys with
 * values, see src/domain/content/messages.ts) in one language.
 */
export function wordsFor(lang: Lang): Words {
  const t = translator(lang);
  return (m) => t(m.key, m.values ?? {});
}
