/**
 * The teacher's cockpit over real HTTP (sandbox LMS, real database): the class overview lists
 * every student of the roster, attention first, in plain words; a teacher's change (focus skill,
 * mastered, note) reaches the student and the gradebook and can be undone; CSV downloads escape
 * formulas. (Refusals and bad input: guards.test.ts; notes, reasons, undo after new answers and
 * roster students who never launched: changes.test.ts.)
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { parseForms } from '../support/ltiClient.ts';
import { seedAnswers } from '../support/seed.ts';
import { Progress, progressKey, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { AuditEntry } from '../../src/repositories/models/AuditEntry.ts';
import { change, classroom, personIdOf } from './support.ts';

describe('the teacher’s cockpit', function () {
  this.timeout(120_000);

  it('lists students who never launched, puts those who need attention first with a reason and a suggestion, in plain words', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning,number-line', 3, 2);
    const stuck = await personIdOf(t.c, 1, t.courseId);
    await seedAnswers({ activityId: t.activityId, personId: stuck, skillId: 'fraction-meaning', correct: Array<boolean>(12).fill(false) });
    const page = await t.teacher.client.get(`${s.toolUrl}/app/courses/${t.courseId}/teacher?s=${encodeURIComponent(t.token)}`, {
      sandboxUrl: s.sandboxUrl,
    });
    assert.equal(page.status, 200);
    const html = page.html;
    const rows = [...html.matchAll(/<tr data-testid="student-row"[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    assert.equal(rows.length, 3, 'every student of the roster has a row');
    assert.ok(rows[0]!.includes(t.c.member({ student: 1 }).name), 'the stuck student comes first');
    assert.match(rows[0]!, /class="flag wheel-spinning"[^>]*>12 tries on “What a fraction means”/);
    assert.match(rows[0]!, /one-to-one check-in/);
    const never = rows.find((r) => r.includes(t.c.member({ student: 2 }).name))!;
    assert.match(never, /Has not opened Pathwise yet/);
    assert.match(html, /<caption id="heatmap-caption">/);
    assert.match(html, /<th scope="row"/);
    assert.match(html, /<th scope="col"/);
    for (const words of ['Mastered', 'In progress', 'Ready to start', 'Locked', 'due for a review', 'has not started'])
      assert.ok(html.includes(words), words);
    assert.match(html, /2 of 3 students have started/);
    assert.match(html, /Pathwise is 95% sure/);
    assert.match(html, /data-testid="settings-preview"[\s\S]*95% sure \(your setting\)<\/th><td>0<\/td>[\s\S]*<\/table>/);
    assert.doesNotMatch(html, /BKT|Bayesian|0\.95|estimated mastery/, 'no jargon and no raw probabilities');
    assert.match(html, /<div class="scroll" tabindex="0" role="region" aria-labelledby="heatmap-caption"/);
    // Every cell says what it means in text, not only in colour.
    const cells = [...rows[0]!.matchAll(/<td class="cell [^"]+">([\s\S]*?)<\/td>/g)];
    assert.equal(cells.length, 2);
    for (const cell of cells) assert.match(cell[1]!, /<span class="sr-only">[^<]+<\/span>/);
  });

  it('a focus skill changes the student’s next item, is confirmed with an Undo that reverts it', async () => {
    const s = await stack();
    const t = await classroom('number-line,add-like', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    const before = (await Progress.findById(progressKey(t.activityId, pid)).lean<ProgressDoc>())!;
    const first = before.current.skillId!;
    const other = first === 'number-line' ? 'add-like' : 'number-line';
    const res = await change(t, s, `/app/courses/${t.courseId}/activities/${t.activityId}/changes`, {
      s: t.token,
      kind: 'focus',
      skillId: other,
      personIds: pid,
      back: 'student',
    });
    assert.equal(res.status, 303, res.html.slice(0, 300));
    assert.match(res.location ?? '', new RegExp(`/students/${pid}\\?s=.*&done=`));
    const after = (await Progress.findById(progressKey(t.activityId, pid)).lean<ProgressDoc>())!;
    assert.equal(after.state.chosenSkill, other);
    assert.equal(after.current.skillId, other, 'the next step is on the focus skill');
    // The student's next page shows a question of that skill.
    const student = await t.c.launch({ student: 0 });
    const item = /data-item="([^"]+)"/.exec(student.html)?.[1] ?? '';
    const { loadBundledPack } = await import('../../src/repositories/packFiles.ts');
    assert.ok(
      loadBundledPack()
        .items.find((i) => i.id === item)
        ?.skills.includes(other),
      `the student's question ${item} practises ${other}`,
    );
    const confirm = await t.teacher.client.get(res.location!, { sandboxUrl: s.sandboxUrl });
    assert.match(confirm.html, /data-testid="notice"[\s\S]*Focus skill set/);
    const undo = parseForms(confirm.html).find((f) => f.action.endsWith('/undo'))!;
    assert.ok(undo, 'an Undo button');
    const undone = await change(t, s, undo.action, undo.fields);
    assert.equal(undone.status, 303);
    const reverted = (await Progress.findById(progressKey(t.activityId, pid)).lean<ProgressDoc>())!;
    assert.equal(reverted.state.chosenSkill, undefined, 'undo removed the focus skill');
    const again = await change(t, s, undo.action, undo.fields);
    assert.equal(again.status, 404, 'a change is undone once');
    assert.match(again.html, /cannot be undone any more/);
  });

  it('marking a skill mastered updates the progress and the gradebook in one write, audited; undo sends the old grade back', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    const res = await change(t, s, `/app/courses/${t.courseId}/activities/${t.activityId}/changes`, {
      s: t.token,
      kind: 'mastered',
      skillId: 'fraction-meaning',
      personIds: pid,
      reason: 'showed-in-class',
      reasonNote: 'did three on the board',
      back: 'overview',
    });
    assert.equal(res.status, 303, res.html.slice(0, 300));
    const p = (await Progress.findById(progressKey(t.activityId, pid)).lean<ProgressDoc>())!;
    assert.equal(p.state.skills['fraction-meaning']?.mastered, true);
    assert.equal(p.score, 1);
    assert.deepEqual(Object.keys(p.pending ?? {}), [], 'the grade effect was applied');
    await s.pathwise.publisher.kick();
    const sub = t.c.member({ student: 0 }).sub;
    const rows = () => s.sandbox.gradebook(t.c.course.id).filter((g) => g.userId === sub);
    const full = rows().at(-1);
    assert.ok(full && (full.scoreGiven ?? 0) > 0, 'a grade reached the gradebook');
    assert.equal(full.scoreGiven, full.scoreMaximum, 'full marks reached the gradebook');
    const audit = await AuditEntry.find({ action: 'override' }).lean();
    assert.ok(
      audit.some((a) => (a.detail as { reason?: string }).reason === 'showed-in-class'),
      'the reason (from the list) is audited',
    );

    const confirm = await t.teacher.client.get(res.location!, { sandboxUrl: s.sandboxUrl });
    assert.match(
      confirm.html,
      /Marked mastered \(“What a fraction means”\)[^<]*Reason: Showed it in class or on paper \(did three on the board\)/,
    );
    const undo = parseForms(confirm.html).find((f) => f.action.endsWith('/undo'))!;
    assert.equal((await change(t, s, undo.action, undo.fields)).status, 303);
    const back = (await Progress.findById(progressKey(t.activityId, pid)).lean<ProgressDoc>())!;
    assert.equal(back.state.skills['fraction-meaning']?.mastered, false);
    assert.equal(back.score, 0);
    await s.pathwise.publisher.kick();
    assert.ok(rows().length >= 2, 'the undo sent a grade');
    assert.equal(rows().at(-1)?.scoreGiven, 0, 'the undo sent the old grade');
  });

  it('a note reaches the student at their next page, escaped', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    const res = await change(t, s, `/app/courses/${t.courseId}/activities/${t.activityId}/changes`, {
      s: t.token,
      kind: 'note',
      note: 'Great work today <b>Sam</b>!',
      personIds: pid,
      back: 'student',
    });
    assert.equal(res.status, 303, res.html.slice(0, 300));
    const student = await t.c.launch({ student: 0 });
    assert.match(student.html, /data-testid="teacher-note"[\s\S]*Great work today &lt;b&gt;Sam&lt;\/b&gt;!/);
    const page = await t.teacher.client.get(res.location!, { sandboxUrl: s.sandboxUrl });
    assert.match(page.html, /Note left for/);
  });

  it('one student’s page shows skills, recent answers, time practising and flags with the date they were raised', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning,number-line', 1, 1);
    const pid = await personIdOf(t.c, 0, t.courseId);
    await seedAnswers({ activityId: t.activityId, personId: pid, skillId: 'fraction-meaning', correct: Array<boolean>(12).fill(false) });
    await AnswerLog.create({
      _id: `t-${pid}`,
      attemptId: `t-${pid}`,
      courseId: new Types.ObjectId(t.courseId),
      activityId: new Types.ObjectId(t.activityId),
      personId: new Types.ObjectId(pid),
      itemId: 'meaning-name-fraction',
      seed: 3,
      skillIds: ['fraction-meaning'],
      order: 1,
      response: '=HYPERLINK("http://evil")',
      correct: false,
      hintsUsed: 2,
      durationMs: 42_000,
      at: new Date(),
    });
    const url = `${s.toolUrl}/app/courses/${t.courseId}/activities/${t.activityId}/students/${pid}?s=${encodeURIComponent(t.token)}`;
    const page = await t.teacher.client.get(url, { sandboxUrl: s.sandboxUrl });
    assert.equal(page.status, 200, page.html.slice(0, 300));
    assert.match(page.html, /data-testid="flagged-since">\(flagged since \d{4}-\d{2}-\d{2}\)/);
    assert.match(
      page.html,
      /data-testid="answer-row"[\s\S]*=HYPERLINK\(&#34;http:\/\/evil&#34;\)[\s\S]*✗ wrong[\s\S]*<td>2<\/td><td>42 s<\/td>/,
    );
    assert.match(page.html, /data-testid="time-on-task"[\s\S]*\d+ min/);
    assert.match(page.html, /Flagged as stuck on “What a fraction means”/);

    const csv = await t.teacher.client.get(
      `${s.toolUrl}/app/courses/${t.courseId}/activities/${t.activityId}/students/${pid}/answers.csv?s=${encodeURIComponent(t.token)}`,
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="pathwise-answers-/);
    assert.match(csv.html, /"'=HYPERLINK\(""http:\/\/evil""\)"/, 'a formula is neutralised with an apostrophe');
    assert.doesNotMatch(csv.html, /(^|,)=HYPERLINK/m);

    const overview = await t.teacher.client.get(
      `${s.toolUrl}/app/courses/${t.courseId}/activities/${t.activityId}/overview.csv?s=${encodeURIComponent(t.token)}`,
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(overview.status, 200);
    assert.match(overview.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(overview.headers.get('content-disposition') ?? '', /attachment/);
    const lines = overview.html.trim().split('\r\n');
    assert.equal(lines[0], 'Student,Started,Skills mastered,What a fraction means,Fractions on the number line,Needs attention');
    assert.ok(lines[1]!.startsWith(t.c.member({ student: 0 }).name), lines[1]);
  });

  it('turns a shared gap into a group card: students, prerequisite, common wrong answers, three worked examples, one-click focus', async () => {
    const s = await stack();
    const t = await classroom('fraction-meaning,number-line', 3, 3);
    const pids = [await personIdOf(t.c, 0, t.courseId), await personIdOf(t.c, 1, t.courseId)];
    for (const [i, pid] of pids.entries()) {
      await seedAnswers({
        activityId: t.activityId,
        personId: pid,
        skillId: 'fraction-meaning',
        correct: [true, true, true, true, true, true, true, true],
      });
      await seedAnswers({ activityId: t.activityId, personId: pid, skillId: 'number-line', correct: Array<boolean>(12).fill(false) });
      for (const [j, response] of ['3/4', '3/4', '1/2'].entries()) {
        await AnswerLog.create({
          _id: `g-${pid}-${j}`,
          attemptId: `g-${pid}-${j}`,
          courseId: new Types.ObjectId(t.courseId),
          activityId: new Types.ObjectId(t.activityId),
          personId: new Types.ObjectId(pid),
          itemId: 'x',
          seed: 1,
          skillIds: ['number-line'],
          order: i * 10 + j,
          response,
          correct: false,
          at: new Date(),
        });
      }
    }
    const overview = await t.teacher.client.get(`${s.toolUrl}/app/courses/${t.courseId}/teacher?s=${encodeURIComponent(t.token)}`, {
      sandboxUrl: s.sandboxUrl,
    });
    const link = /href="([^"]+\/groups\/number-line\?s=[^"]+)"/.exec(overview.html)?.[1];
    assert.ok(link, 'the overview links the group card');
    const card = await t.teacher.client.get(new URL(link.replace(/&amp;/g, '&'), s.toolUrl).toString(), { sandboxUrl: s.sandboxUrl });
    assert.equal(card.status, 200, card.html.slice(0, 300));
    for (const n of [0, 1]) assert.match(card.html, new RegExp(t.c.member({ student: n }).name));
    assert.doesNotMatch(card.html, new RegExp(`${t.c.member({ student: 2 }).name}`), 'only the students who share the gap');
    assert.match(card.html, /builds on What a fraction means/);
    assert.match(
      card.html,
      /data-testid="wrong-answers"[\s\S]*?<li><strong>3\/4<\/strong> \(4 times\)[\s\S]*?<li><strong>1\/2<\/strong> \(2 times\)/,
    );
    assert.equal([...card.html.matchAll(/<p>Answer: <strong>[^<]+<\/strong><\/p>/g)].length, 3, 'three examples with their answers');
    assert.match(card.html, /@media print|pathwise\.[a-f0-9]+\.css/);
    const form = parseForms(card.html).find((f) => f.action.endsWith('/changes'))!;
    assert.equal(
      [...card.html.matchAll(/name="personIds" value="([a-f0-9]{24})"/g)]
        .map((m) => m[1])
        .sort()
        .join(),
      [...pids].sort().join(),
    );
    // (The test's form parser keeps one value per name: the group's ids are sent as the browser would.)
    const res = await change(t, s, form.action, { ...form.fields, personIds: pids });
    assert.equal(res.status, 303);
    for (const pid of pids) {
      const p = (await Progress.findById(progressKey(t.activityId, pid)).lean<ProgressDoc>())!;
      assert.equal(p.state.chosenSkill, 'number-line');
      assert.equal(p.current.skillId, 'number-line');
    }
  });
});
