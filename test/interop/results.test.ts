/**
 * Reading the LMS gradebook back (AGS `/results`) against the sandbox: all pages are read, a grade
 * a teacher changed in the LMS is told apart from the one Pathwise sent, and nothing is called
 * when the platform did not grant `result.readonly`.
 */
import assert from 'node:assert/strict';
import { ownCourse } from '../support/factories.ts';
import { stack } from '../support/stack.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { SCOPES } from '../../src/lti/claims.ts';
import { compareWithLms, type SentGrade } from '../../src/lti/results.ts';

describe('LMS gradebook read back through AGS results (interop)', function () {
  this.timeout(60_000);

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`reads every page of results and finds the grade changed in the LMS (${flavour})`, async () => {
      const s = await stack();
      const c = await ownCourse(flavour, { students: 3 });
      const launched = await c.launch({ student: 0 });
      assert.equal(launched.status, 200, launched.html.slice(0, 200));
      const activity = (await Activity.findOne({ resourceLinkId: c.link.id }).lean())!;
      assert.ok(activity.lineItemUrl && activity.agsScopes.includes(SCOPES.resultReadonly), 'the launch granted result.readonly');
      const regClientId = c.clientId;
      const issuer = s.sandbox.flavours[flavour].issuer;
      const sent: SentGrade[] = [0, 1, 2].map((i) => ({ userSub: c.member({ student: i }).sub, scoreGiven: 3, scoreMaximum: 10 }));
      for (const [i, g] of sent.entries()) {
        const outcome = await s.pathwise.lti.ags.sendScore({
          issuer,
          clientId: regClientId,
          lineItemUrl: activity.lineItemUrl,
          score: {
            userId: g.userSub,
            scoreGiven: g.scoreGiven,
            scoreMaximum: g.scoreMaximum,
            timestamp: new Date(Date.now() + i * 1500).toISOString(),
            activityProgress: 'InProgress',
            gradingProgress: 'FullyGraded',
          },
        });
        assert.equal(outcome.kind, 'sent', JSON.stringify(outcome));
      }
      const lineItem = s.sandbox.lineItems(c.course.id).find((l) => l.resourceLinkId === c.link.id)!;
      s.sandbox.overrideResult(lineItem.id, sent[1]!.userSub, 9);
      s.sandbox.settings.defaultPageSize = 1; // three pages of one result
      try {
        const read = await compareWithLms(s.pathwise.lti.ags, { issuer, clientId: regClientId, ...activity, sent });
        assert.equal(read.status, 'read');
        const rows = read.status === 'read' ? read.rows : [];
        assert.equal(rows.length, 3, 'every page was read');
        const bySub = new Map(rows.map((r) => [r.userSub, r]));
        assert.deepEqual(bySub.get(sent[1]!.userSub), { userSub: sent[1]!.userSub, lms: 0.9, sent: 0.3, changedInLms: true });
        assert.equal(bySub.get(sent[0]!.userSub)?.changedInLms, false);
        assert.equal(bySub.get(sent[2]!.userSub)?.changedInLms, false);
      } finally {
        delete s.sandbox.settings.defaultPageSize;
      }
    });
  }

  it('calls nothing without the result.readonly scope or a line item, and reports an LMS failure without throwing', async () => {
    const s = await stack();
    const c = await ownCourse('canvas', { students: 1 });
    await c.launch({ student: 0 });
    const activity = (await Activity.findOne({ resourceLinkId: c.link.id }).lean())!;
    const base = { issuer: s.sandbox.flavours.canvas.issuer, clientId: c.clientId, sent: [] };
    s.sandbox.tamper.failServiceCalls = { remaining: 3, status: 503 };
    try {
      const noScope = await compareWithLms(s.pathwise.lti.ags, {
        ...base,
        lineItemUrl: activity.lineItemUrl,
        agsScopes: activity.agsScopes.filter((x) => x !== SCOPES.resultReadonly),
      });
      assert.deepEqual(noScope, { status: 'unavailable', reason: 'no_result_scope' });
      const noLineItem = await compareWithLms(s.pathwise.lti.ags, { ...base, lineItemUrl: undefined, agsScopes: activity.agsScopes });
      assert.deepEqual(noLineItem, { status: 'unavailable', reason: 'no_line_item' });
      assert.equal(s.sandbox.tamper.failServiceCalls?.remaining, 3, 'the LMS was not called');
      const failed = await compareWithLms(s.pathwise.lti.ags, {
        ...base,
        lineItemUrl: activity.lineItemUrl,
        agsScopes: activity.agsScopes,
      });
      assert.equal(failed.status, 'failed');
    } finally {
      s.sandbox.tamper.failServiceCalls = undefined;
    }
  });
});
