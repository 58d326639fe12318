import assert from 'node:assert/strict';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { answer, ownCourse } from '../support/factories.ts';
import { moodleFixture } from '../content/helpers.ts';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { itemsForSkill } from '../../src/domain/content/index.ts';
import { activityContext } from '../../src/repositories/activityContext.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import { listCourseItems } from '../../src/repositories/courseContent.ts';
import { axeViolations, clearCourseContent } from './support.ts';

async function toolFrame(page: Page, path: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((x) => x.url().includes(path));
    if (f) {
      await f.waitForLoadState('domcontentloaded');
      return f;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no frame at ${path}`);
}

describe('content studio in a real browser', function () {
  this.timeout(180_000);
  let browser: Browser;
  let courseId = '';
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    if (courseId) await clearCourseContent(courseId);
    await browser?.close();
  });

  it('a teacher uploads a real Moodle export in the LMS iframe, previews it, maps a question to a skill and confirms; a student then gets that question', async () => {
    const s = await stack();
    // A course of the test's own: its content and its student's progress are no other test's.
    const own = await ownCourse('moodle', { students: 1 });
    const teacher = own.member('teacher');
    // bypassCSP lets the test inject axe-core; the pages are still served with their strict CSP.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`${s.sandboxUrl}/courses/${own.course.id}`);
      await page
        .getByRole('button', { name: `Launch as ${teacher.name}` })
        .first()
        .click();
      const frame = page.frameLocator('iframe[name="tool"]');
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
      assert.equal(
        await frame.locator('input[name="format"][value="moodle-xml"]').isChecked(),
        true,
        'the kind is picked from the file name',
      );
      await frame.locator('[data-testid="check"]').click();
      await frame.locator('[data-testid="confirm-form"]').waitFor();
      const preview = await toolFrame(page, '/studio/preview');
      assert.equal(await frame.locator('[data-testid="preview-question"]').count(), 9);
      assert.equal(await frame.locator('[data-testid="self-check"]', { hasText: 'Checked:' }).count(), 9);
      assert.match(
        (await frame.locator('[data-testid="skipped"]').textContent()) ?? '',
        /11 question\(s\) cannot be used[\s\S]*“Cloze: marbles” \(cloze\)/,
      );
      const simplify = frame.locator('[data-testid="preview-question"][data-name="Simplify four eighths"]');
      assert.equal(
        await simplify.locator('[data-testid="skill"]').inputValue(),
        'simplifying-fractions',
        'proposed from the category and text',
      );
      assert.match(await simplify.locator('.prompt').innerHTML(), /Write <strong>4\/8<\/strong> in its simplest form/);
      assert.deepEqual(await axeViolations(preview), [], 'preview page');
      if (shots) await page.screenshot({ path: `${shots}/studio-preview.png` });

      const tf = frame.locator('[data-testid="preview-question"][data-name="Three quarters is more than two thirds"]');
      assert.equal(await tf.locator('[data-testid="skill"]').inputValue(), 'comparing-fractions', 'proposed from the text');
      // Keep only a typed question, and move it to the skill every student starts with. (A typed
      // answer tells Pathwise more than a true/false one, so practice picks it: a true/false
      // question may rightly wait behind the pack's typed ones.)
      const typed = frame.locator('[data-testid="preview-question"][data-name="Name of the bottom number"]');
      const boxes = frame.locator('[data-testid="include"]');
      for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
      await typed.locator('[data-testid="include"]').check();
      await typed.locator('[data-testid="skill"]').selectOption('fraction-meaning');
      await frame.locator('[data-testid="confirm"]').click();
      await frame.locator('[data-testid="notice"]').waitFor();
      assert.equal((await frame.locator('[data-testid="notice"]').textContent())?.trim(), '1 question(s) added to your course.');
      assert.match(
        (await frame.locator('[data-testid="course-items"]').textContent()) ?? '',
        /What do we call the bottom number of a fraction\?[^(]*\(What a fraction means, from all-types\.moodle\.xml\)/,
      );
      const stored = await listCourseItems(courseId);
      assert.deepEqual(
        stored.map((i) => [i.id, i.skillId]),
        [['course-name-of-the-bottom-number', 'fraction-meaning']],
      );
      assert.deepEqual(await axeViolations(await toolFrame(page, '/studio?')), [], 'studio page with a question added');
    } finally {
      await context.close();
    }

    // A student of the course: the question joins the practice pool of an activity on its skill.
    // (Which item the policy picks next depends on the student, so the test puts the question on
    // the student's screen through the progress record, as the policy would, and answers it.)
    const link = s.sandbox.addResourceLink(own.course.id, {
      clientId: own.clientId,
      title: `Studio ${Date.now()}`,
      custom: { skills: 'fraction-meaning' },
    });
    const r = await own.launch({ student: 0 }, { resourceLinkId: link.id });
    assert.equal(r.status, 200);
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
    const activity = await Activity.findById(activityId).lean();
    const ctx = await activityContext(activity!);
    assert.ok(
      itemsForSkill(ctx.pack, 'fraction-meaning').some((i) => i.id === 'course-name-of-the-bottom-number'),
      'the imported question is in the practice pool of its skill',
    );
    const person = await Person.findOne({
      issuer: s.sandbox.flavours.moodle.issuer,
      clientId: own.clientId,
      sub: own.member({ student: 0 }).sub,
    }).lean();
    await Progress.updateOne(
      { activityId: new Types.ObjectId(activityId), personId: person!._id },
      {
        $set: {
          current: {
            kind: 'item',
            itemId: 'course-name-of-the-bottom-number',
            skillId: 'fraction-meaning',
            seed: 7,
            attemptId: randomUUID(),
            attempt: 1,
            hintsShown: 0,
            shownAt: new Date(),
          },
        },
        $inc: { version: 1 },
      },
    );
    const shown = await r.client.get(r.url, { sandboxUrl: s.sandboxUrl });
    assert.match(shown.html, /What do we call the <strong>bottom<\/strong> number of a fraction\?/);
    const answered = await answer(r.client, r.url, shown.html, 'denominator');
    assert.equal(answered.status, 200, answered.html.slice(0, 300));
    assert.match(answered.html, /data-outcome="correct"/, 'the teacher’s answer is accepted');
  });
});
