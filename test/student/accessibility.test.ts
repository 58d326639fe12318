/**
 * axe-core on the student's page in Chromium, in English and in Spanish, with each kind of
 * visual item on screen (shade, number line, compare, a figure with typed answer) and after an
 * answer (feedback): zero violations.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Frame } from 'playwright-core';
import { Types } from 'mongoose';
import { launchBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { personOf } from '../support/factories.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const T = { timeout: 60_000 };

async function violations(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ content: axeSource });
  const found = await frame.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  );
  return found as string[];
}

describe('student page accessibility (axe-core)', function () {
  this.timeout(300_000);
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const lang of ['en', 'es'] as const) {
    it(`has no axe violations with visual items and feedback (${lang})`, async () => {
      const s = await stack();
      const student = lang === 'en' ? 1 : 2;
      const { info, user } = await personOf('moodle', { student });
      const link = s.sandbox.addResourceLink(info.courseId, {
        title: `Axe ${lang} ${Date.now()}`,
        custom: { skills: 'fraction-meaning,number-line,comparing-fractions' },
      });
      // People are keyed by registration (issuer + client id) and sub, as the launch keys them.
      const clientId = s.sandbox.registrations().find((r) => r.flavour === 'moodle')!.clientId;
      const person = await Person.findOneAndUpdate(
        { issuer: info.issuer, clientId, sub: user.sub },
        { $set: { language: lang } },
        { new: true, upsert: true },
      ).lean();
      // bypassCSP lets the test inject axe-core; the page itself is still served with its strict CSP.
      const context = await browser.newContext({ bypassCSP: true });
      try {
        const page = await context.newPage();
        const launch = async () => {
          await page.goto(`${s.sandboxUrl}/courses/${info.courseId}`);
          await page.locator(`button[data-user="${user.id}"][data-link="${link.id}"]`).click();
          await page.frameLocator('iframe[name="tool"]').locator('[data-testid="step"]').waitFor(T);
          return page.frames().find((f) => f.url().includes('/app/activities/'))!;
        };
        let frame = await launch();
        assert.equal(await frame.evaluate('document.documentElement.lang'), lang);
        assert.deepEqual(await violations(frame), [], 'first page');
        const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(frame.url())![1]!;
        for (const itemId of ['visual-shade-bar', 'visual-place-point', 'visual-compare-bars', 'visual-name-picture']) {
          await Progress.updateOne(
            { activityId: new Types.ObjectId(activityId), personId: person!._id },
            { $set: { 'current.kind': 'item', 'current.itemId': itemId, 'current.seed': 4, 'current.hintsShown': 0 } },
          );
          frame = await launch();
          await frame.locator('[data-testid="question"]').waitFor(T);
          assert.deepEqual(await violations(frame), [], itemId);
        }
        await frame.locator('[data-testid="submit"]').click();
        await frame.locator('[data-testid="feedback"]').waitFor(T);
        assert.deepEqual(await violations(frame), [], 'feedback');
      } finally {
        await context.close();
        await Person.updateOne({ issuer: info.issuer, sub: user.sub }, { $unset: { language: 1 } });
      }
    });
  }
});
