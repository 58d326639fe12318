/**
 * The admin's and the teacher's set-up in Moodle: Dynamic Registration of Pathwise from *Manage
 * tools* (then activation), and External tool activities added through the activity form.
 */
import type { Page } from 'playwright-core';
import { COURSE, M, SLOW, TOOL, env, login, sleep, step } from './support.ts';

const REG_URL = env('REGISTRATION_URL', `${TOOL}/lti/register`);

/** Registers Pathwise through Moodle's Dynamic Registration and activates the new tool. */
export async function register(page: Page): Promise<void> {
  await login(page, env('MOODLE_ADMIN', 'admin'), env('MOODLE_ADMIN_PASSWORD'));
  await page.goto(`${M}/mod/lti/toolconfigure.php`, { waitUntil: 'networkidle', timeout: SLOW });
  await page.waitForSelector('h4.name', { timeout: SLOW }).catch(() => undefined);
  if (process.env.REUSE_TOOL === '1' && (await page.locator('h4.name', { hasText: 'Pathwise' }).count()) > 0) {
    step('Pathwise already registered in this Moodle (REUSE_TOOL=1)', true);
    return;
  }
  const before = await page.locator('a.activate').count();
  await page.fill('#tool-url', REG_URL);
  await page.click('#tool-create-button');
  // Moodle opens its registration page in a frame. When a tool on Pathwise's address exists already,
  // Moodle 4.1 asks whether to update it (same client ID: Pathwise refuses to replace a registered
  // platform) or register a new tool: choose a new tool. Then Pathwise's page calls Moodle back.
  let status = 0;
  page.on('response', (r) => {
    if (r.url().startsWith(REG_URL)) status = r.status();
  });
  let asked = false;
  for (const until = Date.now() + SLOW; !status && Date.now() < until; await sleep(500)) {
    const start = page.frames().find((f) => f.url().includes('startltiadvregistration.php'));
    const fresh = start?.locator('button, input[type="submit"], a', { hasText: 'Register as a new external tool' }).first();
    if (!asked && fresh && (await fresh.count()) > 0) {
      await fresh.click();
      asked = true;
    }
  }
  step('Pathwise accepts the registration from Moodle', status === 200, `HTTP ${status || 'none'}${asked ? ', as a new tool' : ''}`);
  if (status !== 200) throw new Error('registration refused: see Pathwise’s log');
  await sleep(5000); // Pathwise's page closes Moodle's dialog
  let pending = 0;
  for (let i = 0; i < 12 && pending <= before; i++) {
    await page.goto(`${M}/mod/lti/toolconfigure.php`, { timeout: SLOW });
    await page.waitForSelector('h4.name', { timeout: SLOW }).catch(() => undefined);
    pending = await page.locator('a.activate').count();
    if (pending <= before) await sleep(5000);
  }
  step('Dynamic Registration creates a pending tool in Moodle', pending > before, `${pending} pending`);
  await page.locator('a.activate').last().click();
  await sleep(3000);
}

export interface ActivityOptions {
  /** "Accept grades from the tool" in the activity form: unticked, Moodle creates no grade item. */
  acceptGrades: boolean;
}

/** Adds an External tool activity with the Pathwise tool type; returns its course module id. */
export async function addActivity(page: Page, name: string, opts: ActivityOptions): Promise<string> {
  await page.goto(`${M}/course/modedit.php?add=lti&course=${COURSE}&section=0&return=0`, { timeout: SLOW });
  await page.fill('#id_name', name);
  await choosePathwise(page);
  // Fields in collapsed sections: set them as the form would (new window: top-level, cookies work).
  await setField(page, '#id_launchcontainer', '4');
  if (opts.acceptGrades) await setField(page, '#id_grade_modgrade_type', 'point');
  else await page.locator('#id_instructorchoiceacceptgrades').evaluate((el) => ((el as unknown as { checked: boolean }).checked = false));
  return save(page, name);
}

/** Picks the newest Pathwise tool type in the activity form. */
export async function choosePathwise(page: Page): Promise<void> {
  const options = await page
    .locator('#id_typeid option')
    .evaluateAll((els) => els.map((e) => ({ v: (e as unknown as { value: string }).value, t: e.textContent ?? '' })));
  const pathwise = options.filter((o) => /pathwise/i.test(o.t)).at(-1);
  if (!pathwise) throw new Error(`the Pathwise tool is not offered to teachers (tool types: ${options.map((o) => o.t).join(', ')})`);
  await page.selectOption('#id_typeid', pathwise.v);
}

export async function setField(page: Page, sel: string, value: string): Promise<void> {
  await page.locator(sel).evaluate((el, v) => {
    const input = el as unknown as { value: string; dispatchEvent(e: unknown): boolean };
    input.value = v;
    const Ev = (globalThis as unknown as { Event: new (t: string, o: object) => unknown }).Event;
    input.dispatchEvent(new Ev('change', { bubbles: true }));
  }, value);
  const now = await page.locator(sel).inputValue();
  if (now !== value) throw new Error(`${sel} is ${now}, not ${value}`);
}

/** Saves the activity form and returns the new course module's id. */
export async function save(page: Page, name: string): Promise<string> {
  await page.click('#id_submitbutton2');
  await page.waitForLoadState('domcontentloaded', { timeout: SLOW });
  const link = await page.locator(`a:has-text("${name}")`).first().getAttribute('href', { timeout: SLOW });
  const id = /[?&]id=(\d+)/.exec(link ?? '')?.[1];
  if (!id) throw new Error(`activity ${name} was not created`);
  return id;
}
