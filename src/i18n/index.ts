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
 * Plain lookups (a key, no values) per language: the catalogs never change while the process runs,
 * and a student's page makes dozens of them (i18next's lookup cost ~3 ms of CPU per page).
 */
const plain = new Map<string, Map<string, unknown>>();
const PLAIN_KEPT = 5000;

/** A translator bound to one language (ejs escapes its output with <%= %>). */
export function translator(lang: Lang): TFunction {
  const t = i18n.getFixedT(lang);
  let known = plain.get(lang);
  if (!known) plain.set(lang, (known = new Map()));
  const cache = known;
  return ((...args: unknown[]) => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== 'string') return (t as unknown as (...a: unknown[]) => unknown)(...args);
    let v = cache.get(key);
    if (v === undefined) {
      v = t(key);
      if (cache.size < PLAIN_KEPT) cache.set(key, v);
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
