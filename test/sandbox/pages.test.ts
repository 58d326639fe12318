import assert from 'node:assert/strict';
import { formsOf, LtiClient } from '../support/ltiClient.ts';
import { registerFakeTool } from './fakeTool.ts';
import { SCOPES, startRig, type Rig } from './helpers.ts';

describe('sandbox pages', () => {
  let rig: Rig;
  let moodle: ReturnType<typeof registerFakeTool>;

  before(async () => {
    rig = await startRig();
    registerFakeTool(rig.sandbox, rig.tool, 'canvas');
    moodle = registerFakeTool(rig.sandbox, rig.tool, 'moodle');
  });
  after(async () => rig.close());

  it('lists both seeded courses, the registered tools and a registration link on the home page', async () => {
    const home = await new LtiClient().get(`${rig.url}/`);
    assert.equal(home.status, 200);
    assert.match(home.html, /Canvas sandbox course/);
    assert.match(home.html, /Moodle sandbox course/);
    assert.match(home.html, new RegExp(moodle.reg.clientId));
    assert.match(home.html, /href="\/admin\/register"/);
    const courses = rig.sandbox.courses();
    for (const c of courses) {
      assert.ok(c.members.filter((m) => m.role === 'student').length >= 5);
      assert.equal(c.members.filter((m) => m.role === 'teacher').length, 1);
      assert.ok(c.members.every((m) => m.name && m.email.includes('@')));
    }
  });

  it('launches the tool cross-site from a course page button into the frame named "tool"', async () => {
    const page = await new LtiClient().get(`${rig.url}/courses/2`);
    assert.equal(page.status, 200);
    assert.match(page.html, /<iframe name="tool"[^>]*allow="[^"]+"/);
    const forms = formsOf(page.html).filter((f) => f.action === '/launch');
    const members = rig.sandbox.users('2');
    assert.equal(forms.filter((f) => f.fields.type !== 'dl').length, members.length * rig.sandbox.resourceLinks('2').length);
    assert.ok(
      forms.some((f) => f.fields.type === 'dl' && f.fields.user === rig.sandbox.flavours.moodle.teacherId),
      'an Add activity (Deep Linking) button for the teacher',
    );
    const student = members.find((m) => m.role === 'student');
    const form = forms.find((f) => f.fields.user === student?.id && f.fields.type !== 'dl');
    const launchUrl = new URL(form?.action ?? '', page.url);
    for (const [k, v] of Object.entries(form?.fields ?? {})) launchUrl.searchParams.set(k, v);
    const res = await new LtiClient().launch({ launchUrl: launchUrl.toString(), sandboxUrl: rig.url });
    assert.equal(res.status, 200, res.html);
    assert.match(res.html, new RegExp(`Hello ${student?.name ?? '?'}`));
  });

  it('shows what AGS received on the gradebook page, escaping text', async () => {
    const token = await rig.tool.accessToken(moodle.platform, [SCOPES.score]);
    const student = rig.sandbox.flavours.moodle.studentIds[0] ?? '';
    const res = await fetch(`${rig.url}/moodle/mod/lti/services.php/2/lineitems/2/lineitem/scores?type_id=${moodle.reg.toolTypeId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/vnd.ims.lis.v1.score+json', 'User-Agent': 'FakeTool/1.0' },
      body: JSON.stringify({
        userId: student,
        scoreGiven: 3,
        scoreMaximum: 4,
        comment: '<b>bold</b>',
        timestamp: new Date().toISOString(),
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      }),
    });
    assert.equal(res.status, 200);
    const page = await new LtiClient().get(`${rig.url}/courses/2/gradebook`);
    assert.equal(page.status, 200);
    assert.match(page.html, /<td class="recorded">75 \/ 100<\/td>/);
    assert.match(page.html, /&lt;b&gt;bold&lt;\/b&gt;/);
    assert.doesNotMatch(page.html, /<b>bold<\/b>/);
  });

  it('answers 404 pages for unknown courses and 409 when no tool is registered for a flavour', async () => {
    assert.equal((await new LtiClient().get(`${rig.url}/courses/999`)).status, 404);
    const bare = await startRig();
    try {
      const info = bare.sandbox.flavours.canvas;
      const res = await new LtiClient().get(
        bare.sandbox.launchUrl({
          flavour: 'canvas',
          courseId: info.courseId,
          userId: info.studentIds[0] ?? '',
          resourceLinkId: bare.sandbox.resourceLinks(info.courseId)[0]?.id,
        }),
      );
      assert.equal(res.status, 409);
      assert.match(res.html, /register one first/);
    } finally {
      await bare.close();
    }
  });
});
