import assert from 'node:assert/strict';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser, launchFromCourse } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { launchAs, personOf } from '../support/factories.ts';
import { practise } from '../support/practice.ts';
import { moodleFixture } from '../content/helpers.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { listCourseItems } from '../../src/repositories/courseContent.ts';
import { axeViolations, clearCourseContent } from './support.ts';

async function toolFrame(page: Page, path: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((x) => x.url().includes(path));
    if (f) { await f.waitForLoadState('domcontentloaded'); return f; }
    await page.waitForTimeout(100);
  }
  throw new Error(`no frame at ${path}`);
}

describe('content studio in a real browser', function () {
  this.timeout(180_000);
  let browser: Browser;
  let courseId = '';
  before(async () => { browser = await launchBrowser(); });
  after(async () => {
    if (courseId) await clearCourseContent(courseId);
    await browser?.close();
  });

  it('a teacher uploads a real Moodle export in the LMS iframe, previews it, maps a question to a skill and confirms; a student then gets that question', async () => {
    const s = await stack();
    const { info, user } = await personOf('moodle', 'teacher');
    const { context, page, frame } = await launchFromCourse(browser, { sandboxUrl: s.sandboxUrl, courseId: info.courseId, userName: user.name });
    try {
      await frame.locator('[data-testid="studio-link"]').click();
      const studio = await toolFrame(page, '/studio?');
      courseId = /\/app\/courses\/([a-f0-9]{24})\/studio/.exec(studio.url())![1]!;
      await clearCourseContent(courseId);
      assert.notEqual(new URL(studio.url()).hostname, new URL(page.url()).hostname, 'the studio is inside the cross-site iframe');
      assert.deepEqual(await axeViolations(studio), [], 'studio page');
      const shots = process.env.STUDIO_SCREENSHOTS; // a folder: refreshes the pictures in docs/content.md
      if (shots) await page.screenshot({ path: `${shots}/studio-upload.png`, fullPage: true });

      await frame.locator('[data-testid="file"]').setInputFiles(moodleFixture('all-types.moodle.xml'));
      await frame.locator('#file-note').filter({ hasText: 'all-types.moodle.xml' }).waitFor();
      assert.equal(await frame.locator('input[name="format"][value="moodle-xml"]').isChecked(), true, 'the kind is picked from the file name');
      await frame.locator('[data-testid="check"]').click();
      await frame.locator('[data-testid="confirm-form"]').waitFor();
      const preview = await toolFrame(page, '/studio/preview');
      assert.equal(await frame.locator('[data-testid="preview-question"]').count(), 9);
      assert.equal(await frame.locator('[data-testid="self-check"]', { hasText: 'Checked:' }).count(), 9);
      assert.match((await frame.locator('[data-testid="skipped"]').textContent()) ?? '', /11 question\(s\) cannot be used[\s\S]*“Cloze: marbles” \(cloze\)/);
      const simplify = frame.locator('[data-testid="preview-question"][data-name="Simplify four eighths"]');
      assert.equal(await simplify.locator('[data-testid="skill"]').inputValue(), 'simplifying-fractions', 'proposed from the category and text');
      assert.match((await simplify.locator('.prompt').innerHTML()), /Write <strong>4\/8<\/strong> in its simplest form/);
      assert.deepEqual(await axeViolations(preview), [], 'preview page');
      if (shots) await page.screenshot({ path: `${shots}/studio-preview.png` });

      // Keep only the true/false question, and move it to the skill every student starts with.
      const tf = frame.locator('[data-testid="preview-question"][data-name="Three quarters is more than two thirds"]');
      assert.equal(await tf.locator('[data-testid="skill"]').inputValue(), 'comparing-fractions', 'proposed from the text');
      const boxes = frame.locator('[data-testid="include"]');
      for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
      await tf.locator('[data-testid="include"]').check();
      await tf.locator('[data-testid="skill"]').selectOption('fraction-meaning');
      await frame.locator('[data-testid="confirm"]').click();
      await frame.locator('[data-testid="notice"]').waitFor();
      assert.equal((await frame.locator('[data-testid="notice"]').textContent())?.trim(), '1 question(s) added to your course.');
      assert.match((await frame.locator('[data-testid="course-items"]').textContent()) ?? '', /True or false: 3\/4 of a pizza[^(]*\(What a fraction means, from all-types\.moodle\.xml\)/);
      const stored = await listCourseItems(courseId);
      assert.deepEqual(stored.map((i) => [i.id, i.skillId]), [['course-three-quarters-is-more-than-two-thirds', 'fraction-meaning']]);
      assert.deepEqual(await axeViolations(await toolFrame(page, '/studio?')), [], 'studio page with a question added');
    } finally {
      await context.close();
    }

    const student = await personOf('moodle', { student: 4 });
    const r = await launchAs('moodle', { student: 4 });
    assert.equal(r.status, 200);
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
    const person = await Person.findOne({ issuer: student.info.issuer, sub: student.user.sub }).lean();
    const served = (html: string): boolean => html.includes('data-item="course-three-quarters-is-more-than-two-thirds"');
    const run = await practise({ client: r.client, pageUrl: r.url, html: r.html, activityId, personId: String(person!._id), sandboxUrl: s.sandboxUrl, until: served, max: 40 });
    assert.ok(served(run.html), `the imported question was not served in ${run.answers} answers: ${run.pages.map((p) => /data-item="([^"]+)"/.exec(p)?.[1] ?? /data-kind="([^"]+)"/.exec(p)?.[1]).join(" ")}`);
    assert.match(run.html, /True or false: <strong>3\/4<\/strong> of a pizza/);
  });
});
