/**
 * Opt-in end-to-end run against a real Moodle (not part of `npm test`: CI has no Moodle), driven
 * by headless Chromium: Dynamic Registration from Moodle's admin page, activation, two External
 * tool activities (one with a grade column, one without, so the launch has no `lineitem`), a
 * student's launch and first answer, the grades in Moodle's gradebook, and the teacher view with
 * the students who never opened Pathwise (NRPS).
 *
 * Pathwise must already run with a PUBLIC_URL Moodle can reach (e.g. SANDBOX=false PORT=8000
 * PUBLIC_URL=http://localhost:8000 npm start), and Moodle's cURL security must allow that host
 * and port. Everything else comes from the environment:
 *   MOODLE_URL (required), TOOL_URL (default http://localhost:8000), COURSE_ID (required),
 *   MOODLE_ADMIN / MOODLE_ADMIN_PASSWORD, MOODLE_TEACHER / MOODLE_STUDENT / MOODLE_USER_PASSWORD,
 *   MOODLE_OTHER_STUDENTS (comma-separated full names expected as "not yet started"),
 *   REGISTRATION_URL (default TOOL_URL/lti/register; add an invite token here when required),
 *   CHROMIUM (default /usr/bin/chromium).
 * Prints one line per step (PASS/FAIL) and exits 1 if any step failed.
 */
import { chromium, type Page } from 'playwright-core';

const env = (k: string, d?: string): string => {
  const v = process.env[k] ?? d;
  if (v === undefined) {
    process.stderr.write(`${k} is required (see the comment at the top of scripts/e2e/moodle.ts)\n`);
    process.exit(2);
  }
  return v;
};
const M = env('MOODLE_URL').replace(/\/+$/, '');
const TOOL = env('TOOL_URL', 'http://localhost:8000').replace(/\/+$/, '');
const COURSE = env('COURSE_ID');
const REG_URL = env('REGISTRATION_URL', `${TOOL}/lti/register`);
const run = `${Date.now()}`.slice(-6);
let failed = 0;

