/** Debian's Chromium driven by playwright-core (no browser download), with the flags this network needs. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * How long a test waits for something to appear on a page: a wait for an outcome, not a speed
 * limit (tests that assert speed say so with their own numbers). A launch is several redirects
 * and pages; on a busy 2-core machine that took more than 20 s.
 */
export const ON_SCREEN = { timeout: 60_000 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** One Chromium for the enclosing describe block (started before its tests, closed after them). */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not started yet (useBrowser() starts it before the tests of its describe block)');
    return browser;
  };
}

/** A new browser context on a sandbox course page, after pressing "Launch as <name>": the tool's iframe. */
export async function launchFromCourse(
  browser: Browser,
  o: { sandboxUrl: string; courseId: string; userName: string },
): Promise<{ context: BrowserContext; page: Page; frame: FrameLocator }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${o.sandboxUrl}/courses/${o.courseId}`);
  await page
    .getByRole('button', { name: `Launch as ${o.userName}` })
    .first()
    .click();
  return { context, page, frame: page.frameLocator('iframe[name="tool"]') };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on a page or frame, as "rule: selectors" lines (the page must allow the injected script: `bypassCSP`). */
export async function axeViolations(target: Page | Frame): Promise<string[]> {
  await target.addScriptTag({ content: axeSource });
  return (await target.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  )) as string[];
}
