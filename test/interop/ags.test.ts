import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { answer, launchAs, personOf } from '../support/factories.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { GradeArchive, GradeEvent } from '../../src/repositories/models/GradeEvent.ts';
import { findGradeEvent } from '../../src/repositories/gradeEventRepository.ts';
import type { Flavour } from '../../scripts/sandbox/index.ts';

/** Launches a student on a link and answers the question on screen once. */
async function answerOnce(flavour: Flavour, student: number, resourceLinkId: string) {
  const r = await launchAs(flavour, { student }, { resourceLinkId });
  assert.equal(r.status, 200, r.html.slice(0, 300));
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
  const res = await answer(r.client, r.url, r.html, '1/2');
  assert.ok(res.status < 400, `answer accepted (${res.status})`);
  const { user } = await personOf(flavour, { student });
  return { activityId, sub: user.sub };
}

describe('AGS line items and scores (interop)', function () {
  this.timeout(90_000);

  for (const flavour of ['moodle', 'canvas'] as const) {
    it(`creates the line item of a link launched without one, once, and sends the first answer as "Started" with a comment (${flavour})`, async () => {
      const s = await stack();
      const { info } = await personOf(flavour, 'teacher');
      const link = s.sandbox.addResourceLink(info.courseId, {
        title: `No column ${flavour}`,
        custom: { skills: 'fraction-meaning,number-line' },
      });
      const first = await answerOnce(flavour, 1, link.id);
      const launched = await Activity.findById(first.activityId).lean();
      assert.equal(launched?.lineItemUrl, undefined, 'the launch carried no lineitem');
      await s.pathwise.publisher.kick();

      const mine = s.sandbox.lineItems(info.courseId).filter((li) => li.resourceLinkId === link.id);
      assert.equal(mine.length, 1, 'one line item created for the link');
      assert.equal(mine[0]!.tag, 'pathwise-grade');
      assert.equal(mine[0]!.resourceId, first.activityId);
      const stored = await Activity.findById(first.activityId).lean();
      assert.match(stored?.resolvedLineItemUrl ?? '', new RegExp(`${mine[0]!.id}`));
      const row = s.sandbox
        .gradebook(info.courseId)
        .filter((g) => g.userId === first.sub && g.lineItemId === mine[0]!.id)
        .at(-1);
      assert.ok(row, 'the first answer reached the gradebook');
      assert.equal(row.activityProgress, 'Started');
      const result = s.sandbox.results(info.courseId).find((x) => x.lineItemId === mine[0]!.id && x.userSub === first.sub);
      assert.match(result?.comment ?? '', /^\d+ of 2 skills mastered$/);

      // A second student on the same link finds the line item instead of creating another.
      const second = await answerOnce(flavour, 2, link.id);
      await s.pathwise.publisher.kick();
      assert.equal(s.sandbox.lineItems(info.courseId).filter((li) => li.resourceLinkId === link.id).length, 1, 'no duplicate column');
      assert.ok(s.sandbox.gradebook(info.courseId).some((g) => g.userId === second.sub && g.lineItemId === mine[0]!.id));
    });
  }

  it('finds its own line item on a later page when the link has several columns and the launch names none', async () => {
    const s = await stack();
    const { info } = await personOf('moodle', 'teacher');
    const link = s.sandbox.addResourceLink(info.courseId, { title: 'Paged', custom: { skills: 'fraction-meaning' } });
    const r = await launchAs('moodle', { student: 3 }, { resourceLinkId: link.id });
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
    s.sandbox.addLineItem(info.courseId, { resourceLinkId: link.id, label: 'Teacher’s own column' });
    const ours = s.sandbox.addLineItem(info.courseId, {
      resourceLinkId: link.id,
      label: 'Paged',
      tag: 'pathwise-grade',
      resourceId: activityId,
    });
    s.sandbox.settings.defaultPageSize = 1;
    try {
      const again = await answerOnce('moodle', 3, link.id); // two columns: Moodle's launch names none
      assert.equal((await Activity.findById(again.activityId).lean())?.lineItemUrl, undefined);
      await s.pathwise.publisher.kick();
      assert.equal(s.sandbox.lineItems(info.courseId).filter((li) => li.resourceLinkId === link.id).length, 2, 'nothing created');
      assert.ok(
        s.sandbox.gradebook(info.courseId).some((g) => g.userId === again.sub && g.lineItemId === ours),
        'score in the tagged column on page 2',
      );
    } finally {
      delete s.sandbox.settings.defaultPageSize;
    }
  });

  it('re-creates a line item deleted in the LMS and sends the pending score there', async () => {
    const s = await stack();
    const { info } = await personOf('canvas', 'teacher');
    const link = s.sandbox.addResourceLink(info.courseId, {
      title: 'Deleted column',
      custom: { skills: 'fraction-meaning' },
      lineItem: { scoreMaximum: 10 },
    });
    const original = s.sandbox.lineItems(info.courseId).find((li) => li.resourceLinkId === link.id)!;
    const r = await launchAs('canvas', { student: 3 }, { resourceLinkId: link.id });
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
    s.sandbox.deleteLineItemByTeacher(original.id);
    const { user } = await personOf('canvas', { student: 3 });
    assert.ok((await answer(r.client, r.url, r.html, '1/2')).status < 400);
    // Pending in the outbox, or already sent and archived by the sender woken by the answer.
    const filter = { activityId, userSub: user.sub };
    const ev = (await GradeEvent.findOne(filter).sort({ seq: -1 }).lean()) ?? (await GradeArchive.findOne(filter).sort({ seq: -1 }).lean());
    assert.match(ev?.lineItemUrl ?? '', new RegExp(original.id), 'recorded for the launch’s line item');
    await s.pathwise.publisher.kick();
    const now = s.sandbox.lineItems(info.courseId).filter((li) => li.resourceLinkId === link.id);
    assert.equal(now.length, 1);
    assert.notEqual(now[0]!.id, original.id);
    assert.equal((await findGradeEvent(String(ev!._id)))?.status, 'sent');
    assert.ok(s.sandbox.gradebook(info.courseId).some((g) => g.userId === user.sub && g.lineItemId === now[0]!.id));
    const a = await Activity.findById(activityId).lean();
    assert.ok(a?.goneLineItemUrls?.some((u) => u.includes(original.id)));
  });

  it('answers a GET on the launch URL (Moodle’s cartridge probe) with 200 and a plain sentence', async () => {
    const s = await stack();
    const res = await fetch(`${s.toolUrl}/lti/launch`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /launch endpoint/i);
  });
});
