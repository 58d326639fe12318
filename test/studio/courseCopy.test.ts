/**
 * Course copy in the LMS (the sandbox's copy: new context and link ids, with history): the copy's
 * first launch gives it the questions and resource lists the teachers added to the original, never
 * its students' work; the two courses' content is separate afterwards.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { prepareUpload } from '../../src/domain/content/import/studio.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { itemsForSkill } from '../../src/domain/content/index.ts';
import { activityContext } from '../../src/repositories/activityContext.ts';
import {
  copyCourseContent,
  courseResources,
  listCourseItems,
  removeCourseItem,
  saveCourseItems,
  setSkillResources,
} from '../../src/repositories/courseContent.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import type { Course as SandboxCourse } from '../../scripts/sandbox/index.ts';
import { clearCourseContent } from './support.ts';

describe('content studio and LMS course copy', function () {
  this.timeout(120_000);
  const courses: string[] = [];
  after(async () => {
    for (const id of courses) await clearCourseContent(id);
  });

  it("carries the teachers' questions and resources into a copied course, not its students' work", async () => {
    const s = await stack();
    const own = await ownCourse('moodle', { students: 1, skills: 'fraction-meaning' });
    const launchIn = async (course: SandboxCourse, member: number, resourceLinkId: string) => {
      const client = new LtiClient();
      const launchUrl = s.sandbox.launchUrl({ flavour: 'moodle', courseId: course.id, userId: course.members[member]!.id, resourceLinkId });
      const r = await client.launch({ sandboxUrl: s.sandboxUrl, launchUrl });
      assert.equal(r.status, 200, r.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
      return r;
    };
    const activityOf = async (url: string) => Activity.findById(/\/app\/activities\/([a-f0-9]{24})/.exec(url)![1]!).lean();

    // The original: a student has worked; a teacher added a question and a video.
    const worked = await activityOf((await own.launch({ student: 0 })).url);
    const originalId = String(worked!.courseId);
    courses.push(originalId);
    const upload = prepareUpload('::Copy check:: Is 2/4 the same amount as 1/2? {T}', 'gift', loadBundledPack(), 'copy.gift');
    const item: Record<string, unknown> & { id: string } = {
      ...upload.questions[0]!.item,
      id: String(upload.questions[0]!.item.id),
      skills: ['fraction-meaning'],
    };
    await saveCourseItems(originalId, [item], 'copy.gift');
    const video = { kind: 'video' as const, title: 'Halves and quarters', url: 'https://video.invalid/halves', minutes: 4, language: 'en' };
    await setSkillResources(originalId, 'fraction-meaning', [video]);
    await Progress.updateOne({ activityId: worked!._id }, { $set: { answered: 3 } });

    const { course: copy, links } = s.sandbox.copyCourse(own.course.id);
    const student = await launchIn(copy, 1, links[own.link.id]!);
    const copied = await activityOf(student.url);
    const copyId = String(copied!.courseId);
    courses.push(copyId);
    assert.notEqual(copyId, originalId, 'the copy is a course of its own');

    assert.deepEqual(
      (await listCourseItems(copyId)).map((i) => [i.id, i.skillId, i.source]),
      [[String(item.id), 'fraction-meaning', 'copy.gift']],
      'the question came with the copy',
    );
    assert.deepEqual((await courseResources(copyId)).get('fraction-meaning')?.resources, [video], 'the resource list came too');
    const ctx = await activityContext(copied!);
    assert.ok(
      itemsForSkill(ctx.pack, 'fraction-meaning').some((i) => i.id === item.id),
      "the question is in the copy's practice pool",
    );
    const progress = await Progress.find({ courseId: new Types.ObjectId(copyId) }).lean();
    assert.ok(
      progress.every((p) => p.answered === 0),
      'no student work carried over',
    );
    assert.equal(await AnswerLog.countDocuments({ courseId: new Types.ObjectId(copyId) }), 0);

    // The copy's teacher sees the question in the studio, and the two courses are separate from now on.
    const teacher = await launchIn(copy, 0, links[own.link.id]!);
    const token = new URL(teacher.url).searchParams.get('s')!;
    const studio = await (await fetch(`${s.toolUrl}/app/courses/${copyId}/studio?s=${encodeURIComponent(token)}`)).text();
    assert.match(studio, /Is 2\/4 the same amount as 1\/2\?[^(]*\(What a fraction means, from copy\.gift\)/);
    assert.ok(await removeCourseItem(copyId, String(item.id)));
    // Launched again: the removal sticks (test/studio/removedItem.test.ts covers a student who had it on screen).
    await launchIn(copy, 0, links[own.link.id]!);
    assert.deepEqual(await listCourseItems(copyId), [], 'a question removed from the copy is not copied again');
    assert.equal(await copyCourseContent(originalId, copyId), false, 'the copy is recorded as done, past any cache');
    assert.deepEqual(await listCourseItems(copyId), []);
    assert.equal((await listCourseItems(originalId)).length, 1, 'the original keeps its question');
  });
});
