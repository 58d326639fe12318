/**
 * An answer's effects (log entry, grade event) are applied in the request, and the progress
 * document keeps them in `pending` until the student's next write removes them (no write of their
 * own). A restart in between (this process forgets what it applied) must neither lose nor repeat
 * anything: the reconciler (applyPending, per document) sees they are stored and only removes them.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { eventually, gradedStudent } from './helpers.ts';
import { correctForm, currentInstance } from '../support/answers.ts';
import { questionOf } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';
import { applyPending, gradeEventId } from '../../src/commands/answerEffects.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { GradeArchive, GradeEvent } from '../../src/repositories/models/GradeEvent.ts';
import { Progress, progressKey, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import { forgetWrittenVersions } from '../../src/repositories/progressRepository.ts';

/** Posts a right answer to the question form `q` on the student's launched page. */
async function answerRight(a: Awaited<ReturnType<typeof gradedStudent>>, q: ReturnType<typeof questionOf>) {
  return a.r.client.postForm(
    new URL(q.action, a.r.url).toString(),
    { ...q.fields, ...correctForm(await currentInstance(a.activityId, a.personId)) },
    { sandboxUrl: a.s.sandboxUrl },
  );
}

describe('applied answer effects wait for the next write', function () {
  this.timeout(240_000);

  it('removes an applied effect with the next write, and after a restart the reconciler removes it without repeating it', async () => {
    const a = await gradedStudent('moodle', 3);
    const resume = await a.s.pathwise.holdReconciler();
    try {
      const id = progressKey(a.activityId, a.personId);
      const pendingKeys = async () => Object.keys((await Progress.findById(id).lean<ProgressDoc>())?.pending ?? {});
      // Distinct grade events in the outbox or the archive. The sender moves a sent event by adding
      // it to the archive and then deleting it from the outbox, so two counts in a row could see it
      // twice; the outbox is read first, so an event being moved is seen at least once.
      const gradeEvents = async () => {
        const filter = { _id: /^g:/, personId: new Types.ObjectId(a.personId), activityId: new Types.ObjectId(a.activityId) };
        const outbox = await GradeEvent.find(filter, { _id: 1 }).lean();
        const archive = await GradeArchive.find(filter, { _id: 1 }).lean();
        return new Set([...outbox, ...archive].map((d) => String(d._id))).size;
      };

      // The first answer: logged and graded ("Started") in the request; its effect stays until the next write.
      const q = questionOf(a.r.html);
      const first = String(q.fields.attemptId);
      const res = await answerRight(a, q);
      assert.equal(res.status, 200, res.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
      assert.ok(await AnswerLog.exists({ _id: first }), 'logged in the request');
      assert.equal(await gradeEvents(), 1, 'the first answer’s grade event is recorded in the request');
      assert.deepEqual(await pendingKeys(), [first], 'the applied effect waits for the next write');

      // The next write (an answer or moving on) removes it in the same update.
      const forms = parseForms(res.html);
      const next = forms.find((f) => f.action.endsWith('/answer')) ?? forms.find((f) => f.action.endsWith('/continue'));
      assert.ok(next, 'the page offers a next step');
      const fields = next.action.endsWith('/answer')
        ? { ...next.fields, ...correctForm(await currentInstance(a.activityId, a.personId)) }
        : next.fields;
      const second = await a.r.client.postForm(new URL(next.action, a.r.url).toString(), fields, { sandboxUrl: a.s.sandboxUrl });
      assert.equal(second.status, 200);
      const left = await pendingKeys();
      assert.ok(!left.includes(first), 'the first answer’s effect went with the next write');

      // A restart: the new process does not know what was applied. The reconciler checks the store.
      forgetWrittenVersions();
      const logged = await AnswerLog.countDocuments({
        activityId: new Types.ObjectId(a.activityId),
        personId: new Types.ObjectId(a.personId),
      });
      const graded = await gradeEvents();
      const r = await applyPending((await Progress.findById(id).lean<ProgressDoc>())!); // what the reconciler does per document
      assert.equal(r.applied, 0, 'nothing was left unapplied, so nothing is applied again');
      assert.deepEqual(await pendingKeys(), []);
      assert.equal(
        await AnswerLog.countDocuments({ activityId: new Types.ObjectId(a.activityId), personId: new Types.ObjectId(a.personId) }),
        logged,
      );
      assert.equal(await gradeEvents(), graded, 'no grade event repeated');
    } finally {
      resume();
    }
  });

  it('completes an effect whose answer was logged but whose grade event is missing (interrupted between the two)', async () => {
    const a = await gradedStudent('canvas', 3);
    const resume = await a.s.pathwise.holdReconciler();
    try {
      const id = progressKey(a.activityId, a.personId);
      const q = questionOf(a.r.html);
      const attemptId = String(q.fields.attemptId);
      const res = await answerRight(a, q);
      assert.equal(res.status, 200);
      // Once the grade sender is done with it (sent and archived), as if the request had stopped
      // after the log entry: the grade event never reached the outbox.
      const eid = gradeEventId(attemptId);
      await eventually(
        async () => !(await GradeEvent.exists({ _id: eid })) && (await GradeArchive.exists({ _id: eid })),
        60_000,
        'the grade to be sent',
      );
      await GradeEvent.deleteOne({ _id: gradeEventId(attemptId) });
      await GradeArchive.deleteOne({ _id: gradeEventId(attemptId) });
      forgetWrittenVersions();
      const r = await applyPending((await Progress.findById(id).lean<ProgressDoc>())!);
      assert.equal(r.applied, 1);
      assert.equal(r.graded, 1, 'the grade event is recorded again');
      assert.ok(
        (await GradeEvent.exists({ _id: gradeEventId(attemptId) })) ?? (await GradeArchive.exists({ _id: gradeEventId(attemptId) })),
      );
      assert.deepEqual(Object.keys((await Progress.findById(id).lean<ProgressDoc>())?.pending ?? {}), []);
      assert.equal(await AnswerLog.countDocuments({ _id: attemptId }), 1, 'logged once');
    } finally {
      resume();
    }
  });
});
