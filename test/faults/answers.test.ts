/**
 * Answers interrupted between their one atomic write and its effects (a crash, a database error
 * at the worst moment): nothing counted is lost, nothing is counted twice, and after the
 * reconciler the LMS holds the score Pathwise holds.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { gradedStudent } from './helpers.ts';
import { correctForm, currentInstance } from '../support/answers.ts';
import { questionOf } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';
import { answerEvidence, replayState } from '../support/replay.ts';
import { faults, gradeEventId } from '../../src/commands/answerEffects.ts';
import { findGradeEvent } from '../../src/repositories/gradeEventRepository.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { Progress, progressKey, type ProgressDoc } from '../../src/repositories/models/Progress.ts';

const crash = () => {
  throw new Error('injected: the process died after the progress write');
};

describe('answers interrupted between the write and its effects', function () {
  this.timeout(240_000);
  afterEach(() => {
    delete faults.beforeEffects;
  });

  it('tells a student who resubmits a counted answer "already counted" (not stale) and completes its effects', async () => {
    const a = await gradedStudent('moodle', 2);
    const q = questionOf(a.r.html);
    const inst = await currentInstance(a.activityId, a.personId);
    const form = { ...q.fields, ...correctForm(inst) };
    const url = new URL(q.action, a.r.url).toString();
    faults.beforeEffects = crash;
    const failed = await a.r.client.postForm(url, form, { sandboxUrl: a.s.sandboxUrl });
    assert.equal(failed.status, 500);
    delete faults.beforeEffects;
    const p = await Progress.findById(progressKey(a.activityId, a.personId)).lean<ProgressDoc>();
    assert.equal(p?.answered, 1, 'the answer counted');
    assert.ok(p?.pending?.[form.attemptId as string], 'its effects wait in the progress document');
    assert.equal(await AnswerLog.exists({ _id: form.attemptId }), null);

    const again = await a.r.client.postForm(url, form, { sandboxUrl: a.s.sandboxUrl });
    assert.equal(again.status, 200, again.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
    assert.match(again.html, /already counted/);
    const after = await Progress.findById(p._id).lean<ProgressDoc>();
    assert.equal(after?.answered, 1, 'counted once');
    assert.deepEqual(Object.keys(after?.pending ?? {}), []);
    assert.ok(await AnswerLog.exists({ _id: form.attemptId }), 'logged by the resubmission');
  });

  it('loses no answer and no grade when every answer is interrupted: after a restart the reconciler completes them and the LMS matches', async () => {
    const a = await gradedStudent('canvas', 1);
    const id = progressKey(a.activityId, a.personId);
    faults.beforeEffects = crash;
    let html = a.r.html;
    for (let i = 0; i < 40 && Number(/data-testid="mastered"[^>]*>\s*(\d+)/.exec(html)?.[1] ?? 0) < 1; i++) {
      const kind = /data-testid="step" data-kind="([^"]+)"/.exec(html)?.[1];
      if (kind === 'item') {
        const q = questionOf(html);
        const res = await a.r.client.postForm(
          new URL(q.action, a.r.url).toString(),
          { ...q.fields, ...correctForm(await currentInstance(a.activityId, a.personId)) },
          { sandboxUrl: a.s.sandboxUrl },
        );
        assert.equal(res.status, 500, 'each answer fails after its write');
      } else {
        const c = parseForms(html).find((f) => f.action.endsWith('/continue'))!;
        await a.r.client.postForm(new URL(c.action, a.r.url).toString(), c.fields, { sandboxUrl: a.s.sandboxUrl });
      }
      html = (await a.r.client.get(a.r.url, { sandboxUrl: a.s.sandboxUrl })).html;
    }
    const before = await Progress.findById(id).lean<ProgressDoc>();
    assert.equal(before?.score, 1, 'the student reached mastery');
    const pending = Object.keys(before?.pending ?? {});
    assert.equal(pending.length, before?.answered);
    assert.equal(await AnswerLog.countDocuments({ activityId: new Types.ObjectId(a.activityId) }), 0);
    assert.equal(a.rows().length, 0, 'the LMS has nothing yet');

    delete faults.beforeEffects;
    await a.s.restartTool();
    await a.s.pathwise.reconcile();
    await a.s.pathwise.publisher.kick();

    const after = await Progress.findById(id).lean<ProgressDoc>();
    assert.deepEqual(Object.keys(after?.pending ?? {}), []);
    assert.equal(await AnswerLog.countDocuments({ activityId: new Types.ObjectId(a.activityId) }), before!.answered);
    assert.deepEqual(
      answerEvidence(after!.state.skills),
      answerEvidence((await replayState(a.activityId, a.personId)).skills),
      'the log replays to the stored state',
    );
    const graded = pending.filter((k) => before!.pending![k]!.grade);
    assert.ok(graded.length >= 1);
    for (const k of graded) assert.equal((await findGradeEvent(gradeEventId(k)))?.status, 'sent');
    assert.equal(a.rows().at(-1)?.scoreGiven, after!.score, 'the LMS holds Pathwise’s score');
    assert.equal(a.rows().length, graded.length, 'each score change sent once');
  });
});
