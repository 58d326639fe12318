import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { Course } from '../../src/repositories/models/Course.ts';
import { Roster } from '../../src/repositories/models/Roster.ts';
import type { Course as SandboxCourse, Flavour } from '../../scripts/sandbox/index.ts';

async function launchIn(flavour: Flavour, course: SandboxCourse, userIndex: number, resourceLinkId: string) {
  const s = await stack();
  const user = course.members[userIndex]!;
  const client = new LtiClient();
  const launchUrl = s.sandbox.launchUrl({ flavour, courseId: course.id, userId: user.id, resourceLinkId });
  const r = await client.launch({ sandboxUrl: s.sandboxUrl, launchUrl });
  assert.equal(r.status, 200, r.html.slice(0, 300));
  return r;
}

const rowOf = (html: string, name: string) =>
  new RegExp(`<tr data-testid="student-row"[^>]*>\\s*<th scope="row" class="who">(<a [^>]*>)?${name}(</a>)?[\\s\\S]*?</tr>`).exec(
    html,
  )?.[0] ?? '';

describe('NRPS roster in the teacher view (interop)', function () {
  this.timeout(90_000);

  for (const flavour of ['moodle', 'canvas'] as const) {
    it(`lists students who never opened Pathwise, then marks those who left or are inactive (${flavour})`, async () => {
      const s = await stack();
      const course = s.sandbox.addCourse(flavour, { title: `Roster ${flavour}`, students: 3 });
      const link = s.sandbox.addResourceLink(course.id, { title: 'Roster practice', custom: { skills: 'fraction-meaning' } });
      s.sandbox.settings.defaultPageSize = 2; // the roster arrives in two pages
      try {
        await launchIn(flavour, course, 1, link.id);
        const t = await launchIn(flavour, course, 0, link.id);
        for (const i of [1, 2, 3]) assert.ok(rowOf(t.html, course.members[i]!.name), `${course.members[i]!.name} is listed`);
        assert.match(rowOf(t.html, course.members[2]!.name), /Has not opened Pathwise yet/);
        assert.match(t.html, /1 of 3 students have started/);
        assert.doesNotMatch(t.html, /data-testid="roster-notice"/);

        s.sandbox.setMemberStatus(course.id, course.members[2]!.id, 'Inactive');
        s.sandbox.setMemberStatus(course.id, course.members[3]!.id, 'Deleted');
        const pw = await Course.findOne({ contextId: { $exists: true }, title: `Roster ${flavour}` }).lean();
        const before = await Roster.findOne({ courseId: pw!._id }).lean();
        assert.ok(before?.differencesUrl, 'the platform offered differences');
        await Roster.updateOne({ courseId: pw!._id }, { $set: { fetchedAt: new Date(0) } }); // past the TTL
        const again = await launchIn(flavour, course, 0, link.id);
        assert.match(rowOf(again.html, course.members[2]!.name), /inactive in the LMS/);
        assert.match(rowOf(again.html, course.members[3]!.name), /left the course/);
        assert.match(again.html, /1 of 1 students have started/, 'only active students count');
        const roster = await Roster.findOne({ courseId: new Types.ObjectId(pw!._id) }).lean();
        assert.equal(roster?.members.find((m) => m.sub === course.members[3]!.sub)?.status, 'Deleted');
      } finally {
        delete s.sandbox.settings.defaultPageSize;
      }
    });
  }

  it('says so when the LMS shares neither the class list nor a grade column, and keeps the launched students', async () => {
    const s = await stack();
    const course = s.sandbox.addCourse('moodle', { title: 'No services', students: 2 });
    const link = s.sandbox.addResourceLink(course.id, { title: 'Ungraded practice', custom: { skills: 'fraction-meaning' } });
    const strip = (c: Record<string, unknown>) => {
      const out = { ...c };
      delete out['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'];
      delete out['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'];
      return { claims: out };
    };
    s.sandbox.tamper.nextIdToken = strip;
    await launchIn('moodle', course, 1, link.id);
    s.sandbox.tamper.nextIdToken = strip;
    const t = await launchIn('moodle', course, 0, link.id);
    assert.match(t.html, /data-testid="roster-notice"[^>]*>[^<]*does not share the class list/);
    assert.match(t.html, /data-testid="grades-notice"[^>]*>[^<]*cannot reach your LMS gradebook[^<]*IMS LTI Assignment and Grade Services/);
    assert.ok(rowOf(t.html, course.members[1]!.name), 'the launched student is listed');
    assert.equal(rowOf(t.html, course.members[2]!.name), '', 'no roster: the never-launched student is unknown');
  });
});
