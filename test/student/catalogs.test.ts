/**
 * The message catalogs are complete and agree: English and Spanish have the same keys with the
 * same {{values}}; every sentence the content code can return (src/domain/content/messages.ts)
 * is in both with exactly the values it is given; every key a student page, presenter or route
 * asks for exists. A third language is a copy of a catalog, translated: this test says what is missing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { MESSAGES } from '../../src/domain/content/index.ts';
import { LANGUAGES } from '../../src/i18n/index.ts';

const root = new URL('../../', import.meta.url);
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(o: Record<string, unknown>, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else flatten(v as Record<string, unknown>, `${prefix}${k}.`, out);
  }
  return out;
}
const catalog = (lang: string) =>
  flatten(JSON.parse(readFileSync(new URL(`locales/${lang}/student.json`, root), 'utf8')) as Record<string, unknown>);
const names = (text: string) => new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string));
const sorted = (s: Set<string>) => [...s].sort().join(',');

/** A key's forms: the key itself, or its plural forms (key_one, key_other, ...). */
function forms(cat: Map<string, string>, key: string): string[] {
  return [...cat.entries()].filter(([k]) => k === key || (PLURAL.test(k) && k.replace(PLURAL, '') === key)).map(([, v]) => v);
}

/** Every literal key passed to t('...') in a file. */
function usedKeys(path: string): string[] {
  const text = readFileSync(new URL(path, root), 'utf8');
  return [...text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*\w)'\s*[),]/g)].map((m) => m[1] as string);
}
const studentFiles = [
  ...readdirSync(new URL('views/student/', root)).map((f) => `views/student/${f}`),
  ...readdirSync(new URL('views/items/', root)).map((f) => `views/items/${f}`),
  'views/practice.ejs',
  'src/presenters/practicePage.ts',
  'src/routes/practice.ts',
  'src/routes/studentPage.ts',
  'src/i18n/errorPage.ts',
];

describe('student message catalogs', () => {
  const en = catalog('en');

  it('has the same keys with the same values in every language', () => {
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const other = catalog(lang);
      const base = (m: Map<string, string>) => new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
      assert.deepEqual([...base(other)].sort(), [...base(en)].sort(), `${lang} has the same keys as en`);
      for (const key of base(en)) {
        const used = (cat: Map<string, string>) => sorted(new Set(forms(cat, key).flatMap((t) => [...names(t)])));
        assert.equal(used(other), used(en), `${lang} ${key}: the same {{values}}`);
        for (const t of forms(other, key)) assert.ok(t.trim(), `${lang} ${key} is not empty`);
      }
    }
  });

  it('has every sentence the content code returns, with exactly the values it is given, in every language', () => {
    for (const lang of LANGUAGES) {
      const cat = catalog(lang);
      for (const [key, declared] of Object.entries(MESSAGES)) {
        const texts = forms(cat, key);
        assert.ok(texts.length > 0, `${lang}: ${key} is missing`);
        for (const t of texts) {
          const extra = [...names(t)].filter((n) => !(declared as readonly string[]).includes(n));
          assert.deepEqual(extra, [], `${lang} ${key}: "${t}" uses values the code never gives`);
          for (const n of declared) if (n !== 'count') assert.ok(names(t).has(n), `${lang} ${key}: "${t}" leaves out {{${n}}}`);
        }
      }
      for (const k of cat.keys()) {
        const key = k.replace(PLURAL, '');
        if (/^(check|figure)\./.test(key)) assert.ok(Object.hasOwn(MESSAGES, key), `${lang}: ${k} is not a key the code uses`);
      }
    }
  });

  it('has every key the student pages ask for', () => {
    let count = 0;
    for (const file of studentFiles) {
      for (const key of usedKeys(file)) {
        count++;
        for (const lang of LANGUAGES) assert.ok(forms(catalog(lang), key).length > 0, `${file}: "${key}" is missing in ${lang}`);
      }
    }
    assert.ok(count > 40, `${count} keys found: the scan still reads the templates`);
    for (const lang of LANGUAGES) {
      const cat = catalog(lang);
      const codes = [...cat.keys()].filter((k) => k.startsWith('errors.')).map((k) => k.split('.')[1]);
      for (const code of new Set(codes)) assert.ok(cat.get(`errors.${code}.message`) && cat.get(`errors.${code}.hint`), `${lang} ${code}`);
    }
  });
});
