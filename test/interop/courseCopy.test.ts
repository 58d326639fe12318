import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import { canvasConfig } from '../../src/lti/canvasConfig.ts';
import type { Course as SandboxCourse, Flavour } from '../../scripts/sandbox/index.ts';

async function launchIn(flavour: Flavour, course: SandboxCourse, userIndex: number, resourceLinkId: string) {
  const s = await stack();
  const client = new LtiClient();
  const r = await client.launch({
    sandboxUrl: s.sandboxUrl,
    launchUrl: s.sandbox.launchUrl({ flavour, courseId: course.id, userId: course.members[userIndex]!.id, resourceLinkId }),
  });
  assert.equal(r.status, 200, r.html.slice(0, 300));
  return /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
}

describe('course copy (interop)', function () {
  this.timeout(60_000);

  it('asks for the history substitutions in the registration and the Canvas configuration', async () => {
    const s = await stack();
    for (const reg of s.sandbox.registrations()) {
      assert.equal(reg.customParameters.resource_link_history, '$ResourceLink.id.history');
      assert.equal(reg.customParameters.context_history, '$Context.id.history');
    }
    assert.equal(canvasConfig(s.toolUrl).custom_fields.resource_link_history, '$ResourceLink.id.history');
  });

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`gives a copied activity its original's settings, not its students' work (${flavour})`, async () => {
      const s = await stack();
      const original = s.sandbox.addCourse(flavour, { title: `Copy source ${flavour}`, students: 1 });
      const link = s.sandbox.addResourceLink(original.id, { title: 'Copied practice' });
      const sourceId = await launchIn(flavour, original, 1, link.id);
      await Activity.updateOne(
        { _id: sourceId },
        { $set: { skillIds: ['number-line'], gradingMode: 'completion', masteryThreshold: 0.9 } },
      );
      assert.ok(await Progress.exists({ activityId: sourceId }), 'the student worked in the original');

      const { course: copy, links } = s.sandbox.copyCourse(original.id);
      const copiedId = await launchIn(flavour, copy, 1, links[link.id]!);
      assert.notEqual(copiedId, sourceId, 'a new activity for the new link');
      const copied = await Activity.findById(copiedId).lean();
      assert.equal(String(copied?.inheritedFrom), sourceId);
      assert.deepEqual(copied?.skillIds, ['number-line']);
      assert.equal(copied?.gradingMode, 'completion');
      assert.equal(copied?.masteryThreshold, 0.9);
      assert.notEqual(String(copied?.courseId), String((await Activity.findById(sourceId).lean())?.courseId));
      const progress = await Progress.find({ activityId: copiedId }).lean();
      assert.ok(
        progress.every((p) => p.answered === 0),
        'no answers carried over',
      );
    });
  }
});
