/**
 * An activity only some students can see, as a Moodle teacher makes one: a course group with
 * chosen members, and an External tool activity whose *Restrict access* requires that group.
 * Moodle's NRPS with `rlid` (the activity's resource link) lists only the students the restriction
 * lets in, so Pathwise's teacher view of that activity lists only them.
 */
import type { Page } from 'playwright-core';
import { COURSE, M, SLOW } from './support.ts';
import { choosePathwise, save, setField } from './activities.ts';

/** Creates a group in the course with the students whose full names are given; returns its id. */
export async function createGroup(page: Page, name: string, members: string[]): Promise<string> {
  await page.goto(`${M}/group/group.php?courseid=${COURSE}`, { timeout: SLOW });
  await page.fill('#id_name', name);
  await page.click('#id_submitbutton');
  await page.waitForLoadState('domcontentloaded', { timeout: SLOW });
  // Moodle shows the groups page with the new group selected.
  const id =
    new URL(page.url()).searchParams.get('group') ??
    (await page.locator('#groups option', { hasText: name }).first().getAttribute('value'));
  if (!id) throw new Error(`group ${name} was not created (${page.url()})`);
  await page.goto(`${M}/group/members.php?group=${id}`, { timeout: SLOW });
  for (const who of members) {
    const value = (await optionsOf(page, '#addselect')).find((o) => named(o.text, who))?.value;
    if (!value) throw new Error(`${who} is not offered as a member of the group`);
    await page.selectOption('#addselect', value);
    await page.click('#add');
    await page.waitForLoadState('domcontentloaded', { timeout: SLOW });
  }
  const inGroup = await optionsOf(page, '#removeselect');
  for (const who of members) if (!inGroup.some((o) => named(o.text, who))) throw new Error(`${who} did not join the group`);
  return id;
}

/** Moodle's member lists say "Student, Sam (email)" for Sam Student. */
function named(text: string, fullName: string): boolean {
  const [first, ...rest] = fullName.split(' ');
  return text.includes(fullName) || text.includes(`${rest.join(' ')}, ${first}`);
}

async function optionsOf(page: Page, select: string): Promise<Array<{ value: string; text: string }>> {
  return page
    .locator(`${select} option`)
    .evaluateAll((els) => els.map((e) => ({ value: (e as unknown as { value: string }).value, text: e.textContent ?? '' })));
}

/** Adds a graded External tool activity (new window) that only members of `groupId` can see. */
export async function addRestrictedActivity(page: Page, name: string, groupId: string): Promise<string> {
  await page.goto(`${M}/course/modedit.php?add=lti&course=${COURSE}&section=0&return=0`, { timeout: SLOW });
  await page.fill('#id_name', name);
  await choosePathwise(page);
  await setField(page, '#id_launchcontainer', '4');
  await setField(page, '#id_grade_modgrade_type', 'point');
  // What the *Restrict access* section writes when the teacher adds "Group: <group>" (set last:
  // Moodle's form script rewrites the field on each change it sees).
  const rule = JSON.stringify({ op: '&', c: [{ type: 'group', id: Number(groupId) }], showc: [false] });
  await page.locator('#id_availabilityconditionsjson').evaluate((el, v) => ((el as unknown as { value: string }).value = v), rule);
  return save(page, name);
}
