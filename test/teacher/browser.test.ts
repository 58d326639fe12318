/**
 * The teacher's cockpit in real Chromium, in the sandbox course page's iframe 800 px wide: the
 * first screen shows the students who need attention with their flags, every teacher page has
 * zero axe-core violations, the keyboard reaches the heatmap, a focus skill given through the
 * page changes the student's next item, the table refreshes itself in place, and the CSV
 * download opens.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Types } from 'mongoose';
import { useBrowser, axeViolations } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { seedAnswers } from '../support/seed.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress, progressKey, type ProgressDoc } from '../../src/repositories/models/Progress.ts';

const T = { timeout: 60_000 };
const FRAME_WIDTH = 800;

/** Makes the sandbox's tool iframe exactly 800 px wide (the course page has margins around it). */
async function frameAt800(page: Page): Promise<void> {
  const box = await page.locator('iframe[name="tool"]').boundingBox();
  const vw = page.viewportSize()!;
  await page.setViewportSize({ width: vw.width + (FRAME_WIDTH - Math.round(box!.width)), height: vw.height });
}

const toolFrame = (page: Page, part: string) => page.frames().find((f) => f.url().includes(part))!;

describe('the teacher’s cockpit in the browser (800 px LMS frame)', function () {
  this.timeout(300_000);
  const browser = useBrowser();

  it('shows flags in the first screen, has no axe violations on any teacher page, and a focus skill reaches the student', async () => {
    const s = await stack();
    const c = await ownCourse('moodle', { students: 14, skills: 'number-line,add-like' });
    const first = await c.launch({ student: 0 });
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(first.url)![1]!;
    await c.launch({ student: 1 });
    await c.launch({ student: 2 });
    const stuckName = c.member({ student: 2 }).name;
    // The person with this sub who has progress in this activity (a sub alone may repeat across sandboxes).
    const inActivity = (await Progress.find({ activityId: new Types.ObjectId(activityId) }, { personId: 1 }).lean()).map((x) => x.personId);
    const personOf = async (n: number) =>
      String((await Person.findOne({ _id: { $in: inActivity }, sub: c.member({ student: n }).sub }).lean())!._id);
    const stuck = await personOf(2);
    const other = await personOf(1);
    for (const pid of [stuck, other]) {
      await seedAnswers({ activityId, personId: pid, skillId: 'number-line', correct: Array<boolean>(12).fill(false) });
    }
    const context = await browser().newContext({ bypassCSP: true, viewport: { width: 900, height: 800 }, acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(`${s.sandboxUrl}/courses/${c.course.id}`);
      await frameAt800(page);
      await page.locator(`button[data-user="${c.member('teacher').id}"][data-link="${c.link.id}"]`).click();
      const tool = page.frameLocator('iframe[name="tool"]');
      await tool.locator('[data-testid="students"]').waitFor(T);
      const frame = toolFrame(page, '/teacher');
      const iframeBox = (await page.locator('iframe[name="tool"]').boundingBox())!;
      assert.equal(Math.round(iframeBox.width), FRAME_WIDTH);

      // The first flag, with its student's name, is on the first screen of the frame, no scrolling.
      const flag = (await tool.locator('[data-testid="flag"]').first().boundingBox())!;
      assert.ok(
        flag.y + flag.height <= iframeBox.y + iframeBox.height,
        `flag bottom ${flag.y + flag.height} within ${iframeBox.y + iframeBox.height}`,
      );
      assert.ok(flag.x + flag.width <= iframeBox.x + iframeBox.width, 'flag within the frame’s width');
      assert.match((await tool.locator('[data-testid="student-row"]').first().textContent()) ?? '', /tries on/);
      const overflow = await frame.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.equal(overflow, 0, 'no horizontal scrolling of the page');
      // 14 students in the roster: the 11 who never launched are listed too.
      assert.equal(await tool.locator('[data-testid="student-row"]').count(), 14);
      assert.deepEqual(await axeViolations(frame), [], 'overview');

      // Live: the table body refreshes in place (here on becoming visible again), the scroll stays.
      const firstPid = await personOf(0);
      await seedAnswers({ activityId, personId: firstPid, skillId: 'number-line', correct: Array<boolean>(12).fill(false) });
      assert.equal(await tool.locator('.flag.wheel-spinning').count(), 2);
      await frame.evaluate('window.scrollTo(0, 120)');
      const scrolled = await frame.evaluate('window.scrollY');
      await frame.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
      await tool.locator('[data-refresh-status]', { hasText: 'Updated' }).waitFor(T);
      assert.equal(await tool.locator('.flag.wheel-spinning').count(), 3, 'the new flag arrived without a reload');
      assert.equal(await frame.evaluate('window.scrollY'), scrolled, 'scroll position kept');
      await frame.evaluate('window.scrollTo(0, 0)');

      // Keyboard: the heatmap's region is reachable with Tab.
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached =
          (await frame.evaluate(`document.activeElement && document.activeElement.getAttribute('data-testid')`)) === 'heatmap-region';
      }
      assert.ok(reached, 'Tab reaches the scrollable heatmap');

      // A group card, then back; the group's focus skill in one click.
      await tool.locator('[data-testid="group-link"]').first().click();
      await tool.locator('[data-testid="examples"]').waitFor(T);
      assert.deepEqual(await axeViolations(toolFrame(page, '/groups/')), [], 'group card');
      await tool.locator('[data-testid="group-focus"]').click();
      await tool.locator('[data-testid="notice"]').waitFor(T);
      assert.match((await tool.locator('[data-testid="notice"]').textContent()) ?? '', /Focus skill set/);
      for (const pid of [stuck, other]) {
        const p = (await Progress.findById(progressKey(activityId, pid)).lean<ProgressDoc>())!;
        assert.equal(p.state.chosenSkill, 'number-line');
      }
      assert.deepEqual(await axeViolations(toolFrame(page, '/teacher')), [], 'overview with a notice');

      // One student's page: give "add-like" as focus; the student's next item practises it.
      await tool.locator(`[data-testid="student-link"]`, { hasText: stuckName }).click();
      await tool.locator('[data-testid="student-skills"]').waitFor(T);
      assert.deepEqual(await axeViolations(toolFrame(page, '/students/')), [], 'student page');
      await tool.locator('[data-testid="change-skill-select"]').selectOption('add-like');
      await tool.locator('[data-testid="change-focus"]').click();
      await tool.locator('[data-testid="notice"]').waitFor(T);
      const p = (await Progress.findById(progressKey(activityId, stuck)).lean<ProgressDoc>())!;
      assert.equal(p.current.skillId, 'add-like');
      assert.deepEqual(await axeViolations(toolFrame(page, '/students/')), [], 'student page with a notice');

      // The CSV download opens.
      const [download] = await Promise.all([page.waitForEvent('download', T), tool.locator('[data-testid="answers-csv"]').click()]);
      assert.match(download.suggestedFilename(), /^pathwise-answers-[a-f0-9]{24}\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      assert.match(csv.split('\r\n')[0]!, /^Student,When \(UTC\),Skills,Question,Answer,Right/);

      // The student sees the focus skill's question at the next launch.
      const student = await context.newPage();
      await student.goto(`${s.sandboxUrl}/courses/${c.course.id}`);
      await student.locator(`button[data-user="${c.member({ student: 2 }).id}"][data-link="${c.link.id}"]`).click();
      await student.frameLocator('iframe[name="tool"]').locator('[data-testid="step"]').waitFor(T);
      const again = (await Progress.findById(progressKey(activityId, stuck)).lean<ProgressDoc>())!;
      assert.equal(again.current.skillId, 'add-like', 'the launch kept the teacher’s focus');
    } finally {
      await context.close();
    }
  });
});
