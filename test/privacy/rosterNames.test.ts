/**
 * Pseudonymous mode with the LMS roster (NRPS): the roster's names reach the teacher's overview,
 * the student page and the CSV export, yet no collection of the database holds a name or an
 * e-mail of the course's people, through a first (full) roster read and a later (differences) one.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { newSchool, scan } from './helpers.ts';
import { changePrivacySettings } from '../../src/repositories/privacySettings.ts';
import { Course } from '../../src/repositories/models/Course.ts';
import { Roster } from '../../src/repositories/models/Roster.ts';
import type { User } from '../../scripts/sandbox/index.ts';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The value itself, not a longer one that starts with it (sandbox names end in a course number). */
const exactly = (s: string) => new RegExp(`${escapeRe(s)}(?![0-9])`, 'i');

describe('pseudonymous mode with the LMS roster', function () {
  this.timeout(120_000);

  it('shows roster names to the teacher from memory and stores none of them', async () => {
    const s = await stack();
    const school = await newSchool();
    await changePrivacySettings(school.issuer, school.clientId, { pseudonymous: true });
    const course = s.sandbox.addCourse('moodle', { title: `Pseudonymous roster ${Date.now()}`, students: 3 });
    const link = s.sandbox.addResourceLink(course.id, {
      clientId: school.clientId,
      title: 'Roster practice',
      custom: { skills: 'fraction-meaning' },
    });
    const launch = async (member: User) => {
      const client = new LtiClient();
      const launchUrl = s.sandbox.launchUrl({
        flavour: 'moodle',
        courseId: course.id,
        userId: member.id,
        resourceLinkId: link.id,
        clientId: school.clientId,
        deploymentId: school.deploymentId,
      });
      const r = await client.launch({ sandboxUrl: s.sandboxUrl, launchUrl });
      assert.equal(r.status, 200, r.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
      return r;
    };
    const [teacher, first, second, third] = course.members as [User, User, User, User];

    await launch(first); // the only student who opens Pathwise; the others are known from the roster alone
    const t = await launch(teacher);
    const pw = await Course.findOne({ clientId: school.clientId, title: course.title }).lean();
    assert.ok(pw?.nrpsUrl, 'the launch named the course roster');
    const stored = await Roster.findOne({ courseId: pw._id }).lean();
    assert.equal(stored?.members.length, 4, 'the roster was read from the LMS');
    assert.ok(
      stored.members.every((m) => m.name === ''),
      'the stored roster has no names',
    );
    for (const m of [first, second, third]) assert.ok(t.html.includes(m.name), `the overview shows ${m.name}`);

    // A later refresh goes through the LMS's differences link: still nothing stored.
    s.sandbox.setMemberStatus(course.id, third.id, 'Inactive');
    await Roster.updateOne({ courseId: pw._id }, { $set: { fetchedAt: new Date(0) } });
    const again = await fetch(t.url);
    const html = await again.text();
    assert.equal(again.status, 200);
    assert.match(html, new RegExp(`${escapeRe(third.name)}[\\s\\S]*?inactive in the LMS`), 'the refreshed roster is shown with its name');
    assert.ok(html.includes(second.name));

    const activityId = /\/activities\/([a-f0-9]{24})\//.exec(html)?.[1];
    const token = new URL(t.url).searchParams.get('s');
    assert.ok(activityId && token, 'the overview links to its activity');
    const personId = new RegExp(`/activities/${activityId}/students/([a-f0-9]{24})`).exec(html)?.[1];
    assert.ok(personId, 'the overview links to the student who started');
    const base = `${s.toolUrl}/app/courses/${String(pw._id)}/activities/${activityId}`;
    const studentPage = await (await fetch(`${base}/students/${personId}?s=${encodeURIComponent(token)}`)).text();
    assert.ok(studentPage.includes(first.name), 'the student page shows the name');
    const csv = await (await fetch(`${base}/overview.csv?s=${encodeURIComponent(token)}`)).text();
    for (const m of [first, second, third]) assert.ok(csv.includes(m.name), `the CSV export names ${m.name}`);

    const after = await Roster.findOne({ courseId: new Types.ObjectId(pw._id) }).lean();
    assert.equal(after?.members.find((m) => m.sub === third.sub)?.status, 'Inactive');
    const needles = course.members.flatMap((m) => [exactly(m.name), exactly(m.email)]);
    assert.deepEqual(await scan(needles), {}, 'no collection holds a name or an e-mail of the course');
  });
});
