import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ON_SCREEN } from '../support/browser.ts';
import { registerFakeTool } from './fakeTool.ts';
import { startRig, type Rig } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('sandbox course page in Chromium', function () {
  this.timeout(120_000);
  let rig: Rig;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required at ${CHROMIUM} for the browser test`);
    rig = await startRig();
    registerFakeTool(rig.sandbox, rig.tool, 'canvas');
    registerFakeTool(rig.sandbox, rig.tool, 'moodle');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await rig?.close();
  });

  for (const courseId of ['101', '2']) {
    it(`launches the tool in the cross-site iframe from course ${courseId}`, async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${rig.url}/courses/${courseId}`);
        const student = rig.sandbox.users(courseId).find((u) => u.role === 'student');
        await page
          .getByRole('button', { name: `Launch as ${student?.name ?? '?'}` })
          .first()
          .click();
        const frame = page.frameLocator('iframe[name="tool"]');
        await frame.locator('#user').waitFor(ON_SCREEN);
        assert.equal(await frame.locator('#user').textContent(), `Hello ${student?.name ?? '?'}`);
        const toolFrame = page.frames().find((f) => f.name() === 'tool');
        assert.equal(new URL(toolFrame?.url() ?? '').hostname, 'localhost', 'the tool runs on another site than the LMS page');
      } finally {
        await page.close();
      }
    });
  }
});
