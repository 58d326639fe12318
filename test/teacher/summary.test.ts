/**
 * The class overview reads its summaries (repositories/classSummary.ts), never every progress
 * record: an answer and a teacher's change show at once in the overview, its live refresh and its
 * CSV; a row taken out of the summary disappears from the overview (so it is the summary that is
 * read) until the reconciler writes it again from the progress document; summaries deleted whole
 * (as a privacy deletion does) are rebuilt on the next view. Rows stored in the earlier format
 * (objects, before rows were packed into one string) are still read and are rewritten packed by
 * the reconciler; a damaged row is written again from progress when the overview reads it.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { ownCourse, questionOf } from '../support/factories.ts';
import { correctForm, currentInstance } from '../support/answers.ts';
import { Progress, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import { ClassSummary } from '../../src/repositories/models/ClassSummary.ts';
import { CHANGE_REASON_IDS } from '../../src/domain/policy/cockpit.ts';
import { reconcileSummaries } from '../../src/repositories/classSummary.ts';
import { forgetSummaryCache } from '../../src/repositories/summaryCache.ts';

/** A course of its own with one student launched and its teacher: ids, the teacher's token, the student's progress. */
async function launchedClass() {
  const s = await stack();
  const c = await ownCourse('moodle', { students: 2, skills: 'fraction-meaning' });
  const student = await c.launch({ student: 0 });
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1]!;
  const teacher = await c.launch('teacher');
  const courseId = /\/app\/courses\/([a-f0-9]{24})/.exec(teacher.url)![1]!;
  const token = encodeURIComponent(new URL(teacher.url).searchParams.get('s')!);
  const progress = (await Progress.findOne({ activityId: new Types.ObjectId(activityId) }).lean<ProgressDoc>())!;
  return {
    s,
    c,
    student,
    activityId,
    teacher,
    courseId,
    token,
    progress,
    personId: String(progress.personId),
    name: c.member({ student: 0 }).name,
  };
}

