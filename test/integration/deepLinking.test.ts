import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { openDeepLinkPicker, ownCourse, personOf } from '../support/factories.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';

describe('adding an activity through Deep Linking', function () {
  this.timeout(60_000);

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`lets a ${flavour} teacher pick skills and creates the link and its gradebook column`, async () => {
      const s = await stack();
      const own = await ownCourse(flavour);
      const courseId = own.course.id;
      const linksBefore = s.sandbox.resourceLinks(courseId).length;
      const { client, picker, form, action, skill } = await openDeepLinkPicker(flavour, { courseId, userId: own.member('teacher').id });
      assert.equal(picker.status, 200, picker.html.slice(0, 300));
      assert.ok(form && skill, 'the teacher sees the activity picker');
      const posted = await client.postForm(
        action,
        { ...form.fields, title: `Practice ${flavour}`, skills: skill },
        { sandboxUrl: s.sandboxUrl },
      );
      assert.equal(posted.status, 200, posted.html.slice(0, 300));
      const back = await client.follow(posted, { sandboxUrl: s.sandboxUrl });
      assert.equal(back.status, 200, back.html.slice(0, 300));

      const links = s.sandbox.resourceLinks(courseId);
      assert.equal(links.length, linksBefore + 1);
      const link = links.at(-1)!;
      assert.equal(link.title, `Practice ${flavour}`);
      assert.equal(link.custom?.skills, skill);
      assert.ok(s.sandbox.lineItems(courseId).some((li) => li.label === `Practice ${flavour}` && li.scoreMaximum === 100));

      const student = await own.launch({ student: 0 }, { resourceLinkId: link.id });
      assert.equal(student.status, 200);
      const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1];
      const activity = await Activity.findById(activityId).lean();
      assert.deepEqual(activity?.skillIds, [skill]);
      assert.ok(activity?.lineItemUrl, 'the new activity has its own line item');
    });
  }

  it('does not let a student answer a Deep Linking request', async () => {
    const s = await stack();
    const { info, user } = await personOf('canvas', { student: 0 });
    const client = new LtiClient();
    const launchUrl = s.sandbox.launchUrl({
      flavour: 'canvas',
      courseId: info.courseId,
      userId: user.id,
      messageType: 'LtiDeepLinkingRequest',
    });
    const r = await client.launch({ launchUrl, sandboxUrl: s.sandboxUrl });
    assert.equal(r.status, 403);
  });
});
