/**
 * Grades on both sides: what Moodle's gradebook shows (the student's own grade report), a grade
 * the teacher changes in Moodle's grader report, and Pathwise's gradebook check, which reads the
 * LMS's results through AGS and compares them with Pathwise's scores.
 */
import type { Page } from 'playwright-core';
import { COURSE, M, SLOW, launch, sleep } from './support.ts';

/** The grade Moodle shows the logged-in student for a grade item ('' when there is no such row). */
export async function studentSees(page: Page, item: string): Promise<string> {
  await page.goto(`${M}/grade/report/user/index.php?id=${COURSE}`, { timeout: SLOW });
  const row = page.locator('tr', { has: page.locator('th', { hasText: item }) }).first();
  if ((await row.count()) === 0) return '';
  return ((await row.locator('td.column-grade').first().textContent()) ?? '').trim();
}

/** Waits (the grade sender retries on its own) until the student's grade for the item shows. */
export async function waitForGrade(page: Page, item: string): Promise<string> {
  const until = Date.now() + 2 * SLOW;
  let seen = '';
  while (Date.now() < until) {
    seen = await studentSees(page, item);
    if (seen && seen !== '-') return seen;
    await sleep(5000);
  }
  return seen;
}

/**
 * As the teacher: types a new grade (half the item's maximum) for the student into Moodle's grader
 * report and saves it; returns the grade typed.
 */
export async function overrideInMoodle(page: Page, student: string, item: string): Promise<string> {
  await page.goto(`${M}/grade/report/grader/index.php?id=${COURSE}`, { timeout: SLOW });
  // Boost's "Edit mode" switch turns the grader report into a form.
  const mode = page.locator('form.editmode-switch-form input[name="setmode"]');
  if (!(await mode.isChecked())) {
    await Promise.all([page.waitForURL(/grader\/index\.php/, { waitUntil: 'domcontentloaded', timeout: SLOW }), mode.check()]);
    await page.waitForSelector('#gradersubmit', { timeout: SLOW });
  }
  // The label reads "<full name> <item> grade", the name in the site's order ("Student, Sam").
  const labels = await page
    .locator('label.accesshide')
    .evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', for: e.getAttribute('for') ?? '' })));
  const words = student.split(/\s+/);
  const id = labels.find((l) => l.text.includes(`${item} grade`) && words.every((w) => l.text.includes(w)))?.for;
  if (!id) throw new Error(`no grade field for ${student} in "${item}" in Moodle's grader report`);
  const max = Number((await page.locator(`#${id}`).getAttribute('max')) ?? '100');
  const value = String(max / 2);
  await page.fill(`#${id}`, value);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/grade/report/grader/'), { timeout: SLOW }),
    page.click('#gradersubmit'),
  ]);
  await page.waitForLoadState('domcontentloaded', { timeout: SLOW });
  return value;
}

export interface CheckRow {
  state: string;
  pathwise: string;
  lms: string;
}

/** As the teacher: opens the activity in Pathwise, then its gradebook check; the student's row. */
export async function gradebookCheck(page: Page, cmid: string, student: string): Promise<{ row?: CheckRow; problem?: string }> {
  await launch(page, cmid);
  await page.click('[data-testid="gradebook-link"]', { timeout: SLOW });
  await page.waitForSelector('[data-testid="summary"], [data-testid="problem"]', { timeout: SLOW });
  const problem = page.locator('[data-testid="problem"]');
  if (await problem.count()) return { problem: ((await problem.textContent()) ?? '').trim().replace(/\s+/g, ' ') };
  const row = page.locator('tr[data-testid="row"]', { has: page.locator('th', { hasText: student }) }).first();
  if ((await row.count()) === 0) return {};
  const cells = await row.locator('td').allTextContents();
  return { row: { state: (await row.getAttribute('data-state')) ?? '', pathwise: cells[0]?.trim() ?? '', lms: cells[1]?.trim() ?? '' } };
}
