import assert from 'node:assert/strict';
import { SCOPES, useRegisteredRig, type RegisteredTool, type Rig } from './helpers.ts';

const MEMBERSHIPS = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

describe('sandbox NRPS', () => {
  let rig: Rig;
  let canvas: RegisteredTool;
  let moodle: RegisteredTool;
  useRegisteredRig((r) => ({ rig, canvas, moodle } = r));

  async function get(p: typeof canvas.platform, url: string): Promise<Response> {
    const token = await rig.tool.accessToken(p, [SCOPES.nrps]);
    return fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: MEMBERSHIPS, 'User-Agent': 'FakeTool/1.0' } });
  }

  it('pages canvas memberships with a Link next header until every member is seen', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${rig.url}/api/lti/courses/101/names_and_roles?limit=2`;
    let pages = 0;
    while (url) {
      const res = await get(canvas.platform, url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type')?.split(';')[0], MEMBERSHIPS);
      const body = (await res.json()) as { context: { title: string }; members: { user_id: string; roles: string[]; email: string }[] };
      assert.equal(body.context.title, 'Canvas sandbox course');
      seen.push(...body.members.map((m) => m.user_id));
      url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      pages += 1;
    }
    const members = rig.sandbox.users('101');
    assert.equal(pages, Math.ceil(members.length / 2));
    assert.deepEqual(
      seen,
      members.map((u) => u.sub),
    );
  });

  it('filters memberships by role, short name or full URI', async () => {
    const short = (await (await get(canvas.platform, `${rig.url}/api/lti/courses/101/names_and_roles?role=Learner`)).json()) as {
      members: unknown[];
    };
    assert.equal(short.members.length, rig.sandbox.flavours.canvas.studentIds.length);
    const uri = encodeURIComponent('http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor');
    const teachers = (await (await get(canvas.platform, `${rig.url}/api/lti/courses/101/names_and_roles?role=${uri}`)).json()) as {
      members: { user_id: string }[];
    };
    assert.equal(teachers.members.length, 1);
  });

  it('serves moodle memberships at the launch claim URL and refuses another tool type binding', async () => {
    const claims = rig.sandbox.launchClaims({
      flavour: 'moodle',
      courseId: '2',
      userId: rig.sandbox.flavours.moodle.teacherId,
      resourceLinkId: '1',
      nonce: 'n',
    });
    const url = (claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'] as { context_memberships_url: string })
      .context_memberships_url;
    assert.equal(url, `${rig.url}/moodle/mod/lti/services.php/CourseSection/2/bindings/${moodle.reg.toolTypeId}/memberships`);
    const res = await get(moodle.platform, url);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { members: unknown[] }).members.length, rig.sandbox.users('2').length);
    assert.equal((await get(moodle.platform, url.replace(`/bindings/${moodle.reg.toolTypeId}/`, '/bindings/1/'))).status, 403);
  });

  it('needs the membership scope and a known rlid', async () => {
    const token = await rig.tool.accessToken(canvas.platform, [SCOPES.score]);
    const res = await fetch(`${rig.url}/api/lti/courses/101/names_and_roles`, {
      headers: { Authorization: `Bearer ${token}`, 'User-Agent': 'x' },
    });
    assert.equal(res.status, 403);
    assert.equal((await get(canvas.platform, `${rig.url}/api/lti/courses/101/names_and_roles?rlid=nope`)).status, 404);
  });

  it('lists only the members who can see a link with rlid, across pages and in differences', async () => {
    const course = rig.sandbox.addCourse('moodle', { title: 'Restricted', students: 3 });
    const [teacher, s1, s2, s3] = course.members;
    const restricted = rig.sandbox.addResourceLink(course.id, { title: 'Group A only' });
    const open = rig.sandbox.addResourceLink(course.id, { title: 'Everyone' });
    rig.sandbox.setLinkAudience(restricted.id, [s1!.id, s2!.id]);
    const base = `${rig.url}/moodle/mod/lti/services.php/CourseSection/${course.id}/bindings/${moodle.reg.toolTypeId}/memberships`;
    const all = async (first: string) => {
      const seen: string[] = [];
      let url: string | undefined = first;
      let differences: string | undefined;
      while (url) {
        const res = await get(moodle.platform, url);
        assert.equal(res.status, 200);
        seen.push(...((await res.json()) as { members: { user_id: string }[] }).members.map((m) => m.user_id));
        const link = res.headers.get('link') ?? '';
        url = /<([^>]+)>; rel="next"/.exec(link)?.[1];
        differences = /<([^>]+)>; rel="differences"/.exec(link)?.[1];
      }
      return { seen: seen.sort(), differences };
    };
    const subs = (...us: (typeof teacher)[]) => us.map((u) => u!.sub).sort();
    const paged = await all(`${base}?rlid=${restricted.id}&limit=1`);
    assert.deepEqual(paged.seen, subs(teacher, s1, s2), 'the teacher and the two students of the audience, one per page');
    assert.deepEqual((await all(`${base}?rlid=${restricted.id}&role=Learner`)).seen, subs(s1, s2));
    assert.deepEqual((await all(`${base}?rlid=${open.id}`)).seen, subs(teacher, s1, s2, s3), 'no audience: everyone');
    assert.deepEqual((await all(base)).seen, subs(teacher, s1, s2, s3), 'without rlid: the whole course');

    assert.ok(paged.differences?.includes(`rlid=${restricted.id}`), 'differences keep the link');
    rig.sandbox.setMemberStatus(course.id, s3!.id, 'Inactive');
    rig.sandbox.setMemberStatus(course.id, s2!.id, 'Inactive');
    assert.deepEqual((await all(paged.differences!)).seen, subs(s2), 'a change outside the audience is not reported');

    assert.equal((await get(moodle.platform, `${base}?rlid=999999`)).status, 404, 'unknown link');
    const other = rig.sandbox.addCourse('moodle', { title: 'Other', students: 1 });
    const foreign = rig.sandbox.addResourceLink(other.id, { title: 'Elsewhere' });
    assert.equal((await get(moodle.platform, `${base}?rlid=${foreign.id}`)).status, 404, "another course's link");
  });
});
