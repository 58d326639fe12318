/**
 * The cockpit's pages in real Chromium at a phone's width (375 px) and a narrow LMS frame (800 px):
 * nothing makes the page scroll sideways, axe-core finds no violation, and the keyboard reaches
 * every control; then the class overview as printed (print media): the table, flags, legend and
 * skill key are on paper, whole, while buttons, forms, navigation and notices are left off.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useBrowser, axeViolations } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { seedAnswers } from '../support/seed.ts';
import { change, classroom, personIdOf } from './support.ts';

const sideways = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/** Tabs through the page until focus comes back round; returns the test ids (or ids, tag names) of what received focus, in order. */
async function tabStops(page: Page, max = 120): Promise<string[]> {
  await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const id = (await page.evaluate(
      `(() => { const el = document.activeElement; if (!el || el === document.body || el.dataset.tabSeen) return ''; el.dataset.tabSeen = '1'; return el.getAttribute('data-testid') || el.getAttribute('id') || el.tagName.toLowerCase(); })()`,
    )) as string;
    if (!id) break;
    seen.push(id);
  }
  return seen;
}

/** Every control a person can use on the page: each must be reachable by Tab (none hidden from the keyboard). */
const controls = async (page: Page) =>
  (await page.evaluate(
    `[...document.querySelectorAll('a[href], button, select, input:not([type="hidden"]), textarea, [tabindex="0"]')].filter((el) => el.offsetParent !== null && el.tabIndex >= 0).length`,
  )) as number;

describe('the cockpit at 375 and 800 px, and on paper', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('fits a phone and an 800 px frame with no axe violations and every control on the keyboard; prints what matters', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning,number-line,add-like', 3, 2);
    const stuck = await personIdOf(t.c, 1, t.courseId);
    await seedAnswers({ activityId: t.activityId, personId: stuck, skillId: 'fraction-meaning', correct: Array<boolean>(12).fill(false) });
    const changes = `/app/courses/${t.courseId}/activities/${t.activityId}/changes`;
    const noted = await change(t, s, changes, { s: t.token, kind: 'note', note: 'Try the number line', personIds: stuck, back: 'student' });
    assert.equal(noted.status, 303);
    const overview = t.teacher.url;
    const studentPage = new URL(noted.location!, s.toolUrl).toString();

    const context = await browser().newContext({ bypassCSP: true, viewport: { width: 375, height: 740 } });
    try {
      const page = await context.newPage();
      for (const width of [375, 800]) {
        await page.setViewportSize({ width, height: 740 });
        await page.goto(overview);
        await page.locator('[data-testid="students"]').waitFor();
        assert.equal(await sideways(page), 0, `overview at ${width} px: no sideways scrolling`);
        const flag = (await page.locator('[data-testid="flag"]').first().boundingBox())!;
        assert.ok(flag.x >= 0 && flag.x + flag.width <= width, `overview at ${width} px: the first flag is within the width`);
        assert.deepEqual(await axeViolations(page), [], `overview at ${width} px`);
        const stops = await tabStops(page);
        assert.equal(stops.length, await controls(page), `overview at ${width} px: Tab reaches every control (${stops.join(' ')})`);
        for (const id of ['heatmap-region', 'student-link', 'roster-link', 'print']) assert.ok(stops.includes(id), `${id} at ${width} px`);

        await page.goto(studentPage);
        await page.locator('[data-testid="student-skills"]').waitFor();
        assert.equal(await sideways(page), 0, `student page at ${width} px: no sideways scrolling`);
        assert.deepEqual(await axeViolations(page), [], `student page at ${width} px`);
        const studentStops = await tabStops(page);
        assert.equal(studentStops.length, await controls(page), `student page at ${width} px: Tab reaches every control`);
        for (const id of ['change-skill-select', 'change-reason', 'change-mastered', 'remove-note', 'undo']) {
          assert.ok(studentStops.includes(id), `${id} at ${width} px`);
        }

        await page.goto(overview);
        await page.locator('[data-testid="roster-link"]').click();
        await page.locator('[data-testid="not-started"]').waitFor();
        assert.equal(await sideways(page), 0, `not-started page at ${width} px`);
        assert.deepEqual(await axeViolations(page), [], `not-started page at ${width} px`);
      }

      // On paper: what a teacher takes to the lesson, without the controls.
      await page.goto(overview);
      await page.locator('[data-testid="students"]').waitFor();
      await page.emulateMedia({ media: 'print' });
      for (const id of ['students', 'class-figures', 'legend', 'skill-key']) {
        assert.ok(await page.locator(`[data-testid="${id}"]`).isVisible(), `${id} is printed`);
      }
      assert.ok(await page.locator('[data-testid="flag"]').first().isVisible(), 'flags are printed');
      assert.equal(await page.locator('[data-testid="student-row"]').count(), 3);
      for (const id of ['end-session', 'print', 'settings', 'export', 'studio-link']) {
        assert.equal(await page.locator(`[data-testid="${id}"]`).isVisible(), false, `${id} is left off the paper`);
      }
      assert.equal(await page.locator('form:visible, button:visible, nav:visible').count(), 0, 'no form, button or navigation on paper');
      const clipped = await page.evaluate(
        `(() => { const r = document.querySelector('[data-testid="heatmap-region"]'); return r.scrollWidth - r.clientWidth; })()`,
      );
      assert.equal(clipped, 0, 'the whole table is on paper (no scrolling box cuts it)');
      await page.emulateMedia({ media: 'screen' });
      assert.ok(await page.locator('[data-testid="print"]').isVisible(), 'on screen, the print button is there');
    } finally {
      await context.close();
    }
  });
});
