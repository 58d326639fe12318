/**
 * The gradebook check over real HTTP against the sandbox LMS: a grade that matches, one changed
 * in the LMS (sent again when the teacher ticks it), one missing in the LMS, one waiting in the
 * outbox, one the LMS refused (sent again through the existing retry), one only the LMS holds;
 * plain words when the result scope was not granted or there is no grade column; an LMS failing
 * with 500 or 401 is a message on the page, never an error page; another course's teacher and a
 * student cannot see or use it.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { GradeEvent } from '../../src/repositories/models/GradeEvent.ts';
import { SCOPES } from '../../src/lti/claims.ts';
import { gradebookTiming } from '../../src/presenters/teacherGradebook.ts';
import { startFaultProxy } from '../support/faultProxy.ts';
import { via } from '../faults/helpers.ts';
import { change, classroom, get, personIdOf, tokenOf } from './support.ts';
import { inOutbox, lmsHolds, pagePath, pathwiseHolds, rowsOf, until } from './gradebookSupport.ts';

describe('the gradebook check (teacher, against the sandbox LMS)', function () {
  this.timeout(120_000);

  it('tells matches from mismatches, says what Pathwise will do, and sends grades again when asked', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 7, 6);
    const name = (n: number) => t.c.member({ student: n }).name;
    const pid = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => personIdOf(t.c, n, t.courseId)));
    const lineItem = s.sandbox.lineItems(t.c.course.id).find((l) => l.resourceLinkId === t.c.link.id)!;
    for (const n of [0, 1, 2, 3, 4]) await pathwiseHolds(t, pid[n]!, [0.5, 0.5, 0.25, 0.75, 0.75][n]!);
    await lmsHolds(s, t, 0, 0.5); // the same grade: a match
    await lmsHolds(s, t, 1, 0.5);
    s.sandbox.overrideResult(lineItem.id, t.c.member({ student: 1 }).sub, 9); // changed by hand in the LMS
    // student 2: Pathwise has 25%, the LMS nothing. Student 5 opened Pathwise but never answered.
    await inOutbox(s, t, 3, pid[3]!, { nextAttemptAt: new Date(Date.now() + 3_600_000), attempts: 2, lastStatus: 503 });
    await inOutbox(s, t, 4, pid[4]!, { status: 'rejected', lastStatus: 422, lastError: 'The grade column is locked', refusal: 'refused' });
    await lmsHolds(s, t, 6, 0.4); // never opened Pathwise, but the LMS has a grade for them

    const page = await get(t, s, pagePath(t));
    assert.equal(page.status, 200, page.html.slice(0, 400));
    const rows = rowsOf(page.html);
    assert.equal(rows.get(name(0)), 'match');
    assert.equal(rows.get(name(1)), 'differs');
    assert.equal(rows.get(name(2)), 'differs');
    assert.equal(rows.get(name(3)), 'queued');
    assert.equal(rows.get(name(4)), 'refused');
    assert.equal(rows.get(name(5)), 'nothing-yet');
    assert.equal(rows.get(name(6)), 'lms-only');
    const states = [...rows.values()];
    assert.deepEqual(states.slice(0, 4), ['refused', 'differs', 'differs', 'queued'], 'mismatches come first');
    assert.match(page.html, /The LMS refused this grade \(it answered 422\): The grade column is locked/);
    assert.match(page.html, /Will be sent again automatically: the LMS did not take it last time \(it answered 503\)/);
    assert.match(page.html, /The LMS holds a different grade/);
    assert.match(page.html, /The LMS gradebook has no grade for this student/);
    assert.match(page.html, /90%/, 'what the LMS holds is shown');
    // As a value of its own: a short numeric Moodle id may occur by chance inside a token or an ObjectId.
    const sub = t.c.member({ student: 6 }).sub;
    assert.doesNotMatch(page.html, new RegExp(`(?<![\\w-])${sub}(?![\\w-])`), 'no platform user id on the page');

    // The teacher ticks the student changed in the LMS and the one missing there: sent again.
    const resent = await change(t, s, `/app/courses/${t.courseId}/activities/${t.activityId}/gradebook/resend`, {
      s: t.token,
      personIds: [pid[1]!, pid[2]!],
    });
    assert.equal(resent.status, 303, resent.html.slice(0, 400));
    assert.match(resent.location!, /\/gradebook\?s=.*&sent=2$/);
    // The refused grade goes through the existing retry, which brings the teacher back here.
    const retried = await change(t, s, `/app/courses/${t.courseId}/grades/retry`, { s: t.token, back: t.activityId });
    assert.equal(retried.status, 303);
    assert.match(retried.location!, new RegExp(`/activities/${t.activityId}/gradebook\\?s=`));
    await s.pathwise.publisher.kick();
    const lms = (n: number) =>
      s.sandbox.results(t.c.course.id).find((r) => r.lineItemId === lineItem.id && r.userSub === t.c.member({ student: n }).sub);
    await until('the LMS holds Pathwise’s grades again', async () => {
      await s.pathwise.publisher.kick();
      return lms(1)?.resultScore === 5 && lms(2)?.resultScore === 2.5 && lms(4)?.resultScore === 7.5;
    });
    const after = await get(t, s, resent.location!);
    assert.match(after.html, /2 grades will be sent again/);
    const now = rowsOf(after.html);
    for (const n of [0, 1, 2, 4]) assert.equal(now.get(name(n)), 'match', `student ${n} matches after the resend`);
    await GradeEvent.deleteMany({ activityId: new Types.ObjectId(t.activityId) });
  });

  it('says in plain words when the gradebook cannot be read: no result scope, no grade column, an LMS failing', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 1, 1);
    const read = async () => {
      const r = await get(t, s, pagePath(t));
      assert.equal(r.status, 200, r.html.slice(0, 400));
      return r.html;
    };
    assert.match(await read(), /data-testid="summary"/, 'the sandbox gradebook is read');
    for (const [status, words] of [
      [500, /Your LMS had a problem answering \(it answered 500\)/],
      [401, /Your LMS did not let Pathwise read its gradebook \(it answered 401\)/],
    ] as const) {
      s.sandbox.tamper.failServiceCalls = { remaining: 1, status };
      try {
        const html = await read();
        assert.match(html, words);
        assert.match(html, /Grades keep being sent to the LMS meanwhile/);
      } finally {
        s.sandbox.tamper.failServiceCalls = undefined;
      }
    }
    // An LMS that never answers: the page says so after the wait, it does not hang.
    const proxy = await startFaultProxy(s.sandboxUrl);
    const lineItemUrl = (await Activity.findById(t.activityId).lean())!.lineItemUrl!;
    const wait = gradebookTiming.lmsWaitMs;
    try {
      proxy.rule((_m, path) => path.includes('/results'), 'hang');
      await Activity.updateOne({ _id: t.activityId }, { $set: { lineItemUrl: via(proxy.url, lineItemUrl) } });
      gradebookTiming.lmsWaitMs = 500;
      const started = Date.now();
      assert.match(await read(), /Your LMS did not answer in time/);
      assert.ok(Date.now() - started < 5_000, 'the page did not wait for the hung LMS');
      assert.ok(
        proxy.hits.some((h) => h.path.includes('/results')),
        'the results were asked for',
      );
    } finally {
      gradebookTiming.lmsWaitMs = wait;
      await Activity.updateOne({ _id: t.activityId }, { $set: { lineItemUrl } });
      await proxy.close();
    }
    await Activity.updateOne({ _id: t.activityId }, { $pull: { agsScopes: SCOPES.resultReadonly } });
    const noScope = await read();
    assert.match(noScope, /Your LMS does not allow Pathwise to read its gradebook/);
    assert.match(noScope, /result\.readonly/);
    await Activity.updateOne({ _id: t.activityId }, { $set: { agsScopes: [] }, $unset: { lineItemUrl: '', lineItemsUrl: '' } });
    const noClaim = await read();
    assert.match(noClaim, /There is no LMS gradebook to compare with/);
    assert.match(noClaim, /the LMS did not give Pathwise a grade column/, 'the overview’s “grades cannot flow” words');
    const refused = await change(t, s, `/app/courses/${t.courseId}/activities/${t.activityId}/gradebook/resend`, {
      s: t.token,
      personIds: await personIdOf(t.c, 0, t.courseId),
    });
    assert.equal(refused.status, 400, 'nothing can be sent without a grade column');
    const empty = await change(t, s, `/app/courses/${t.courseId}/activities/${t.activityId}/gradebook/resend`, { s: t.token });
    assert.equal(empty.status, 400);
    assert.match(empty.html, /tick at least one student/);
  });

  it('is only for the course’s own teachers', async () => {
    const s = await stack();
    const a = await classroom('fraction-meaning', 1, 1);
    const b = await classroom('fraction-meaning', 1, 1);
    const pidA = await personIdOf(a.c, 0, a.courseId);
    const intoA = `/app/courses/${a.courseId}/activities/${a.activityId}/gradebook`;
    const crossed = await get(b, s, `${intoA}?s=${encodeURIComponent(b.token)}`);
    assert.equal(crossed.status, 403, 'a teacher of course B cannot see course A’s check');
    const mixed = await get(b, s, `/app/courses/${b.courseId}/activities/${a.activityId}/gradebook?s=${encodeURIComponent(b.token)}`);
    assert.equal(mixed.status, 404, 'course A’s activity is not found in course B');
    const resendA = await change(b, s, `${intoA}/resend`, { s: b.token, personIds: pidA });
    assert.equal(resendA.status, 403);
    const before = await GradeEvent.countDocuments({ personId: new Types.ObjectId(pidA) });
    const resendMixed = await change(b, s, `/app/courses/${b.courseId}/activities/${b.activityId}/gradebook/resend`, {
      s: b.token,
      personIds: pidA,
    });
    assert.equal(resendMixed.status, 303);
    assert.match(resendMixed.location!, /&sent=0$/, 'a student of another course is not resent');
    assert.equal(await GradeEvent.countDocuments({ personId: new Types.ObjectId(pidA) }), before);
    const student = await a.c.launch({ student: 0 });
    const asStudent = await student.client.get(`${s.toolUrl}${intoA}?s=${encodeURIComponent(tokenOf(student.url))}`, {
      sandboxUrl: s.sandboxUrl,
    });
    assert.equal(asStudent.status, 403);
    const overview = await get(a, s, `/app/courses/${a.courseId}/teacher?s=${encodeURIComponent(a.token)}`);
    assert.match(overview.html, new RegExp(`href="${intoA}\\?s=[^"]+" data-testid="gradebook-link"`), 'the overview links to the check');
  });
});
