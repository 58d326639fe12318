/**
 * Deep Linking from Moodle's activity form: the teacher presses *Select content*, Moodle opens
 * Pathwise's picker in its dialog, the teacher adds the activity, Pathwise answers with a signed
 * LtiDeepLinkingResponse, Moodle fills the form from it, and the teacher saves.
 */
import type { Frame, Page } from 'playwright-core';
import { choosePathwise, save, setField } from './activities.ts';
import { COURSE, M, SLOW, TOOL, sleep, step } from './support.ts';

async function pickerFrame(page: Page): Promise<Frame> {
  const until = Date.now() + SLOW;
  while (Date.now() < until) {
    for (const f of page.frames()) {
      if (f.url().startsWith(TOOL) && (await f.locator('[data-testid="deeplink-form"]').count()) > 0) return f;
    }
    await sleep(500);
  }
  const seen = page.frames().map((f) => f.url().split('?')[0]);
  throw new Error(`Pathwise's picker did not open in Moodle's dialog (frames: ${seen.join(', ')})`);
}

/** Adds an activity through *Select content*; returns its course module id. */
export async function addByDeepLinking(page: Page, title: string): Promise<string> {
  await page.goto(`${M}/course/modedit.php?add=lti&course=${COURSE}&section=0&return=0`, { timeout: SLOW });
  await choosePathwise(page);
  await page.click('#id_selectcontent');
  const picker = await pickerFrame(page);
  step('Select content opens Pathwise’s picker in Moodle’s dialog', true, picker.url().split('?')[0]);
  await picker.fill('input[name="title"]', title);
  await picker.click('[data-testid="deeplink-form"] button[type="submit"]');
  // Moodle's return page fills the form (name, tool URL, custom parameters, grade) and closes the dialog.
  for (const until = Date.now() + SLOW; (await page.locator('#id_name').inputValue()) !== title; await sleep(500))
    if (Date.now() > until) throw new Error('Moodle did not fill the activity form from Pathwise’s answer');
  const grade = await page.locator('#id_grade_modgrade_type').inputValue();
  const accepts = await page.locator('#id_instructorchoiceacceptgrades').isChecked();
  step('Moodle fills the activity form from Pathwise’s answer', true, `name "${title}", grade type ${grade}, accept grades ${accepts}`);
  await setField(page, '#id_launchcontainer', '4');
  return save(page, title);
}
