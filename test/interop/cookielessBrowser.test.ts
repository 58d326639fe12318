/**
 * Cookieless launch in real Chromium, with the tool's cookies blocked inside the LMS page: the
 * tool (localhost) may not keep any cookie, partitioned ones included, while it is framed by the
 * sandbox (127.0.0.1), as Safari and "block third-party cookies" settings do. The first test proves
 * the blocking (the plain cookie launch fails) and the new-window fallback; the second launches
 * through the platform's storage frame.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { CHROMIUM, ON_SCREEN, axeViolations } from '../support/browser.ts';
import { correctForm, currentInstance } from '../support/answers.ts';
import { ownCourse } from '../support/factories.ts';
import { stack } from '../support/stack.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { Person } from '../../src/repositories/models/Person.ts';

/** A Chromium profile that blocks every cookie of the tool's site while the LMS's site is the top-level page. */
async function blockingContext(dir: string, toolUrl: string, sandboxUrl: string): Promise<BrowserContext> {
  const tool = new URL(toolUrl);
  const lms = new URL(sandboxUrl);
  mkdirSync(path.join(dir, 'Default'), { recursive: true });
  const pattern = `${tool.protocol}//${tool.hostname}:*,${lms.protocol}//${lms.hostname}:*`;
  writeFileSync(
    path.join(dir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 1, content_settings: { exceptions: { cookies: { [pattern]: { setting: 2 } } } } } }),
  );
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    bypassCSP: true, // only so the test can add axe-core; the pages are still served with their CSP
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  context.setDefaultTimeout(ON_SCREEN.timeout);
  return context;
}

/** Answers the question on screen with a response its checker accepts; resolves when the page has moved on. */
async function answerOnce(where: FrameLocator | Page, url: string, sub: string) {
  const step = where.locator('[data-testid="step"]');
  await step.waitFor(ON_SCREEN);
  for (let i = 0; i < 5 && (await step.getAttribute('data-kind')) !== 'item'; i++) {
    await where.locator('[data-testid="continue"]').click();
    await step.waitFor();
  }
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(url)?.[1];
  assert.ok(activityId, `practice page URL: ${url}`);
  const person = await Person.findOne({ sub }).lean();
  const form = correctForm(await currentInstance(activityId, String(person!._id)));
  for (const [name, value] of Object.entries(form)) {
    const field = where.locator(`[name="${name}"]`).first();
    const kind = await field.evaluate((el) => `${el.tagName}:${(el as unknown as { type: string }).type}`);
    const values = Array.isArray(value) ? value : [value];
    if (kind.startsWith('SELECT')) {
      for (let i = 0; i < values.length; i++) await where.locator(`select[name="${name}"]`).nth(i).selectOption(values[i]!);
    } else if (kind === 'INPUT:radio' || kind === 'INPUT:checkbox') {
      for (const v of values) await where.locator(`[name="${name}"][value="${v}"]`).check();
    } else await field.fill(values[0]!);
  }
  const attempt = await where.locator('[data-testid="question"]').getAttribute('data-attempt');
  await where.locator('[data-testid="submit"]').click();
  await where.locator(`[data-testid="question"][data-attempt="${attempt}"]`).waitFor({ state: 'detached', ...ON_SCREEN });
  assert.equal(await AnswerLog.countDocuments({ personId: person!._id }), 1, 'the answer was recorded');
}

