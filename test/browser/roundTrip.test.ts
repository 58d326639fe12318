import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { personOf } from '../support/factories.ts';
import { correctResponse, currentInstance } from '../support/answers.ts';
import { Person } from '../../src/models/Person.ts';

describe('in a real browser', function () {
  this.timeout(90_000);
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`a ${flavour} student launches in the cross-site iframe, answers, and the grade reaches the gradebook`, async () => {
      const s = await stack();
      const { info, user } = await personOf(flavour, { student: 4 });
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${s.sandboxUrl}/courses/${info.courseId}`);
        await page.getByRole('button', { name: `Launch as ${user.name}` }).first().click();
        const frame = page.frameLocator('iframe[name="tool"]');
        await frame.locator('[data-testid="question"]').waitFor({ timeout: 20_000 });
        assert.equal(await frame.locator('[data-testid="student-name"]').textContent(), user.name);
        const toolFrame = page.frames().find((f) => f.url().includes('/app/activities/'));
        assert.ok(toolFrame, 'the tool page is inside the iframe');
        assert.notEqual(new URL(toolFrame.url()).hostname, new URL(page.url()).hostname, 'the iframe is cross-site');

        const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(toolFrame.url())![1]!;
        const person = await Person.findOne({ issuer: info.issuer, sub: user.sub }).lean();
        const inst = await currentInstance(activityId, String(person!._id));
        const response = correctResponse(inst);
        const input = await frame.locator('[data-testid="question"]').getAttribute('data-input');
        if (input === 'single-choice' || input === 'multiple-choice') await frame.locator(`input[name="response"][value="${response}"]`).check();
        else if (input === 'true-false') await frame.locator(`input[name="response"][value="${response}"]`).check();
        else await frame.locator('input[name="response"]').fill(response);
        await frame.locator('[data-testid="submit"]').click();
        await frame.locator('[data-testid="feedback"][data-outcome="correct"]').waitFor();
        assert.equal(await frame.locator('[data-testid="answered"]').textContent(), '1');

        await s.pathwise.publisher.kick();
        await page.goto(`${s.sandboxUrl}/courses/${info.courseId}/gradebook`);
        const cell = page.locator(`tr[data-user="${user.sub}"] td`).nth(1);
        const max = s.sandbox.lineItems(info.courseId)[0]!.scoreMaximum;
        // Full marks, rescaled by the platform to its line item's maximum.
        assert.match((await cell.textContent()) ?? '', new RegExp(`^\\s*${max}\\b.*FullyGraded`, 's'));
      } finally {
        await context.close();
      }
    });
  }
});
