/**
 * axe-core on the student's page in Chromium, in English and in Spanish, with each kind of
 * visual item on screen (shade, number line, compare, a figure with typed answer) and after an
 * answer (feedback): zero violations. The interests box is used with the keyboard and by touch,
 * and the next word problem is told in a chosen theme.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { useBrowser, axeViolations } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { personOf } from '../support/factories.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';

const T = { timeout: 60_000 };

describe('student page accessibility (axe-core)', function () {
  this.timeout(300_000);
  const browser = useBrowser();

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
      // The browser's language matches: a page that no longer knows the student (a closed session) follows it.
      const context = await browser().newContext({ bypassCSP: true, hasTouch: true, locale: lang === 'es' ? 'es-ES' : 'en-US' });
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
        assert.deepEqual(await axeViolations(frame), [], 'first page');
        const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(frame.url())![1]!;
        // Each later step is set in the progress document and shown by opening the activity's page
        // again in the frame (one launch is enough: the launch itself is tested elsewhere).
        const activityUrl = frame.url();
        const reload = async () => {
          await frame.goto(activityUrl);
          await frame.locator('[data-testid="step"]').waitFor(T);
          return frame;
        };

        // Interests: picked with the keyboard alone (Space on a box, Tab to the button, Enter)...
        const interests = frame.locator('[data-testid="interests-form"]');
        await interests.locator('input[value="space"]').focus();
        await page.keyboard.press('Space');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        assert.equal(await frame.locator(':focus').getAttribute('data-testid'), 'interests-save');
        await page.keyboard.press('Enter');
        await frame.locator('[data-testid="interests"][data-asked="true"]').waitFor(T);
        // ...and changed later with a tap on a picture's label.
        await frame.locator('[data-testid="interests"] summary').tap();
        const musicLabel = frame.locator('[data-testid="interests-form"] label', { has: frame.locator('input[value="music"]') });
        await musicLabel.waitFor({ state: 'visible', ...T });
        await musicLabel.tap();
        // The tap has ticked the box before the form is saved (a slow page must not race the save).
        await frame.locator('[data-testid="interests-form"] input[value="music"]:checked').waitFor({ state: 'attached', ...T });
        assert.deepEqual(await axeViolations(frame), [], 'interests open');
        // Wait for this save's answer: the notice of the first save is still on the page.
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/interests') && r.request().method() === 'POST', T),
          frame.locator('[data-testid="interests-save"]').tap(),
        ]);
        await frame.locator('[data-testid="notice"]').waitFor(T);
        const saved = await Person.findById(person!._id).lean();
        assert.deepEqual([...(saved?.interests ?? [])].sort(), ['music', 'space']);
        // The next word problem is told in one of the chosen themes, in the page's language.
        await Progress.updateOne(
          { activityId: new Types.ObjectId(activityId), personId: person!._id },
          { $set: { 'current.kind': 'item', 'current.itemId': 'add-like-word', 'current.seed': 6, 'current.hintsShown': 0 } },
        );
        frame = await reload();
        const story = await frame.locator('[data-testid="prompt"]').innerText();
        const themed = lang === 'en' ? /fuel|lander|piano|rehearsal/ : /combustible|módulo|piano|ensayo/;
        assert.match(story, themed);
        assert.deepEqual(await axeViolations(frame), [], 'word problem');
        for (const itemId of ['visual-shade-bar', 'visual-place-point', 'visual-compare-bars', 'visual-name-picture']) {
          await Progress.updateOne(
            { activityId: new Types.ObjectId(activityId), personId: person!._id },
            { $set: { 'current.kind': 'item', 'current.itemId': itemId, 'current.seed': 4, 'current.hintsShown': 0 } },
          );
          frame = await reload();
          await frame.locator('[data-testid="question"]').waitFor(T);
          assert.deepEqual(await axeViolations(frame), [], itemId);
        }
        await frame.locator('[data-testid="submit"]').click();
        await frame.locator('[data-testid="feedback"]').waitFor(T);
        assert.deepEqual(await axeViolations(frame), [], 'feedback');
        // The other steps a student meets: a worked example, a resource to try and the end of the path.
        for (const kind of ['worked-example', 'resource', 'done'] as const) {
          await Progress.updateOne(
            { activityId: new Types.ObjectId(activityId), personId: person!._id },
            { $set: { 'current.kind': kind, 'current.skillId': 'fraction-meaning', 'current.resourceIndex': 0 } },
          );
          frame = await reload();
          await frame.locator(`[data-testid="step"][data-kind="${kind}"]`).waitFor(T);
          assert.deepEqual(await axeViolations(frame), [], kind);
        }
        // Leaving: the goodbye page, then the error page a closed session's link shows, both in the student's language.
        const closedUrl = frame.url();
        await frame.locator('[data-testid="end-session"] button').click();
        await frame.locator('[data-testid="session-ended"]').waitFor(T);
        assert.equal(await frame.evaluate('document.documentElement.lang'), lang);
        assert.deepEqual(await axeViolations(frame), [], 'ended');
        await frame.goto(closedUrl);
        await frame.locator('[role="alert"][data-code]').waitFor(T);
        assert.equal(await frame.evaluate('document.documentElement.lang'), lang);
        assert.deepEqual(await axeViolations(frame), [], 'error page');
      } finally {
        await context.close();
        await Person.updateOne({ issuer: info.issuer, sub: user.sub }, { $unset: { language: 1, interests: 1 } });
      }
    });
  }
});
