import assert from 'node:assert/strict';

import { useBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { launchInto, newSchool, uniqueCourse, uniquePerson } from './helpers.ts';

describe('no third parties', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('every request a Pathwise page makes goes to Pathwise’s own origin (no CDN, font or analytics)', async () => {
    const s = await stack();
    const school = await newSchool();
    const course = uniqueCourse();
    const student = await launchInto(school, course, uniquePerson('Alice'), 'student');
    const teacher = await launchInto(school, course, uniquePerson('Teacher'), 'teacher');
    const origin = new URL(s.toolUrl).origin;
    const context = await browser().newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    try {
      const pages = [s.toolUrl + '/', student.url, teacher.url, `${s.toolUrl}/app/no-such-page`];
      for (const url of pages) {
        await page.goto(url);
        await page.waitForLoadState('networkidle');
      }
      // A page after an action too: the answer's feedback.
      await page.goto(student.url);
      await page.locator('[data-testid="submit"]').click();
      await page.waitForLoadState('networkidle');
    } finally {
      await context.close();
    }
    const network = requests.filter((u) => /^https?:/.test(u));
    assert.ok(
      network.some((u) => u.includes('/static/')),
      `the pages load their own assets: ${network.join(', ')}`,
    );
    const foreign = network.filter((u) => new URL(u).origin !== origin);
    assert.deepEqual(foreign, [], 'requests to other origins');
  });
});
