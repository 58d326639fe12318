import assert from 'node:assert/strict';
import type { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { Roster } from '../../src/repositories/models/Roster.ts';

const rowOf = (html: string, name: string) =>
  new RegExp(`<tr data-testid="student-row"[^>]*>\\s*<th scope="row" class="who">(<a [^>]*>)?${name}(</a>)?[\\s\\S]*?</tr>`).exec(
    html,
  )?.[0] ?? '';

/** The Pathwise course of a sandbox resource link (found through its activity). */
async function courseOfLink(resourceLinkId: string): Promise<Types.ObjectId> {
  for (let i = 0; i < 50; i++) {
    const a = await Activity.findOne({ resourceLinkId }).lean();
    if (a) return a.courseId as Types.ObjectId;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no activity for link ${resourceLinkId}`);
}

/**
 * Opens the teacher view of an activity by a teacher launch, then (the view waits a few seconds
 * at most for the LMS) once the roster of that link is stored, reloads it with the same session.
 */
async function teacherViewOf(launch: Awaited<ReturnType<typeof ownCourse>>['launch'], resourceLinkId: string): Promise<string> {
  const client = new LtiClient();
  const t = await launch('teacher', { client, resourceLinkId });
  assert.equal(t.status, 200, t.html.slice(0, 300));
  const courseId = await courseOfLink(resourceLinkId);
  for (let i = 0; i < 200; i++) {
    const roster = await Roster.findOne({ courseId }).lean();
    if (roster?.fetchedAt && roster.links?.some((l) => l.resourceLinkId === resourceLinkId)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const again = await client.get(t.url);
  assert.equal(again.status, 200);
  return again.html;
}

describe('NRPS roster of one activity (rlid) in the teacher view (interop)', function () {
  this.timeout(120_000);

  it('lists only the students who can see the activity; an activity open to all lists everyone', async () => {
    const s = await stack();
    const own = await ownCourse('moodle', { students: 3 });
    const [a, b, c] = [0, 1, 2].map((i) => own.member({ student: i }));
    s.sandbox.setLinkAudience(own.link.id, [a!.id, b!.id]); // the activity is restricted to a group of two
    const open = s.sandbox.addResourceLink(own.course.id, {
      clientId: own.clientId,
      title: 'Open to everyone',
      custom: { skills: 'fraction-meaning' },
      lineItem: { label: 'Open to everyone', scoreMaximum: 10 },
    });
    assert.equal((await own.launch({ student: 0 })).status, 200);

    const restricted = await teacherViewOf(own.launch, own.link.id);
    assert.ok(rowOf(restricted, a!.name), `${a!.name} (launched) is listed`);
    assert.match(rowOf(restricted, b!.name), /Has not opened Pathwise yet/, `${b!.name} can see it and is not started`);
    assert.equal(rowOf(restricted, c!.name), '', `${c!.name} cannot see the activity and is not listed`);
    assert.match(restricted, /1 of 2 students have started/);

    const everyone = await teacherViewOf(own.launch, open.id);
    for (const u of [a, b, c]) assert.ok(rowOf(everyone, u!.name), `${u!.name} is listed for the open activity`);
    assert.match(rowOf(everyone, c!.name), /Has not opened Pathwise yet/);

    const roster = await Roster.findOne({ courseId: await courseOfLink(own.link.id) }).lean();
    const link = roster?.links.find((l) => l.resourceLinkId === own.link.id);
    assert.deepEqual([...(link?.subs ?? [])].sort(), [own.member('teacher').sub, a!.sub, b!.sub].sort(), 'only platform ids are kept');
  });

  it('falls back to the course roster when the LMS refuses the activity list', async () => {
    const s = await stack();
    const own = await ownCourse('canvas', { students: 3 });
    s.sandbox.setLinkAudience(own.link.id, [own.member({ student: 0 }).id]);
    s.sandbox.tamper.failRlid = { status: 400, message: 'rlid is not supported' };
    try {
      const view = await teacherViewOf(own.launch, own.link.id);
      for (const i of [0, 1, 2]) assert.match(rowOf(view, own.member({ student: i }).name), /Has not opened Pathwise yet/);
      assert.doesNotMatch(view, /data-testid="roster-notice"/, 'the course roster is there: nothing to warn about');
      const roster = await Roster.findOne({ courseId: await courseOfLink(own.link.id) }).lean();
      assert.equal(roster?.links.find((l) => l.resourceLinkId === own.link.id)?.failed, true, 'the refusal is remembered until the TTL');
    } finally {
      delete s.sandbox.tamper.failRlid;
    }
  });
});
