/**
 * What every part of the real-Moodle run shares: the settings from the environment, the PASS/FAIL
 * lines, and the browser steps a person takes in Moodle (log in, launch an activity, answer once).
 */
import type { Page } from 'playwright-core';

export function env(k: string, d?: string): string {
  const v = process.env[k] ?? d;
  if (v === undefined) {
    process.stderr.write(`${k} is required (see the comment at the top of scripts/e2e/moodle.ts)\n`);
    process.exit(2);
  }
  return v;
}

export const M = env('MOODLE_URL').replace(/\/+$/, '');
export const TOOL = env('TOOL_URL', 'http://localhost:8000').replace(/\/+$/, '');
export const COURSE = env('COURSE_ID');
/** A loaded Moodle can take long for one page; every wait uses this (ms). */
export const SLOW = Number(process.env.MOODLE_WAIT_MS ?? 60_000);

let failures = 0;
export const failed = (): number => failures;

export function step(name: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}\n`);
}

/** Runs one part; a thrown error is that part's FAIL line, and the run goes on. */
export async function part(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    step(name, false, (err as Error).message.split('\n')[0]);
  }
}

export async function login(page: Page, user: string, password: string): Promise<void> {
  await page.context().clearCookies();
  // A navigation still under way (a form's redirect) can abort this one: try once more.
  await page.goto(`${M}/login/index.php`).catch(() => page.goto(`${M}/login/index.php`));
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#loginbtn');
  await page.waitForLoadState('domcontentloaded');
}

/** Launches an activity (Moodle's launch.php auto-posts to Pathwise) and waits for the tool page. */
export async function launch(page: Page, cmid: string): Promise<Page> {
  await page.goto(`${M}/mod/lti/launch.php?id=${cmid}`);
  await page.waitForURL((u) => u.toString().startsWith(TOOL) && !u.pathname.startsWith('/lti/'), { timeout: SLOW });
  return page;
}

/** Answers the first question on the practice page; true when no error page followed. */
export async function answerOnce(page: Page): Promise<boolean> {
  const text = page.locator('[data-testid="answer-input"]');
  if (await text.count()) await text.fill('1/2');
  else {
    const choice = page.locator('input[name="response"]').first();
    if (await choice.count()) await choice.check();
    else await page.locator('select[name="response"]').first().selectOption({ index: 1 });
  }
  await page.click('[data-testid="submit"]');
  await page.waitForLoadState('domcontentloaded');
  return !/error/i.test(await page.title());
}

/** The logged-in user's full name, from their Moodle profile page. */
export async function fullName(page: Page): Promise<string> {
  await page.goto(`${M}/user/profile.php`);
  return ((await page.locator('.page-header-headings h1, h1').first().textContent()) ?? '').trim();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