function step(name: string, ok: boolean, detail = ''): void {
  if (!ok) failed++;
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}\n`);
}

async function login(page: Page, user: string, password: string): Promise<void> {
  await page.context().clearCookies();
  // A navigation still under way (a form's redirect) can abort this one: try once more.
  await page.goto(`${M}/login/index.php`).catch(() => page.goto(`${M}/login/index.php`));
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#loginbtn');
  await page.waitForLoadState('domcontentloaded');
}

/** Registers Pathwise through Moodle's Dynamic Registration and activates the new tool. */
async function register(page: Page): Promise<void> {
  await login(page, env('MOODLE_ADMIN', 'admin'), env('MOODLE_ADMIN_PASSWORD'));
  await page.goto(`${M}/mod/lti/toolconfigure.php`);
  await page.waitForSelector('h4.name', { timeout: 10_000 }).catch(() => undefined);
  if (process.env.REUSE_TOOL === '1' && (await page.locator('h4.name', { hasText: 'Pathwise' }).count()) > 0) {
    step('Pathwise already registered in this Moodle (REUSE_TOOL=1)', true);
    return;
  }
  const before = await page.locator('a.activate').count();
  await page.fill('#tool-url', REG_URL);
  await page.click('#tool-create-button');
  await page.waitForTimeout(8000); // Moodle's registration frame calls Pathwise, which calls Moodle back
  await page.goto(`${M}/mod/lti/toolconfigure.php`);
  await page.waitForSelector('h4.name');
  const pending = page.locator('a.activate');
  step('Dynamic Registration creates a pending tool in Moodle', (await pending.count()) > before || (await pending.count()) > 0);
  await pending.last().click();
  await page.waitForTimeout(2000);
}

/** Adds an External tool activity with the Pathwise tool type; returns its course module id. */
async function addActivity(page: Page, name: string, graded: boolean): Promise<string> {
  await page.goto(`${M}/course/modedit.php?add=lti&course=${COURSE}&section=0&return=0`);
  await page.fill('#id_name', name);
  const options = await page
    .locator('#id_typeid option')
    .evaluateAll((els) => els.map((e) => ({ v: (e as unknown as { value: string }).value, t: e.textContent ?? '' })));
  const pathwise = options.filter((o) => /pathwise/i.test(o.t)).at(-1);
  if (!pathwise) throw new Error(`the Pathwise tool is not offered to teachers (tool types: ${options.map((o) => o.t).join(', ')})`);
  await page.selectOption('#id_typeid', pathwise.v);
  // Fields in collapsed sections: set them as the form would (new window: top-level, cookies work).
  for (const [sel, value] of [
    ['#id_launchcontainer', '4'],
    ['#id_grade_modgrade_type', graded ? 'point' : 'none'],
  ] as const) {
    await page.locator(sel).evaluate((el, v) => {
      const input = el as unknown as { value: string; dispatchEvent(e: unknown): boolean };
      input.value = v;
      input.dispatchEvent(
        new (globalThis as unknown as { Event: new (t: string, o: object) => unknown }).Event('change', { bubbles: true }),
      );
    }, value);
  }
  const chosen = await page.locator('#id_grade_modgrade_type').inputValue();
  if (chosen !== (graded ? 'point' : 'none')) throw new Error(`grade type is ${chosen}`);
  await page.click('#id_submitbutton2');
  await page.waitForLoadState('domcontentloaded');
  const link = await page.locator(`a:has-text("${name}")`).first().getAttribute('href');
  const id = /[?&]id=(\d+)/.exec(link ?? '')?.[1];
  if (!id) throw new Error(`activity ${name} was not created`);
  return id;
}

/** Launches an activity (Moodle's launch.php auto-posts to Pathwise) and returns the tool page. */
async function launch(page: Page, cmid: string): Promise<Page> {
  await page.goto(`${M}/mod/lti/launch.php?id=${cmid}`);
  await page.waitForURL((u) => u.toString().startsWith(TOOL) && !u.pathname.startsWith('/lti/'), { timeout: 30_000 });
  return page;
}

async function answerOnce(page: Page): Promise<boolean> {
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

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: env('CHROMIUM', '/usr/bin/chromium'), args: ['--no-sandbox'] });
  const page = await browser.newPage();
  try {
    await register(page);
    const pw = env('MOODLE_USER_PASSWORD');
    await login(page, env('MOODLE_TEACHER', 'teacher1'), pw);
    const graded = await addActivity(page, `Pathwise graded ${run}`, true);
    const ungraded = await addActivity(page, `Pathwise no column ${run}`, false);
    step('teacher adds two activities (with and without a grade column)', true, `cmid ${graded}, ${ungraded}`);

    await login(page, env('MOODLE_STUDENT', 'student1'), pw);
    for (const cmid of [graded, ungraded]) {
      await launch(page, cmid);
      step(
        `student launch (cmid ${cmid}) reaches the practice page`,
        (await page.locator('[data-testid="submit"]').count()) > 0,
        page.url().split('?')[0],
      );
      step(`student answers (cmid ${cmid})`, await answerOnce(page));
    }
    await page.waitForTimeout(6000); // the grade sender runs every 2 s

    await login(page, env('MOODLE_TEACHER', 'teacher1'), pw);
    await page.goto(`${M}/grade/report/grader/index.php?id=${COURSE}`);
    const grader = await page.content();
    for (const name of [`Pathwise graded ${run}`, `Pathwise no column ${run}`]) {
      step(`Moodle gradebook has a column for "${name}"`, grader.includes(name));
    }
    await launch(page, ungraded);
    const teacher = await page.content();
    const others = env('MOODLE_OTHER_STUDENTS', '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const n of others)
      step(`teacher view lists ${n}, who never opened Pathwise`, teacher.includes(n) && /Has not opened Pathwise yet/.test(teacher));
    step('teacher view has no "grades cannot flow" notice', !teacher.includes('data-testid="grades-notice"'));
  } catch (err) {
    step('run', false, (err as Error).message);
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

void main();