describe('the class overview reads summaries kept on every write', function () {
  this.timeout(120_000);

  it('shows answers and teacher changes at once, reads only the summary, and is repaired by the reconciler', async () => {
    const { s, student, activityId, teacher, courseId, token, personId, name } = await launchedClass();
    const get = (path: string) => teacher.client.get(`${s.toolUrl}${path}`, { sandboxUrl: s.sandboxUrl });
    /** The student's line of the overview's CSV: name, started, skills mastered, the skill's cell. */
    const line = async () => {
      const csv = await get(`/app/courses/${courseId}/activities/${activityId}/overview.csv?s=${token}`);
      assert.equal(csv.status, 200);
      return csv.html.split('\r\n').find((l) => l.startsWith(name)) ?? '';
    };
    const liveRows = async () => (await get(`/app/courses/${courseId}/teacher/rows?a=${activityId}&s=${token}`)).html;

    assert.match(await line(), /,yes,0,Ready to start,/, 'launched, nothing answered yet');

    // An answer over HTTP: the overview shows it on the next view and the next live refresh.
    const q = questionOf(student.html);
    const form = correctForm(await currentInstance(activityId, personId));
    const answered = await student.client.postForm(new URL(q.action, student.url).toString(), { ...q.fields, ...form }, {});
    assert.equal(answered.status, 200);
    assert.match(await line(), /,yes,0,in progress \(\d+% sure\),/, 'the answer shows in the CSV');
    assert.match(await liveRows(), /In progress, Pathwise is \d+% sure/, 'and in the live refresh');

    // A teacher's change: marked mastered, shown at once.
    const changed = await teacher.client.postForm(
      `${s.toolUrl}/app/courses/${courseId}/activities/${activityId}/changes`,
      {
        s: decodeURIComponent(token),
        kind: 'mastered',
        skillId: 'fraction-meaning',
        personIds: personId,
        back: 'overview',
        reason: CHANGE_REASON_IDS[0],
      },
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(changed.status, 303, changed.html.slice(0, 300));
    assert.match(await line(), /,yes,1,Mastered,/, 'the change shows in the CSV');
    const page = await get(`/app/courses/${courseId}/teacher?a=${activityId}&s=${token}`);
    assert.match(page.html, new RegExp(`${name}[\\s\\S]*?Mastered`), 'and on the page');

    // The overview reads the summary: take the student's row out and the student looks not started…
    const bucket = (await ClassSummary.find({ activityId: new Types.ObjectId(activityId) }).lean()).find(
      (d) => d.rows && personId in d.rows,
    )!;
    await ClassSummary.updateOne({ _id: bucket._id }, { $unset: { [`rows.${personId}`]: '' } });
    forgetSummaryCache(); // a write behind the repository's back (the process keeps copies of what it wrote)
    assert.match(await line(), /,no,0,/, 'with its row gone the overview no longer sees the progress');
    // …until the reconciler finds the row behind its progress document and writes it again.
    await s.pathwise.reconcile();
    assert.match(await line(), /,yes,1,Mastered,/, 'the reconciler rewrote the row');

    // Summaries deleted whole (a privacy deletion of another student of the course) are rebuilt on read.
    await ClassSummary.deleteMany({ courseId: new Types.ObjectId(courseId) });
    assert.match(await line(), /,yes,1,Mastered,/, 'rebuilt from progress and enrolments');
    const meta = await ClassSummary.findById(`progress:${activityId}:meta`).lean();
    assert.equal(meta?.complete, true, 'and marked complete again');
  });

  it('reads rows of the earlier format, rewrites them packed, and repairs a damaged row', async () => {
    const { s, activityId, teacher, courseId, token, progress, personId, name } = await launchedClass();
    const line = async () => {
      const csv = await teacher.client.get(`${s.toolUrl}/app/courses/${courseId}/activities/${activityId}/overview.csv?s=${token}`, {
        sandboxUrl: s.sandboxUrl,
      });
      assert.equal(csv.status, 200);
      return csv.html.split('\r\n').find((l) => l.startsWith(name)) ?? '';
    };
    const bucketOfStudent = async () =>
      (await ClassSummary.find({ activityId: new Types.ObjectId(activityId) }).lean()).find((d) => d.rows && personId in d.rows)!;
    const bucket = await bucketOfStudent();
    assert.equal(typeof bucket.rows![personId], 'string', 'rows are stored as one string');
    assert.match(await line(), /,yes,0,Ready to start,/);

    // A row as the earlier version wrote it (an object per student, an array per skill), here saying
    // "mastered", so the overview shows it only if it reads that row.
    const skill = progress.state.skills['fraction-meaning']!;
    const legacy = {
      v: progress.version ?? 0,
      c: progress.state.createdAt,
      k: { 'fraction-meaning': [0.97, 5, 5, 5, 3, 3, 3, 0, 0, '', new Date(Date.now() + 86_400_000).toISOString()] },
    };
    assert.equal(skill.mastered, false);
    await ClassSummary.updateOne({ _id: bucket._id }, { $set: { [`rows.${personId}`]: legacy } });
    forgetSummaryCache();
    assert.match(await line(), /,yes,1,Mastered,/, 'the row of the earlier format is read');
    // The reconciler rewrites it packed, from the progress document.
    const { stale } = await reconcileSummaries();
    assert.ok(stale >= 1, 'the earlier-format row counts as behind');
    assert.equal(typeof (await bucketOfStudent()).rows![personId], 'string', 'rewritten as one string');
    assert.match(await line(), /,yes,0,Ready to start,/, 'showing the progress document again');

    // A damaged row is written again from progress on the next read: the student is not lost.
    await ClassSummary.updateOne({ _id: bucket._id }, { $set: { [`rows.${personId}`]: 'damaged' } });
    forgetSummaryCache();
    assert.match(await line(), /,yes,0,Ready to start,/, 'read from progress instead');
    const repaired = (await bucketOfStudent()).rows![personId];
    assert.match(String(repaired), new RegExp(`^${String(progress.version ?? 0).padStart(10, '0')}\\|`), 'and stored packed again');
  });
});
