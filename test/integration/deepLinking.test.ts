import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { launchAs, personOf } from '../support/factories.ts';
import { LtiClient, parseForms } from '../support/ltiClient.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';

describe('adding an activity through Deep Linking', function () {
  this.timeout(60_000);

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`lets a ${flavour} teacher pick skills and creates the link and its gradebook column`, async () => {
      const s = await stack();
      const { info, user } = await personOf(flavour, 'teacher');
      const client = new LtiClient();
      const linksBefore = s.sandbox.resourceLinks(info.courseId).length;
      const launchUrl = s.sandbox.launchUrl({ flavour, courseId: info.courseId, userId: user.id, messageType: 'LtiDeepLinkingRequest' });
      const picker = await client.launch({ launchUrl, sandboxUrl: s.sandboxUrl });
      assert.equal(picker.status, 200, picker.html.slice(0, 300));
      const form = parseForms(picker.html).find((f) => f.action.endsWith('/lti/deeplink'));
      assert.ok(form, 'the teacher sees the activity picker');
      const skill = /name="skills" value="([^"]+)"/.exec(picker.html)![1]!;
      const posted = await client.postForm(
        new URL(form.action, s.toolUrl).toString(),
        { ...form.fields, title: `Practice ${flavour}`, skills: skill },
        { sandboxUrl: s.sandboxUrl },
      );
      assert.equal(posted.status, 200, posted.html.slice(0, 300));
      const back = await client.follow(posted, { sandboxUrl: s.sandboxUrl });
      assert.equal(back.status, 200, back.html.slice(0, 300));

      const links = s.sandbox.resourceLinks(info.courseId);
      assert.equal(links.length, linksBefore + 1);
      const link = links.at(-1)!;
      assert.equal(link.title, `Practice ${flavour}`);
      assert.equal(link.custom?.skills, skill);
      assert.ok(s.sandbox.lineItems(info.courseId).some((li) => li.label === `Practice ${flavour}` && li.scoreMaximum === 100));

      const student = await launchAs(flavour, { student: 0 }, { resourceLinkId: link.id });
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
