/**
 * A launch whose LMS user speaks Spanish (`locale: es` in the launch), in Chromium through the
 * sandbox's cross-site iframe, in a browser set to English at 375 px: the whole page is Spanish,
 * the item's own words included; a hint, a wrong answer's feedback and the next page stay Spanish;
 * no English interface sentence shows; nothing scrolls sideways; axe finds nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { Types } from 'mongoose';
import { axeViolations, useBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { wrongForm } from '../support/answers.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { instantiateItem } from '../../src/domain/content/index.ts';
import { localizePack } from '../../src/domain/content/localize.ts';

const T = { timeout: 60_000 };
type Tree = { [k: string]: string | Tree };
const catalog = (lang: string) => JSON.parse(readFileSync(new URL(`../../locales/${lang}/student.json`, import.meta.url), 'utf8')) as Tree;
const leaves = (t: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
};

/** English interface sentences that differ from their Spanish version, as fixed text (parameters cut out). */
function englishSentences(): string[] {
  const en = leaves(catalog('en'));
  const es = leaves(catalog('es'));
  const out: string[] = [];
  for (const [key, text] of en) {
    if (es.get(key) === text) continue;
    for (const part of text.split(/\{\{[^}]*\}\}|<[^>]*>/)) {
      const words = part.trim();
      if (words.split(/\s+/).length >= 3) out.push(words);
    }
  }
  return out;
}

/** Words of four letters or more (accents kept), lower case. */
const wordsOf = (text: string): Set<string> => new Set((text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter(Boolean));

async function visibleText(frame: Frame): Promise<string> {
  return (await frame.evaluate('document.body.innerText')) as string;
}

describe('a Spanish launch in a real browser', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('shows Spanish everywhere, the item included, at 375 px in an English browser, with no axe violations', async () => {
    const s = await stack();
    const own = await ownCourse('canvas', { students: 1, skills: 'fraction-meaning,equivalent-fractions' });
    const student = own.member({ student: 0 });
    s.sandbox.setUserLocale(own.course.id, student.id, 'es');
    const context = await browser().newContext({ bypassCSP: true, locale: 'en-US', viewport: { width: 375, height: 740 } });
    try {
      const page = await context.newPage();
      await page.goto(`${s.sandboxUrl}/courses/${own.course.id}`);
      await page.locator(`button[data-user="${student.id}"][data-link="${own.link.id}"]`).click();
      const locator = page.frameLocator('iframe[name="tool"]');
      await locator.locator('[data-testid="step"]').waitFor(T);
      for (let i = 0; i < 5 && (await locator.locator('[data-testid="step"]').getAttribute('data-kind')) !== 'item'; i++) {
        await locator.locator('[data-testid="continue"]').click();
        await locator.locator('[data-testid="step"]').waitFor(T);
      }
      await locator.locator('[data-testid="question"]').waitFor(T);
      const frame = page.frames().find((f) => f.url().includes('/app/activities/'))!;
      assert.equal(await frame.evaluate('document.documentElement.lang'), 'es', 'the launch locale wins over the browser');

      // The item on screen, in both languages, from the student's stored progress.
      const activityId = new Types.ObjectId(/\/app\/activities\/([a-f0-9]{24})/.exec(frame.url())![1]!);
      const progress = await Progress.findOne({ activityId }).lean();
      const { itemId, seed } = progress!.current!;
      const pack = loadBundledPack();
      const en = instantiateItem(pack, itemId!, seed!);
      const es = instantiateItem(localizePack(pack, 'es'), itemId!, seed!);
      const prompt = (q: typeof en) => String((q.question as { prompt?: unknown }).prompt ?? '');
      const shown = wordsOf(await locator.locator('[data-testid="prompt"]').innerText());
      const spanishOnly = [...wordsOf(prompt(es))].filter((w) => !wordsOf(prompt(en)).has(w));
      const englishOnly = [...wordsOf(prompt(en))].filter((w) => !wordsOf(prompt(es)).has(w));
      assert.ok(spanishOnly.length > 0, `item ${itemId} has Spanish words of its own`);
      assert.deepEqual(
        spanishOnly.filter((w) => !shown.has(w)),
        [],
        `the prompt shows the Spanish words of ${itemId}`,
      );
      assert.deepEqual(
        englishOnly.filter((w) => shown.has(w)),
        [],
        `no English word of ${itemId}'s prompt shows`,
      );

      const english = englishSentences();
      const noEnglish = async (where: string) => {
        const text = await visibleText(frame);
        assert.deepEqual(
          english.filter((e) => text.includes(e)),
          [],
          `English interface text on the ${where}`,
        );
        const wide = (await frame.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth')) as boolean;
        assert.equal(wide, false, `the ${where} scrolls sideways at 375 px`);
        assert.deepEqual(await axeViolations(frame), [], `axe on the ${where}`);
      };
      await noEnglish('question');

      // A hint, in Spanish, from the item's translation.
      if (es.hints.length > 0) {
        await locator.locator('[data-testid="hint"]').click();
        await locator.locator('[data-testid="hints"] li').first().waitFor(T);
        const hint = wordsOf(await locator.locator('[data-testid="hints"] li').first().innerText());
        const hintEs = [...wordsOf(es.hints[0]!)].filter((w) => !wordsOf(en.hints[0]!).has(w));
        assert.deepEqual(
          hintEs.filter((w) => !hint.has(w)),
          [],
          'the hint is the Spanish one',
        );
        await noEnglish('question with a hint');
      }

      // A wrong answer: the feedback is Spanish too.
      const wrong = wrongForm(en);
      for (const [name, value] of Object.entries(wrong)) {
        const field = locator.locator(`[name="${name}"]`).first();
        const kind = await field.evaluate((el) => `${el.tagName}:${(el as unknown as { type: string }).type}`);
        const v = Array.isArray(value) ? value[0]! : value;
        if (kind === 'INPUT:radio' || kind === 'INPUT:checkbox') {
          const option = locator.locator(`[name="${name}"][value="${v}"]`);
          if ((await option.count()) > 0) await option.check();
          else await locator.locator(`[name="${name}"]`).first().check();
        } else if (kind === 'SELECT:select-one') await field.selectOption({ index: 0 });
        else await field.fill(v);
      }
      await locator.locator('[data-testid="submit"]').click();
      await locator.locator('[data-testid="feedback"]').waitFor(T);
      await noEnglish('feedback');
    } finally {
      await context.close();
    }
  });
});
