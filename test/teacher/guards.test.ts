/**
 * The cockpit's guards over real HTTP: another course's teacher, a student of another course and
 * any student session are refused and change nothing; bad input gets a clear 4xx page that says
 * what to do.
 */
import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { watchWrites } from '../security/helpers.ts';
import { Progress, progressKey, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import { change, classroom, personIdOf, tokenOf } from './support.ts';

describe('the teacher’s cockpit refuses', function () {
  this.timeout(120_000);

  it('refuses another course’s teacher and any student, and changes nothing', async () => {
    const s = await stack();
    const a = await classroom('fraction-meaning', 1, 1);
    const b = await classroom('fraction-meaning', 1, 1);
    const pidB = await personIdOf(b.c, 0, b.courseId);
    const watch = watchWrites();
    const intoB = `/app/courses/${b.courseId}/activities/${b.activityId}/changes`;
    const crossed = await change(a, s, intoB, {
      s: a.token,
      kind: 'mastered',
      skillId: 'fraction-meaning',
      reason: 'showed-in-class',
      personIds: pidB,
    });
    assert.equal(crossed.status, 403, 'a teacher of course A cannot act in course B');
    // Course A's URL with course B's student and activity: not found in A (tenant), nothing changed.
    const mixed = await change(a, s, `/app/courses/${a.courseId}/activities/${b.activityId}/changes`, {
      s: a.token,
      kind: 'mastered',
      skillId: 'fraction-meaning',
      reason: 'showed-in-class',
      personIds: pidB,
    });
    assert.equal(mixed.status, 404);
    const mixedStudent = await change(a, s, `/app/courses/${a.courseId}/activities/${a.activityId}/changes`, {
      s: a.token,
      kind: 'mastered',
      skillId: 'fraction-meaning',
      reason: 'showed-in-class',
      personIds: pidB,
    });
    assert.equal(mixedStudent.status, 400, 'a student of another course is not in this class');
    const studentLaunch = await b.c.launch({ student: 0 });
    const st = tokenOf(studentLaunch.url);
    const asStudent = await studentLaunch.client.postForm(
      new URL(intoB, s.toolUrl).toString(),
      { s: st, kind: 'mastered', skillId: 'fraction-meaning', reason: 'showed-in-class', personIds: pidB },
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(asStudent.status, 403, 'a student session cannot use teacher routes');
    for (const path of [`/app/courses/${b.courseId}/teacher`, `/app/courses/${b.courseId}/activities/${b.activityId}/overview.csv`]) {
      const r = await studentLaunch.client.get(`${s.toolUrl}${path}?s=${encodeURIComponent(st)}`, { sandboxUrl: s.sandboxUrl });
      assert.equal(r.status, 403, path);
    }
    const retry = await studentLaunch.client.postForm(
      `${s.toolUrl}/app/courses/${b.courseId}/grades/retry`,
      { s: st },
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(retry.status, 403, 'a student cannot resend the course’s grades');
    // Launches and audit entries write; no teacher change is recorded and B's student's progress is untouched.
    const writes = watch.stop();
    assert.deepEqual(
      writes.filter((w) => w.endsWith(' pw_teacher_changes')),
      [],
      'no change recorded',
    );
    const p = (await Progress.findById(progressKey(b.activityId, pidB)).lean<ProgressDoc>())!;
    assert.equal(p.state.skills['fraction-meaning']?.mastered, false);
  });

  it('answers bad input with a clear 4xx page that says what to do', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    const path = `/app/courses/${t.courseId}/activities/${t.activityId}/changes`;
    const unknown = await change(t, s, path, { s: t.token, kind: 'focus', skillId: 'divide-fractions', personIds: pid });
    assert.equal(unknown.status, 400);
    assert.match(unknown.html, /not part of this activity/);
    assert.match(unknown.html, /choose one of the activity’s skills/);
    const long = await change(t, s, path, { s: t.token, kind: 'note', note: 'x'.repeat(281), personIds: pid });
    assert.equal(long.status, 400);
    assert.match(long.html, /the note must be at most 280 characters/);
    assert.match(long.html, /correct the form/);
    const badId = await change(t, s, path, { s: t.token, kind: 'focus', skillId: 'fraction-meaning', personIds: 'nope' });
    assert.equal(badId.status, 400);
    const badKind = await change(t, s, path, { s: t.token, kind: 'delete-everything', skillId: 'fraction-meaning', personIds: pid });
    assert.equal(badKind.status, 400);
    const badPage = await t.teacher.client.get(`${s.toolUrl}/app/courses/${t.courseId}/teacher?s=${encodeURIComponent(t.token)}&page=-3`, {
      sandboxUrl: s.sandboxUrl,
    });
    assert.equal(badPage.status, 400);
  });
});
