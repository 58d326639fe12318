/**
 * A teacher's changes over real HTTP, beyond the basics in cockpit.test.ts: a note can be removed
 * (confirmed, undoable, audited); the reason for marking mastered or starting over is a choice
 * from a list, and only that choice reaches the audit trail (the teacher's own words stay on the
 * short-lived change record); undoing a change after the student answered more keeps those
 * answers; a roster student who never launched has a page reached from the overview.
 */
import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { parseForms } from '../support/ltiClient.ts';
import { seedAnswers } from '../support/seed.ts';
import { practise } from '../support/practice.ts';
import { Progress, progressKey, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { AuditEntry } from '../../src/repositories/models/AuditEntry.ts';
import { TeacherChange } from '../../src/repositories/models/TeacherChange.ts';
import { change, classroom, get, personIdOf } from './support.ts';

const progressOf = async (activityId: string, pid: string) => (await Progress.findById(progressKey(activityId, pid)).lean<ProgressDoc>())!;

describe('a teacher’s changes', function () {
  this.timeout(120_000);

  it('removes a note with a confirmation and an Undo, audited; the student no longer sees it', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    const changes = `/app/courses/${t.courseId}/activities/${t.activityId}/changes`;
    const left = await change(t, s, changes, { s: t.token, kind: 'note', note: 'See me at break', personIds: pid, back: 'student' });
    assert.equal(left.status, 303, left.html.slice(0, 300));
    const page = await get(t, s, left.location!);
    const remove = parseForms(page.html).find((f) => f.fields.kind === 'clear-note');
    assert.ok(remove, 'the student page offers to remove the note');
    const removed = await change(t, s, remove.action, remove.fields);
    assert.equal(removed.status, 303, removed.html.slice(0, 300));
    assert.equal((await progressOf(t.activityId, pid)).teacherNote, null);
    const student = await t.c.launch({ student: 0 });
    assert.doesNotMatch(student.html, /data-testid="teacher-note"/, 'the student no longer sees the note');
    const confirm = await get(t, s, removed.location!);
    assert.match(confirm.html, /data-testid="notice"[\s\S]*Note removed for/);
    assert.doesNotMatch(confirm.html, /data-testid="current-note"/);
    const audited = await AuditEntry.find({ action: 'override', 'detail.change': 'clear-note' }).lean();
    assert.ok(audited.some((a) => (a.detail as { changeId?: string }).changeId === /done=([0-9a-f-]{36})/.exec(removed.location!)?.[1]));
    // Undo brings the note back.
    const undo = parseForms(confirm.html).find((f) => f.action.endsWith('/undo'))!;
    assert.equal((await change(t, s, undo.action, undo.fields)).status, 303);
    assert.equal((await progressOf(t.activityId, pid)).teacherNote?.text, 'See me at break');
    // Removing when there is none is refused in words.
    await change(t, s, remove.action, remove.fields);
    const again = await change(t, s, remove.action, remove.fields);
    assert.equal(again.status, 400);
    assert.match(again.html, /There is no note to remove/);
  });

  it('asks for a reason from the list; the audit keeps only that choice, the teacher’s words stay on the change record', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    const changes = `/app/courses/${t.courseId}/activities/${t.activityId}/changes`;
    const base = { s: t.token, kind: 'reset', skillId: 'fraction-meaning', personIds: pid };
    const none = await change(t, s, changes, base);
    assert.equal(none.status, 400);
    assert.match(none.html, /choose a reason for marking mastered or starting over/);
    const typed = await change(t, s, changes, { ...base, reason: 'Sam Rivera copied from Lee' });
    assert.equal(typed.status, 400, 'free text in the reason field is refused');
    assert.match(typed.html, /choose a reason from the list/);
    const ok = await change(t, s, changes, { ...base, reason: 'not-own-work', reasonNote: 'Sam Rivera answered for them' });
    assert.equal(ok.status, 303, ok.html.slice(0, 300));
    const changeId = /done=([0-9a-f-]{36})/.exec(ok.location!)![1]!;
    const entries = await AuditEntry.find({ 'detail.changeId': changeId }).lean();
    assert.equal(entries.length, 1);
    assert.equal((entries[0]!.detail as { reason?: string }).reason, 'not-own-work');
    assert.doesNotMatch(JSON.stringify(entries), /Sam|Rivera|answered for/, 'no free words in the audit trail');
    const record = (await TeacherChange.findById(changeId).lean())!;
    assert.equal(record.reasonNote, 'Sam Rivera answered for them');
    assert.ok(record.expiresAt.getTime() - Date.now() <= 7 * 86_400_000, 'kept only for the undo window');
    const confirm = await get(t, s, ok.location!);
    assert.match(confirm.html, /Reason: The answers were not the student’s own work \(Sam Rivera answered for them\)/);
  });

  it('undo after the student answered more takes back the teacher’s change and keeps the student’s answers', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    await seedAnswers({ activityId: t.activityId, personId: pid, skillId: 'fraction-meaning', correct: [true, true, false, true] });
    const before = (await progressOf(t.activityId, pid)).state.skills['fraction-meaning']!;
    assert.equal(before.attempts, 4);
    const res = await change(t, s, `/app/courses/${t.courseId}/activities/${t.activityId}/changes`, {
      s: t.token,
      kind: 'reset',
      skillId: 'fraction-meaning',
      personIds: pid,
      reason: 'fresh-start',
      back: 'student',
    });
    assert.equal(res.status, 303, res.html.slice(0, 300));
    assert.equal((await progressOf(t.activityId, pid)).state.skills['fraction-meaning']!.attempts, 0);
    // The student practises after the change: three wrong answers (first tries and retries) through HTTP.
    const launch = await t.c.launch({ student: 0 });
    const done = await practise({
      client: launch.client,
      pageUrl: launch.url,
      html: launch.html,
      activityId: t.activityId,
      personId: pid,
      sandboxUrl: s.sandboxUrl,
      correct: () => false,
      until: (_html, n) => n >= 3,
    });
    assert.equal(done.answers, 3);
    const since = (await progressOf(t.activityId, pid)).state.skills['fraction-meaning']!;
    const firstTries = since.attempts;
    assert.ok(firstTries >= 1, 'the answers since counted');
    const logs = await AnswerLog.countDocuments({ personId: pid, activityId: t.activityId });
    assert.equal(logs, 3);

    const confirm = await get(t, s, res.location!);
    const undo = parseForms(confirm.html).find((f) => f.action.endsWith('/undo'))!;
    const undone = await change(t, s, undo.action, undo.fields);
    assert.equal(undone.status, 303, undone.html.slice(0, 300));
    const after = (await progressOf(t.activityId, pid)).state.skills['fraction-meaning']!;
    assert.equal(after.attempts, before.attempts + firstTries, 'the tries before the change and those since both count');
    assert.equal(after.correct, before.correct, 'the wrong answers since are kept (no right ones added)');
    assert.equal(after.lastAt, since.lastAt, 'the latest practice is the student’s last answer');
    assert.ok(after.pMastered < before.pMastered, 'the wrong answers since lowered the estimate from where it was before');
    assert.equal(await AnswerLog.countDocuments({ personId: pid, activityId: t.activityId }), 3, 'no answer was deleted');
    const page = await get(t, s, undone.location!);
    assert.match(page.html, /Undone: Started over[\s\S]*Answers given since are kept/);
    const audit = await AuditEntry.findOne({
      'detail.change': 'undo-reset',
      'detail.changeId': /done=([0-9a-f-]{36})/.exec(res.location!)![1],
    }).lean();
    assert.equal((audit?.detail as { answersKept?: number }).answersKept, 3);
  });

  it('gives a roster student who never opened Pathwise a page from the overview: name, not started, what to do', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning,number-line', 2, 1);
    const overview = await get(t, s, `/app/courses/${t.courseId}/teacher?s=${encodeURIComponent(t.token)}`);
    const name = t.c.member({ student: 1 }).name;
    const link = new RegExp(`href="([^"]+/roster/[a-f0-9]{16}\\?s=[^"]+)" data-testid="roster-link">${name}<`).exec(overview.html)?.[1];
    assert.ok(link, 'the never-launched student’s name links to their page');
    // Moodle's user ids are short numbers, which may occur inside the session token by chance: compare whole parts.
    const sub = t.c.member({ student: 1 }).sub;
    assert.ok(!link.split(/[/?&=]/).includes(sub), 'the platform’s user id is not in the link');
    const page = await get(t, s, link.replace(/&amp;/g, '&'));
    assert.equal(page.status, 200, page.html.slice(0, 300));
    assert.match(page.html, new RegExp(`<h1>${name}`));
    assert.match(page.html, /data-testid="not-started">Not started yet/);
    assert.match(page.html, /data-testid="what-to-do"[\s\S]*Show them where Pathwise is/);
    assert.match(page.html, /Fractions on the number line/);
    const unknown = await get(t, s, link.replace(/&amp;/g, '&').replace(/roster\/[a-f0-9]{16}/, 'roster/0000000000000000'));
    assert.equal(unknown.status, 404);
    assert.match(unknown.html, /Go back to the class overview/);
    const bad = await get(t, s, link.replace(/&amp;/g, '&').replace(/roster\/[a-f0-9]{16}/, 'roster/nope'));
    assert.equal(bad.status, 400);
  });
});
