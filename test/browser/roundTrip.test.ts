import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { ON_SCREEN, launchFromCourse, useBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { mainClientId, personOf } from '../support/factories.ts';
import { correctForm, currentInstance } from '../support/answers.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { activityContext } from '../../src/repositories/activityContext.ts';

/** Answers the question in the frame the way a student would, with the response its checker accepts. */
async function answerCorrectly(frame: FrameLocator, activityId: string, personId: string) {
  const form = correctForm(await currentInstance(activityId, personId));
  const attempt = await frame.locator('[data-testid="question"]').getAttribute('data-attempt');
  for (const [name, value] of Object.entries(form)) {
    if (Array.isArray(value)) {
      const kind = await frame
        .locator(`[name="${name}"]`)
        .first()
        .evaluate((el) => (el as unknown as { type: string }).type);
      if (kind === 'checkbox') {
        for (const v of value) await frame.locator(`[name="${name}"][value="${v}"]`).check();
        continue;
      }
      for (let i = 0; i < value.length; i++) await frame.locator(`select[name="${name}"]`).nth(i).selectOption(value[i]!);
      continue;
    }
    const field = frame.locator(`[name="${name}"]`);
    const tag = await field.first().evaluate((el) => `${el.tagName}:${(el as unknown as { type: string }).type}`);
    if (tag === 'SELECT:select-one') await field.selectOption(value);
    else if (tag === 'INPUT:radio' || tag === 'INPUT:checkbox') await frame.locator(`[name="${name}"][value="${value}"]`).check();
    else await field.fill(value);
  }
  await frame.locator('[data-testid="submit"]').click();
  // The page posts the answer itself (so it survives a lost connection) and swaps in the result.
  await frame.locator(`[data-testid="question"][data-attempt="${attempt}"]`).waitFor({ state: 'detached', ...ON_SCREEN });
}

describe('in a real browser', function () {
  this.timeout(120_000);
  const browser = useBrowser();

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`a ${flavour} student launches in the cross-site iframe, practises to a first mastered skill, and the grade reaches the gradebook`, async () => {
      const s = await stack();
      const { info, user } = await personOf(flavour, { student: 5 - (flavour === 'canvas' ? 1 : 0) });
      const { context, page, frame } = await launchFromCourse(browser(), {
        sandboxUrl: s.sandboxUrl,
        courseId: info.courseId,
        userName: user.name,
      });
      try {
        await frame.locator('[data-testid="step"]').waitFor(ON_SCREEN);
        assert.equal(await frame.locator('[data-testid="student-name"]').textContent(), user.name);
        const toolFrame = page.frames().find((f) => f.url().includes('/app/activities/'));
        assert.ok(toolFrame, 'the tool page is inside the iframe');
        assert.notEqual(new URL(toolFrame.url()).hostname, new URL(page.url()).hostname, 'the iframe is cross-site');
        const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(toolFrame.url())![1]!;
        const person = await Person.findOne({ issuer: info.issuer, clientId: await mainClientId(flavour), sub: user.sub }).lean();
        const personId = String(person!._id);

        for (let i = 0; i < 60 && (await frame.locator('[data-testid="mastered"]').textContent()) === '0'; i++) {
          const kind = await frame.locator('[data-testid="step"]').getAttribute('data-kind');
          if (kind === 'item') await answerCorrectly(frame, activityId, personId);
          else await frame.locator('[data-testid="continue"]').click();
          await frame.locator('[data-testid="step"]').waitFor();
        }
        assert.equal(await frame.locator('[data-testid="mastered"]').textContent(), '1');
        await frame.locator('[data-testid="skill-map"] [data-status="mastered"]').first().waitFor();

        await s.pathwise.publisher.kick();
        await page.goto(`${s.sandboxUrl}/courses/${info.courseId}/gradebook`);
        const max = s.sandbox.lineItems(info.courseId)[0]!.scoreMaximum;
        const assigned = (await activityContext((await Activity.findById(activityId).lean())!)).activitySkills.length;
        const expected = Number(((max * 1) / assigned).toFixed(2));
        const cell = page.locator(`tr[data-user="${user.sub}"] td`).nth(1);
        assert.match((await cell.textContent()) ?? '', new RegExp(`^\\s*${expected}\\b.*FullyGraded`, 's'));
      } finally {
        await context.close();
      }
    });
  }
});
