/**
 * The class the teacher benchmarks share (teacher.ts, overviewProfile.ts): one course whose activity
 * has all 15 skills of the bundled pack, reached by one real student launch and one real teacher
 * launch, and learners with varied progress in it (states made by the policy's own `applyAnswer`:
 * from nothing to nine skills mastered, two kinds stuck with 12 wrong answers), added in batches of
 * 100 with the class summaries written as launches and answers keep them.
 */
import { Types } from 'mongoose';
import type { benchStack } from './stack.ts';
import { LtiClient } from '../../test/support/ltiClient.ts';
import { listSkills } from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { applyAnswer, paramsFromPack, type StudentState } from '../../src/domain/policy/index.ts';
import { putMemberRows, putProgressRows, writeProgressRow } from '../../src/repositories/classSummary.ts';

export async function teacherBenchClass({ info, clientId, db, sb }: Awaited<ReturnType<typeof benchStack>>) {
  const pack = loadBundledPack();
  const params = paramsFromPack(pack);
  const allSkills = listSkills(pack).map((k) => k.id);
  const resourceLinkId = sb.sandbox.addResourceLink(info.courseId, {
    title: 'Bench all skills',
    custom: { skills: allSkills.join(',') },
  }).id;
  const launch = (userId: string) =>
    new LtiClient().launch({
      launchUrl: sb.sandbox.launchUrl({ flavour: 'moodle', courseId: info.courseId, userId, resourceLinkId, clientId }),
      sandboxUrl: sb.url,
    });
  const student = await launch(info.studentIds[0]!);
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1]!;
  const teacher = await launch(info.teacherId);
  if (!/\/teacher\?/.test(teacher.url)) throw new Error(`the teacher launch did not reach the overview: ${teacher.url}`);
  const template = (await db.collection('pw_progress').findOne({ activityId: new Types.ObjectId(activityId) }))!;
  const courseId = template.courseId as Types.ObjectId;

  /** A student's state after `right` correct answers on the first skills in order and `wrong` on the next one. */
  function variant(right: number, wrong: number): StudentState {
    let state = template.state as StudentState;
    let n = 0;
    const answer = (skillId: string, correct: boolean) => {
      const item = pack.items.find((i) => i.skills.length === 1 && i.skills[0] === skillId);
      if (!item) return;
      state = applyAnswer(pack, params, state, {
        itemId: item.id,
        seed: ++n,
        skillIds: item.skills,
        itemClass: item.class,
        correct,
        hintsUsed: 0,
        durationMs: 20_000,
        at: new Date(Date.now() - (100 - n) * 60_000).toISOString(),
      });
    };
    for (const skillId of allSkills.slice(0, right)) for (let i = 0; i < 6; i++) answer(skillId, true);
    const next = allSkills[right];
    if (next) for (let i = 0; i < wrong; i++) answer(next, false);
    return state;
  }
  const variants = [variant(0, 0), variant(2, 1), variant(4, 3), variant(6, 12), variant(9, 2), variant(3, 12)];

  let done = 0;
  const learners: Types.ObjectId[] = [];
  let touches = 0;
  /** One student's row written again with another state, as an answer does (the overview's copies of its bucket go). */
  async function touch() {
    const p = learners[(touches * 7919) % learners.length]!;
    touches++;
    await writeProgressRow({
      ...template,
      _id: `${activityId}:${p}`,
      personId: p,
      version: 1000 + touches,
      state: variants[touches % variants.length]!,
    } as unknown as Parameters<typeof writeProgressRow>[0]);
  }
  /** Adds learners until the class has `students`. */
  async function growTo(students: number) {
    while (done < students) {
      const batch = Math.min(100, students - done);
      const people = Array.from({ length: batch }, () => new Types.ObjectId());
      learners.push(...people);
      await db.collection('pw_people').insertMany(
        people.map((p, i) => ({
          _id: p,
          issuer: info.issuer,
          sub: `bench-${done + i}`,
          name: `Student ${String(done + i).padStart(5, '0')}`,
        })),
      );
      await db.collection('pw_enrollments').insertMany(people.map((p) => ({ courseId, personId: p, role: 'learner' })));
      const docs = people.map((p, i) => ({
        ...template,
        _id: `${activityId}:${p}`,
        personId: p,
        answered: 12,
        state: variants[(done + i) % variants.length]!,
      }));
      await db.collection('pw_progress').insertMany(docs as unknown as Array<{ _id: Types.ObjectId }>);
      // What launches and answers keep up to date: the class overview's rows (members, progress).
      await putMemberRows(
        String(courseId),
        people.map((p, i) => ({ personId: String(p), sub: `bench-${done + i}`, name: `Student ${String(done + i).padStart(5, '0')}` })),
      );
      await putProgressRows(docs as unknown as Parameters<typeof putProgressRows>[0]);
      done += batch;
    }
  }
  return { teacherUrl: teacher.url, courseId: String(courseId), activityId, skills: allSkills.length, growTo, touch };
}
