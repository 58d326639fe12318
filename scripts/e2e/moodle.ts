/**
 * Opt-in end-to-end run against a real Moodle (not part of `npm test`: CI has no Moodle), driven
 * by headless Chromium:
 *  - Dynamic Registration from Moodle's admin page, activation;
 *  - three External tool activities: one with a grade column (the launch carries `lineitem`), one
 *    with "Accept grades from the tool" unticked (no grade item: the launch carries only
 *    `lineitems`, and Pathwise finds or creates its column), one added through *Select content*
 *    (Deep Linking);
 *  - a student's launch and first answer in each, and the grades in Moodle's gradebook;
 *  - the teacher view with the students who never opened Pathwise (NRPS);
 *  - an activity restricted to a group (student and the first of MOODLE_OTHER_STUDENTS): its
 *    teacher view lists only those who can see it (NRPS `rlid`), not the second other student;
 *  - the teacher's gradebook check (AGS results): a match, then a mismatch after the teacher
 *    changes the grade in Moodle's grader report.
 *
 * Pathwise must already run with a PUBLIC_URL Moodle can reach (e.g. SANDBOX=false PORT=8000
 * PUBLIC_URL=http://localhost:8000 npm start), and Moodle's cURL security must allow that host
 * and port. Everything else comes from the environment:
 *   MOODLE_URL (required), TOOL_URL (default http://localhost:8000), COURSE_ID (required),
 *   MOODLE_ADMIN / MOODLE_ADMIN_PASSWORD, MOODLE_TEACHER / MOODLE_STUDENT / MOODLE_USER_PASSWORD,
 *   MOODLE_OTHER_STUDENTS (comma-separated full names expected as "not yet started"),
 *   REGISTRATION_URL (default TOOL_URL/lti/register; add an invite token here when required),
 *   REUSE_TOOL=1 (skip the registration when Pathwise is already registered),
 *   MOODLE_WAIT_MS (longest wait for one Moodle page, default 60000), CHROMIUM (default
 *   /usr/bin/chromium).
 * Prints one line per step (PASS/FAIL) and exits 1 if any step failed.
 */
import { chromium, type Page } from 'playwright-core';
import { addActivity, register } from './moodle/activities.ts';
import { addByDeepLinking } from './moodle/deepLinking.ts';
import { gradebookCheck, overrideInMoodle, waitForGrade } from './moodle/gradebook.ts';
import { addRestrictedActivity, createGroup } from './moodle/groups.ts';
import { answerOnce, env, failed, fullName, launch, login, part, sleep, step } from './moodle/support.ts';

const run = `${Date.now()}`.slice(-6);
const names = {
  graded: `Pathwise graded ${run}`,
  lineitems: `Pathwise lineitems only ${run}`,
  linked: `Pathwise linked ${run}`,
};
const restricted = `Pathwise group only ${run}`;
const pw = () => env('MOODLE_USER_PASSWORD');
const asTeacher = (page: Page) => login(page, env('MOODLE_TEACHER', 'teacher1'), pw());
const asStudent = (page: Page) => login(page, env('MOODLE_STUDENT', 'student1'), pw());

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: env('CHROMIUM', '/usr/bin/chromium'), args: ['--no-sandbox'] });
  const page = await browser.newPage();
  page.setDefaultTimeout(Number(process.env.MOODLE_WAIT_MS ?? 60_000));
  const cmids: Partial<Record<keyof typeof names, string>> = {};
  let student = '';
  try {
    await register(page);
    await asTeacher(page);
    await part('teacher adds the activities', async () => {
      cmids.graded = await addActivity(page, names.graded, { acceptGrades: true });
      cmids.lineitems = await addActivity(page, names.lineitems, { acceptGrades: false });
      step('teacher adds two activities (a grade column; "Accept grades" unticked)', true, `cmid ${cmids.graded}, ${cmids.lineitems}`);
    });
    await part('Deep Linking (Select content)', async () => {
      cmids.linked = await addByDeepLinking(page, names.linked);
      step('teacher saves the activity chosen through Select content', true, `cmid ${cmids.linked}`);
    });

    await asStudent(page);
    student = await fullName(page);
    for (const key of Object.keys(names) as (keyof typeof names)[]) {
      const cmid = cmids[key];
      if (!cmid) continue;
      await part(`student launch of "${names[key]}"`, async () => {
        await launch(page, cmid);
        step(`student launch of "${names[key]}" reaches the practice page`, (await page.locator('[data-testid="submit"]').count()) > 0);
        step(`student answers in "${names[key]}"`, await answerOnce(page));
      });
    }
    await sleep(6000); // the grade sender runs every 2 s
    for (const key of Object.keys(names) as (keyof typeof names)[]) {
      if (!cmids[key]) continue;
      await part(`grade of "${names[key]}" in Moodle`, async () => {
        const shown = await waitForGrade(page, names[key]);
        step(`Moodle's grade report shows ${student}'s grade for "${names[key]}"`, shown !== '' && shown !== '-', `"${shown}"`);
      });
    }

    await asTeacher(page);
    const others = env('MOODLE_OTHER_STUDENTS', '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    await part('teacher view (NRPS)', async () => {
      await launch(page, cmids.lineitems ?? cmids.graded ?? '');
      const teacher = await page.content();
      for (const n of others)
        step(`teacher view lists ${n}, who never opened Pathwise`, teacher.includes(n) && /Has not opened Pathwise yet/.test(teacher));
      step('teacher view has no "grades cannot flow" notice', !teacher.includes('data-testid="grades-notice"'));
    });
    for (const key of ['graded', 'lineitems'] as const) {
      const cmid = cmids[key];
      if (!cmid) continue;
      await part(`gradebook check of "${names[key]}"`, async () => {
        const first = await gradebookCheck(page, cmid, student);
        step(`gradebook check of "${names[key]}": ${student} matches Moodle`, first.row?.state === 'match', JSON.stringify(first));
        const typed = await overrideInMoodle(page, student, names[key]);
        const after = await gradebookCheck(page, cmid, student);
        step(
          `gradebook check of "${names[key]}" after the teacher changed the grade in Moodle: differs`,
          after.row?.state === 'differs',
          `typed ${typed} in the grader report; ${JSON.stringify(after)}`,
        );
      });
    }
    await part('activity restricted to a group (NRPS rlid)', async () => {
      const [inGroup, outside] = others;
      if (!inGroup || !outside) throw new Error('MOODLE_OTHER_STUDENTS must name two students');
      const group = await createGroup(page, `Pathwise group ${run}`, [student, inGroup]);
      const cmid = await addRestrictedActivity(page, restricted, group);
      step(`teacher adds "${restricted}", restricted to a group of ${student} and ${inGroup}`, true, `group ${group}, cmid ${cmid}`);
      await launch(page, cmid);
      await sleep(5000); // the view waits 4 s at most for the LMS's lists; a reload shows them
      await page.reload();
      const row = (name: string) => page.locator('[data-testid="student-row"]', { hasText: name });
      const notStarted = (await row(inGroup).count()) === 1 && /Has not opened Pathwise yet/.test((await row(inGroup).textContent()) ?? '');
      step(`teacher view of "${restricted}" lists ${inGroup} (in the group) as not started`, notStarted);
      step(`teacher view of "${restricted}" does not list ${outside} (not in the group)`, (await row(outside).count()) === 0);
    });
  } catch (err) {
    step('run', false, (err as Error).message.split('\n')[0]);
  } finally {
    await browser.close();
  }
  process.exit(failed() ? 1 : 0);
}

void main();
