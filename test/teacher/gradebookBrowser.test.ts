/**
 * The gradebook check in real Chromium, in the sandbox course page's iframe 800 px wide: reached
 * from the class overview's link, zero axe-core violations before and after a resend, no
 * sideways scrolling, and the resend done with the keyboard alone brings the LMS back in line.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useBrowser, axeViolations } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { classroom, personIdOf } from './support.ts';
import { inOutbox, lmsHolds, pathwiseHolds, until } from './gradebookSupport.ts';

const T = { timeout: 60_000 };
const FRAME_WIDTH = 800;

const toolFrame = (page: Page, part: string) => page.frames().find((f) => f.url().includes(part))!;

describe('the gradebook check in the browser (800 px LMS frame)', function () {
  this.timeout(180_000);
  const browser = useBrowser();

  it('is reached from the overview, has no axe violations, and a keyboard resend fixes the LMS grade', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 3, 3);
    const pid = await Promise.all([0, 1, 2].map((n) => personIdOf(t.c, n, t.courseId)));
    for (const n of [0, 1, 2]) await pathwiseHolds(t, pid[n]!, 0.5);
    await lmsHolds(s, t, 0, 0.5);
    await lmsHolds(s, t, 1, 0.2); // the LMS holds something else
    await inOutbox(s, t, 2, pid[2]!, { status: 'rejected', lastStatus: 422, lastError: 'The grade column is locked', refusal: 'refused' });
    const lineItem = s.sandbox.lineItems(t.c.course.id).find((l) => l.resourceLinkId === t.c.link.id)!;

    const context = await browser().newContext({ bypassCSP: true, viewport: { width: 900, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${s.sandboxUrl}/courses/${t.c.course.id}`);
      const box = await page.locator('iframe[name="tool"]').boundingBox();
      await page.setViewportSize({ width: 900 + (FRAME_WIDTH - Math.round(box!.width)), height: 800 });
      await page.locator(`button[data-user="${t.c.member('teacher').id}"][data-link="${t.c.link.id}"]`).click();
      const tool = page.frameLocator('iframe[name="tool"]');
      await tool.locator('[data-testid="gradebook-link"]').click();
      await tool.locator('[data-testid="mismatches"]').waitFor(T);
      assert.equal(Math.round((await page.locator('iframe[name="tool"]').boundingBox())!.width), FRAME_WIDTH);
      const frame = toolFrame(page, '/gradebook');
      assert.equal(
        await frame.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
        0,
        'no sideways scroll',
      );
      assert.deepEqual(await axeViolations(frame), [], 'gradebook check');
      assert.match((await tool.locator('[data-testid="mismatches"]').textContent()) ?? '', /The grade column is locked/);
      assert.equal(await tool.locator('[data-testid="retry-grades"]').count(), 1, 'refused grades: the existing retry');

      // A grade changed in the LMS is not ticked: the teacher ticks it and sends, keyboard only.
      const tick = tool.locator(`input[name="personIds"][value="${pid[1]!}"]`);
      assert.equal(await tick.isChecked(), false, 'a grade changed in the LMS is not overwritten unless the teacher ticks it');
      const focused = () =>
        frame.evaluate(
          `document.activeElement && (document.activeElement.getAttribute('data-testid') || document.activeElement.getAttribute('value'))`,
        );
      for (const [target, key] of [
        [pid[1]!, ' '],
        ['resend', 'Enter'],
      ] as const) {
        let reached = false;
        for (let i = 0; i < 30 && !reached; i++) {
          await page.keyboard.press('Tab');
          reached = (await focused()) === target;
        }
        assert.ok(reached, `Tab reaches ${target}`);
        await page.keyboard.press(key);
      }
      await tool.locator('[data-testid="notice"]').waitFor(T);
      assert.match((await tool.locator('[data-testid="notice"]').textContent()) ?? '', /1 grade will be sent again/);
      assert.deepEqual(await axeViolations(toolFrame(page, '/gradebook')), [], 'gradebook check with its notice');
      const lms = () =>
        s.sandbox.results(t.c.course.id).find((r) => r.lineItemId === lineItem.id && r.userSub === t.c.member({ student: 1 }).sub);
      await until('the LMS holds Pathwise’s grade again', async () => {
        await s.pathwise.publisher.kick();
        return lms()?.resultScore === 5;
      });
      await tool.locator('[data-testid="check-again"]').click();
      await tool.locator('[data-testid="matching"]').waitFor(T);
      assert.match((await tool.locator('[data-testid="matching"]').textContent()) ?? '', new RegExp(t.c.member({ student: 1 }).name));
    } finally {
      await context.close();
    }
  });
});
