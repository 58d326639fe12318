/**
 * The student's page in Chromium through the sandbox's cross-site iframe: on a 2G-like link the
 * page loads and an answer comes back within budget; an answer given offline is kept, shown as saved, sent when the connection returns (also after a reload) and
 * counted once; a number-line point can be placed with the keyboard and a hint keeps it; the frame grows and
 * shrinks; at 375 px nothing scrolls sideways.
 */
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { Types } from 'mongoose';
import { useBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { mainClientId, personOf } from '../support/factories.ts';
import { correctForm, currentInstance } from '../support/answers.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import type { Flavour } from '../../scripts/sandbox/index.ts';

const T = { timeout: 60_000 };

/** Opens the course page, launches the student into a fresh activity and waits for a question. */
async function openQuestion(page: Page, flavour: Flavour, student: number, skills: string[]) {
  const s = await stack();
  const { info, user } = await personOf(flavour, { student });
  const link = s.sandbox.addResourceLink(info.courseId, {
    title: `Browser ${Date.now()} ${Math.random()}`,
    custom: { skills: skills.join(',') },
  });
  await page.goto(`${s.sandboxUrl}/courses/${info.courseId}`);
  await page.locator(`button[data-user="${user.id}"][data-link="${link.id}"]`).click();
  const frame = page.frameLocator('iframe[name="tool"]');
  await frame.locator('[data-testid="step"]').waitFor(T);
  for (let i = 0; i < 5 && (await frame.locator('[data-testid="step"]').getAttribute('data-kind')) !== 'item'; i++) {
    await frame.locator('[data-testid="continue"]').click();
    await frame.locator('[data-testid="step"]').waitFor(T);
  }
  await frame.locator('[data-testid="question"]').waitFor(T);
  const person = await Person.findOne({ issuer: info.issuer, clientId: await mainClientId(flavour), sub: user.sub }).lean();
  const url = page
    .frames()
    .find((f) => f.url().includes('/app/activities/'))!
    .url();
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(url)![1]!;
  return { s, info, user, link, frame, activityId, personId: String(person!._id) };
}

/** Fills in the right answer the way a student would, without submitting. */
async function fillCorrectly(frame: FrameLocator, activityId: string, personId: string) {
  const form = correctForm(await currentInstance(activityId, personId));
  for (const [name, value] of Object.entries(form)) {
    const field = frame.locator(`[name="${name}"]`);
    const kind = await field.first().evaluate((el) => `${el.tagName}:${(el as unknown as { type: string }).type}`);
    for (const [i, v] of (Array.isArray(value) ? value : [value]).entries()) {
      if (kind === 'SELECT:select-one') await field.nth(Array.isArray(value) ? i : 0).selectOption(v);
      else if (kind === 'INPUT:radio' || kind === 'INPUT:checkbox') await frame.locator(`[name="${name}"][value="${v}"]`).check();
      else await field.fill(v);
    }
  }
}

const progressOf = (activityId: string, personId: string) =>
  Progress.findOne({ activityId: new Types.ObjectId(activityId), personId: new Types.ObjectId(personId) }).lean();

describe('student page in a real browser', function () {
  this.timeout(240_000);
  const browser = useBrowser();

  // On a 2G-like link (250 kbps down, 50 kbps up, 300 ms latency), the practice page loads and an
  // answer comes back within a budget, then an answer given offline is kept and sent on reconnecting.
  // Budgets: the first load may weigh 60 KB (issue 16's limit for every student page); 60 KB at
  // 31 KB/s is 2 s, plus ~3 round trips of 300 ms (page, then stylesheet and scripts in parallel,
  // then the frame script) is under 3 s; 8 s leaves room for a test machine shared with other
  // suites. An answer is ~1 KB up (0.2 s at 6 KB/s) and a compressed page down (< 25 KB, < 1 s)
  // plus two round trips: under 2 s ideally, 6 s allowed. Numbers measured are printed.
  it('works on a 2G link: loads and answers within budget, and an answer given offline is sent on reconnecting, once', async () => {
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      const q = await openQuestion(page, 'canvas', 0, ['fraction-meaning']);
      const tool = page.frames().find((f) => f.url().includes('/app/activities/'))!;
      // The tool runs in a cross-site frame (its own target when Chromium isolates sites).
      const cdp = await context.newCDPSession(tool).catch(() => context.newCDPSession(page));
      let bytes = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
        bytes += e.encodedDataLength;
      });
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true }); // a first load: nothing cached
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 300,
        downloadThroughput: (250 * 1024) / 8,
        uploadThroughput: (50 * 1024) / 8,
      });
      const loadStart = Date.now();
      await tool.goto(tool.url(), { waitUntil: 'load', ...T }); // the same page again, now over 2G
      const loadMs = Date.now() - loadStart;
      await q.frame.locator('[data-testid="question"]').waitFor(T);
      const loadBytes = bytes;
      await fillCorrectly(q.frame, q.activityId, q.personId);
      const first = await q.frame.locator('[data-testid="question"]').getAttribute('data-attempt');
      const answerStart = Date.now();
      await q.frame.locator('[data-testid="submit"]').click();
      await q.frame.locator('[data-testid="feedback"][data-outcome="correct"]').waitFor(T);
      await q.frame.locator(`[data-testid="question"][data-attempt="${first}"]`).waitFor({ state: 'detached', ...T });
      const answerMs = Date.now() - answerStart;
      process.stdout.write(`      2G: first load ${loadBytes} bytes in ${loadMs} ms; answer round trip ${answerMs} ms\n`);
      assert.ok(loadBytes > 0 && loadBytes <= 60 * 1024, `first load ${loadBytes} bytes on the wire`);
      assert.ok(loadMs < 8000, `page load took ${loadMs} ms on 2G`);
      assert.ok(answerMs < 6000, `answer round trip took ${answerMs} ms on 2G`);
      assert.equal((await progressOf(q.activityId, q.personId))?.answered, 1);

      // The connection drops: the next answer is kept in the browser, then sent once when it returns.
      await q.frame.locator('[data-testid="question"]').waitFor(T);
      const attempt = await q.frame.locator('[data-testid="question"]').getAttribute('data-attempt');
      await fillCorrectly(q.frame, q.activityId, q.personId);
      await context.setOffline(true);
      await q.frame.locator('[data-testid="submit"]').click();
      await q.frame.locator('[data-testid="offline"]', { hasText: 'Saved' }).waitFor(T);
      assert.equal((await progressOf(q.activityId, q.personId))?.answered, 1, 'nothing more reached the server');
      await context.setOffline(false);
      await q.frame.locator('[data-testid="feedback"][data-outcome="correct"]').waitFor(T);
      await q.frame.locator(`[data-testid="question"][data-attempt="${attempt}"]`).waitFor({ state: 'detached', ...T });
      const p = await progressOf(q.activityId, q.personId);
      assert.equal(p?.answered, 2, 'the saved answer counted once');
      assert.equal(p?.correct, 2);
    } finally {
      await context.close();
    }
  });

  it('resends an answer whose reply was lost after the frame reloads, and the server counts it once', async () => {
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      const q = await openQuestion(page, 'moodle', 0, ['fraction-meaning']);
      await fillCorrectly(q.frame, q.activityId, q.personId);
      // A failing connection: the answer reaches the server but the reply never comes back.
      let reached = 0;
      await context.route('**/answer', async (route) => {
        await route.fetch();
        reached++;
        await route.abort('connectionreset');
      });
      await q.frame.locator('[data-testid="submit"]').click();
      await q.frame.locator('[data-testid="offline"]', { hasText: 'Saved' }).waitFor(T);
      assert.equal(reached, 1);
      assert.equal((await progressOf(q.activityId, q.personId))?.answered, 1, 'the server has it');
      await context.unroute('**/answer');
      // The student reloads the tool: the saved answer is sent again as the page loads.
      await page.locator(`button[data-user="${q.user.id}"][data-link="${q.link.id}"]`).click();
      await q.frame.locator('[data-testid="offline"]', { hasText: 'sent' }).waitFor(T);
      const p = await progressOf(q.activityId, q.personId);
      assert.equal(p?.answered, 1, 'counted once');
      assert.equal(p?.correct, 1);
    } finally {
      await context.close();
    }
  });

  it('places a point on a number line with the keyboard alone, and a hint keeps it', async () => {
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      const q = await openQuestion(page, 'canvas', 1, ['number-line']);
      // The test owns this question: put the number-line item on screen for this attempt.
      await Progress.updateOne(
        { activityId: new Types.ObjectId(q.activityId), personId: new Types.ObjectId(q.personId) },
        { $set: { 'current.itemId': 'visual-place-point', 'current.seed': 7, 'current.kind': 'item', 'current.hintsShown': 0 } },
      );
      await page.reload();
      await page.locator(`button[data-user="${q.user.id}"][data-link="${q.link.id}"]`).click();
      await q.frame.locator('[data-testid="numberline"]').waitFor(T);
      const inst = await currentInstance(q.activityId, q.personId);
      if (inst.question.type !== 'numberline') throw new Error('expected the number-line item');
      const [num] = inst.question.answer.split('/').map(Number) as [number, number];
      const first = q.frame.locator('[data-testid="numberline"] input[type="radio"]').first();
      await first.focus();
      await page.keyboard.press('Space');
      for (let i = 0; i < num; i++) await page.keyboard.press('ArrowRight');
      assert.equal(await q.frame.locator('[data-testid="numberline"] input:checked').getAttribute('value'), inst.question.answer);
      // Asking for a hint keeps the point where the student put it.
      await q.frame.locator('[data-testid="hint"]').click();
      await q.frame.locator('[data-testid="hints"] li').first().waitFor(T);
      const kept = q.frame.locator('[data-testid="numberline"] input:checked');
      assert.equal(await kept.getAttribute('value'), inst.question.answer, 'the hint kept the placed point');
      await kept.focus();
      await page.keyboard.press('Tab');
      assert.equal(await q.frame.locator(':focus').getAttribute('data-testid'), 'submit');
      await page.keyboard.press('Enter');
      await q.frame.locator('[data-testid="feedback"][data-outcome="correct"]').waitFor(T);
    } finally {
      await context.close();
    }
  });

  it('grows and shrinks the LMS frame, and at 375 px nothing scrolls sideways', async () => {
    const context = await browser().newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      const q = await openQuestion(page, 'canvas', 2, ['fraction-meaning', 'number-line']);
      const iframe = page.locator('iframe[name="tool"]');
      const height = async () => (await iframe.boundingBox())?.height ?? 0;
      const tool = page.frames().find((f) => f.url().includes('/app/activities/'))!;
      await page.waitForFunction(`document.querySelector('iframe[name="tool"]').style.height !== ''`, undefined, T);
      const before = await height();
      await q.frame.locator('[data-testid="skill-map"] details summary').click();
      await page.waitForFunction(
        `document.querySelector('iframe[name="tool"]').getBoundingClientRect().height > ${before + 50}`,
        undefined,
        T,
      );
      await q.frame.locator('[data-testid="skill-map"] details summary').click();
      await page.waitForFunction(
        `document.querySelector('iframe[name="tool"]').getBoundingClientRect().height <= ${before + 2}`,
        undefined,
        T,
      );
      const overflow = Number(await tool.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      assert.ok(overflow <= 0, `the tool page scrolls sideways by ${overflow}px`);
      const pageOverflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      assert.ok(pageOverflow <= 0, `the course page scrolls sideways by ${pageOverflow}px`);
      assert.ok((await height()) > 0);
    } finally {
      await context.close();
    }
  });
});
