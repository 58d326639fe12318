import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { launchAs, personOf } from '../support/factories.ts';
import { LtiClient, parseForms } from '../support/ltiClient.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { listSkills } from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';

describe('Deep Linking, several activities (interop)', function () {
  this.timeout(60_000);

  it('adds one activity per chosen skill, each with its line item and skills, and names skills in words', async () => {
    const s = await stack();
    const { info, user } = await personOf('moodle', 'teacher');
    const client = new LtiClient();
    const before = s.sandbox.resourceLinks(info.courseId).length;
    const picker = await client.launch({
      launchUrl: s.sandbox.launchUrl({ flavour: 'moodle', courseId: info.courseId, userId: user.id, messageType: 'LtiDeepLinkingRequest' }),
      sandboxUrl: s.sandboxUrl,
    });
    assert.equal(picker.status, 200);
    const skills = listSkills(loadBundledPack());
    const withPrereq = skills.find((k) => k.prerequisites.length > 0)!;
    assert.ok(!/\(after [a-z0-9-]+(,|\))/.test(picker.html), 'prerequisites are shown by name, not id');
    assert.ok(picker.html.includes(skills.find((k) => k.id === withPrereq.prerequisites[0])!.title));
    assert.match(picker.html, /name="perSkill"/);
    const form = parseForms(picker.html).find((f) => f.action.endsWith('/lti/deeplink'))!;
    const chosen = skills.slice(0, 2).map((k) => k.id);
    const url = new URL(form.action, s.toolUrl).toString();
    const posted = await client.postForm(
      url,
      { ...form.fields, title: 'Unit 1', perSkill: 'yes', skills: chosen },
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(posted.status, 200, posted.html.slice(0, 300));
    const back = await client.follow(posted, { sandboxUrl: s.sandboxUrl });
    assert.equal(back.status, 200, back.html.slice(0, 300));
    const links = s.sandbox.resourceLinks(info.courseId).slice(before);
    assert.equal(links.length, 2, 'two links in one response');
    for (const [i, link] of links.entries()) {
      assert.equal(link.custom.skills, chosen[i]);
      assert.match(link.title, new RegExp(`^Unit 1: ${skills[i]!.title}`));
      const li = s.sandbox.lineItems(info.courseId).find((x) => x.resourceLinkId === link.id)!;
      assert.equal(li.scoreMaximum, 100);
      assert.equal(li.tag, 'pathwise-grade');
      assert.equal(li.resourceId, `pathwise:${chosen[i]}`);
    }
    const student = await launchAs('moodle', { student: 5 }, { resourceLinkId: links[1]!.id });
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1];
    assert.deepEqual((await Activity.findById(activityId).lean())?.skillIds, [chosen[1]]);
  });
});