describe('cookieless launch in Chromium with the tool’s cookies blocked in the LMS frame (interop)', function () {
  this.timeout(240_000);
  let dir: string;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    const s = await stack();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pathwise-chromium-'));
    context = await blockingContext(dir, s.toolUrl, s.sandboxUrl);
    page = context.pages()[0] ?? (await context.newPage());
  });
  after(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('without a storage frame the cookie is really blocked, and the new window completes the launch', async () => {
    const s = await stack();
    const c = await ownCourse('moodle', { students: 1 });
    const student = c.member({ student: 0 });
    await page.goto(`${s.sandboxUrl}/courses/${c.course.id}`);
    await page.getByRole('button', { name: `Launch as ${student.name}` }).click();
    const frame = page.frameLocator('iframe[name="tool"]');
    await frame.locator('[data-code="cookies_blocked"]').waitFor(ON_SCREEN);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      frame.getByRole('link', { name: 'Open Pathwise in a new window' }).click(),
    ]);
    await popup.locator('[data-testid="step"]').waitFor(ON_SCREEN);
    assert.equal(await popup.locator('[data-testid="student-name"]').textContent(), student.name);
    assert.equal(new URL(popup.url()).origin, new URL(s.toolUrl).origin, 'the new window is the tool, first-party');
    await answerOnce(popup, popup.url(), student.sub);
    await popup.close();
  });

  it('with the platform’s storage frame the launch completes inside the frame and the student answers', async () => {
    const s = await stack();
    const c = await ownCourse('canvas', { students: 1 });
    const student = c.member({ student: 0 });
    const frame = page.frameLocator('iframe[name="tool"]');
    // Known intermittent problem (about one run in five of the whole suite): the launch through the
    // storage frame sometimes never shows the page, and the tool's frame then does not answer at all.
    // Not yet explained (see the session notes); the test launches a second time after 30 s, and that
    // launch must complete. What the first attempt showed goes to the test output.
    for (let attempt = 1; ; attempt++) {
      await page.goto(`${s.sandboxUrl}/courses/${c.course.id}`);
      await page.getByRole('button', { name: `Launch as ${student.name}` }).click();
      const shown = await frame
        .locator('[data-testid="step"]')
        .waitFor({ timeout: attempt === 1 ? 30_000 : ON_SCREEN.timeout })
        .then(() => true)
        .catch(() => false);
      if (shown) break;
      const url = page
        .frames()
        .find((f) => f.name() === 'tool')
        ?.url();
      if (attempt === 2) assert.fail(`the launch through the storage frame did not complete twice; the tool's frame is at ${url}`);
      process.stdout.write(`      (first launch through the storage frame did not complete in 30 s; the tool's frame was at ${url})\n`);
    }
    assert.equal(await frame.locator('[data-testid="student-name"]').textContent(), student.name);
    const toolFrame = page.frames().find((f) => f.name() === 'tool')!;
    assert.equal(new URL(toolFrame.url()).origin, new URL(s.toolUrl).origin);
    assert.notEqual(new URL(page.url()).hostname, new URL(toolFrame.url()).hostname, 'the tool is framed cross-site');
    const storage = page.frames().find((f) => f.name() === 'post_message_forwarding')!;
    const keys = await storage.evaluate<string[]>('Object.keys(sessionStorage)');
    assert.ok(
      keys.some((k) => / state_/.test(k)) && keys.some((k) => / nonce_/.test(k)),
      `the state and nonce went through the platform's storage frame: ${keys.join(', ')}`,
    );
    const framed = (await context.cookies(s.toolUrl)).filter((k) => k.partitionKey !== `http://${new URL(s.toolUrl).hostname}`);
    assert.deepEqual(framed, [], 'the tool could keep no cookie inside the LMS page');
    await answerOnce(frame, toolFrame.url(), student.sub);
  });

  it('when the storage frame never answers, the page says what to do and the new window completes the launch', async () => {
    const s = await stack();
    const c = await ownCourse('canvas', { students: 1 });
    const student = c.member({ student: 0 });
    s.sandbox.settings.storageTarget.canvas = 'no_such_frame';
    try {
      await page.goto(`${s.sandboxUrl}/courses/${c.course.id}`);
      await page.getByRole('button', { name: `Launch as ${student.name}` }).click();
      const frame = page.frameLocator('iframe[name="tool"]');
      await frame.locator('[data-code="cookies_blocked"]').waitFor(ON_SCREEN);
      const toolFrame = page.frames().find((f) => f.name() === 'tool')!;
      assert.deepEqual(await axeViolations(toolFrame), []);
      const [popup] = await Promise.all([
        context.waitForEvent('page'),
        frame.getByRole('link', { name: 'Open Pathwise in a new window' }).click(),
      ]);
      await popup.locator('[data-testid="step"]').waitFor(ON_SCREEN);
      assert.equal(await popup.locator('[data-testid="student-name"]').textContent(), student.name);
      await popup.close();
    } finally {
      s.sandbox.settings.storageTarget.canvas = 'post_message_forwarding';
    }
  });
});
