import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { answerSome, launchInto, newSchool, scan, uniqueCourse, uniquePerson } from './helpers.ts';
import { deleteData } from '../../src/commands/privacy/deleter.ts';
import { exportData, toCsv } from '../../src/commands/privacy/exporter.ts';
import { unclassifiedCollections, NOT_PERSONAL } from '../../src/repositories/privacy.ts';
import { Roster } from '../../src/repositories/models/Roster.ts';

const needlesOf = (p: { sub: string; name: string; email: string }, personId: string) => [p.sub, p.name, p.email, personId];

/** The course's roster as NRPS would have filled it: both students, and an activity both can see. */
async function seedRoster(courseId: string, people: Array<{ sub: string; name: string }>) {
  const subs = people.map((p) => p.sub);
  await Roster.create({
    _id: courseId, // as Pathwise keys rosters (repositories/rosters.ts)
    courseId,
    fetchedAt: new Date(),
    members: people.map((p) => ({ sub: p.sub, name: p.name, role: 'Learner' })),
    links: [{ resourceLinkId: `rl-${subs[0]}`, subs, fetchedAt: new Date() }],
  });
}

describe('student data: export and deletion', function () {
  this.timeout(300_000);

  it('classifies every collection in the database (a new collection must say how its student data is found)', async () => {
    const s = await stack();
    const school = await newSchool();
    await launchInto(school, uniqueCourse(), uniquePerson('Cleo'), 'student');
    assert.ok((await s.db.listCollections().toArray()).length > 10, 'the scan sees the real collections');
    // Scratch collections other tests make for themselves (the engine's atomicity test) are not Pathwise's.
    assert.deepEqual(
      (await unclassifiedCollections()).filter((c) => !c.startsWith('test_')),
      [],
    );
  });

  it('exports everything held about a student, and only that student, as JSON and CSV', async () => {
    const school = await newSchool();
    const course = uniqueCourse();
    const alice = uniquePerson('Alice');
    const bob = uniquePerson('Bob');
    const a = await launchInto(school, course, alice, 'student');
    await answerSome(a, 2);
    const b = await launchInto(school, course, bob, 'student');
    await seedRoster(a.courseId, [alice, bob]);

    const data = await exportData({ kind: 'student', personId: a.personId });
    const json = JSON.stringify(data);
    // Every record anywhere in the database that mentions Alice is in her export.
    const held = await scan(needlesOf(alice, a.personId));
    for (const [collection, ids] of Object.entries(held)) {
      if (collection in NOT_PERSONAL) continue;
      const exported = new Set((data.collections[collection] ?? []).map((d) => String((d as { _id: unknown })._id)));
      for (const id of ids) assert.ok(exported.has(id), `${collection} record ${id} is in the export`);
    }
    for (const c of ['pw_people', 'pw_enrollments', 'pw_progress', 'pw_answer_log', 'idtokens', 'pw_rosters'])
      assert.ok(data.collections[c]?.length, `${c} exported`);
    assert.equal(data.collections.pw_answer_log?.length, 2, 'both answers');
    assert.ok(json.includes(alice.name));
    assert.ok(!json.includes(bob.sub) && !json.includes(b.personId), 'nothing of another student');

    const csv = toCsv(data);
    assert.match(csv, /^collection,record,field,value\r\n/);
    assert.ok(csv.includes(`pw_people,${a.personId},name,${alice.name}`));
    assert.ok(csv.split('\r\n').some((l) => l.startsWith('pw_answer_log,') && l.includes(',correct,')));
  });

  it('deletes a student: a dry run counts, the deletion reports counts per collection, and no collection holds a trace', async () => {
    const school = await newSchool();
    const course = uniqueCourse();
    const alice = uniquePerson('Alice');
    const bob = uniquePerson('Bob');
    const a = await launchInto(school, course, alice, 'student');
    await answerSome(a, 3);
    const b = await launchInto(school, course, bob, 'student');
    await seedRoster(a.courseId, [alice, bob]);
    const before = await scan(needlesOf(alice, a.personId));
    assert.ok(before.pw_rosters, 'the roster names the student');
    assert.ok(Object.keys(before).length >= 5, `found in ${Object.keys(before).join(', ')}`);

    const dry = await deleteData({ kind: 'student', personId: a.personId }, { dryRun: true });
    assert.deepEqual(await scan(needlesOf(alice, a.personId)), before, 'a dry run deletes nothing');
    assert.equal(dry.counts.pw_answer_log, 3);

    const done = await deleteData({ kind: 'student', personId: a.personId }, { dryRun: false });
    assert.deepEqual(done.counts, dry.counts, 'the deletion removed what the dry run counted');
    assert.equal(done.counts.pw_rosters, 1, 'the course roster goes (read again from the LMS on the next teacher visit)');
    assert.deepEqual(await scan(needlesOf(alice, a.personId)), {}, 'no collection holds anything of the student');
    assert.ok(Object.keys(await scan(needlesOf(bob, b.personId))).length >= 3, 'the other student is untouched');
    await assert.rejects(
      deleteData({ kind: 'student', personId: a.personId }, { dryRun: false }),
      /no person/,
      'a second run says the student is gone',
    );
  });

  it('finishes a deletion that was cut short when it is run again', async () => {
    const school = await newSchool();
    const course = uniqueCourse();
    const alice = uniquePerson('Alice');
    const a = await launchInto(school, course, alice, 'student');
    await answerSome(a, 1);
    const s = await stack();
    // Cut short: only the answer log went before the process stopped.
    await s.db
      .collection('pw_answer_log')
      .deleteMany({ personId: { $in: [a.personId, new (await import('mongoose')).Types.ObjectId(a.personId)] } });
    const second = await deleteData({ kind: 'student', personId: a.personId }, { dryRun: false });
    assert.equal(second.counts.pw_answer_log, undefined);
    assert.ok(second.counts.pw_people === 1 && second.counts.pw_progress === 1);
    assert.deepEqual(await scan(needlesOf(alice, a.personId)), {});
  });

  it('deletes a course: its students, teacher, launches and records leave every collection', async () => {
    const school = await newSchool();
    const course = uniqueCourse();
    const other = uniqueCourse();
    const alice = uniquePerson('Alice');
    const carol = uniquePerson('Carol');
    const teacher = uniquePerson('Teacher');
    const a = await launchInto(school, course, alice, 'student');
    await answerSome(a, 2);
    const c = await launchInto(school, course, carol, 'student');
    await launchInto(school, other, carol, 'student'); // Carol is also in another course
    const t = await launchInto(school, course, teacher, 'teacher');
    const needles = [course.contextId, course.title, a.courseId, ...needlesOf(alice, a.personId), ...needlesOf(teacher, t.personId)];
    assert.ok(Object.keys(await scan(needles)).length >= 5);
    const exported = await exportData({ kind: 'course', courseId: a.courseId });
    for (const p of [alice, carol, teacher])
      assert.ok(JSON.stringify(exported.collections.pw_people).includes(p.name), `the course export lists ${p.name}`);

    const report = await deleteData({ kind: 'course', courseId: a.courseId }, { dryRun: false });
    assert.equal(report.counts.pw_courses, 1);
    assert.equal(report.counts.pw_people, 2, 'Alice and the teacher, who have no other course');
    assert.deepEqual(await scan(needles), {}, 'nothing of the course, its only-here students or its teacher is left');
    const carolLeft = await scan([c.personId]);
    assert.ok(carolLeft.pw_people && carolLeft.pw_enrollments, 'a student of another course keeps that course');
  });

  it('deletes a whole school (a platform leaving): registration, keys, courses and people', async () => {
    const s = await stack();
    const school = await newSchool();
    const alice = uniquePerson('Alice');
    const a = await launchInto(school, uniqueCourse(), alice, 'student');
    await answerSome(a, 1);
    assert.ok(await s.db.collection('privatekeys').findOne({ clientId: school.clientId }), 'the registration has a key pair');
    const exported = await exportData({ kind: 'platform', issuer: school.issuer, clientId: school.clientId });
    assert.ok(exported.withheld.privatekeys, 'keys are counted, not exported');
    assert.ok(!JSON.stringify(exported).includes('PRIVATE KEY'));

    // The school removes the tool from its LMS, then asks for its data to be deleted.
    s.sandbox.removeRegistration(school.clientId);
    const report = await deleteData({ kind: 'platform', issuer: school.issuer, clientId: school.clientId }, { dryRun: false });
    for (const c of ['pw_registrations', 'platforms', 'privatekeys', 'publickeys', 'pw_courses', 'pw_people'])
      assert.ok(report.counts[c], `${c} deleted`);
    assert.deepEqual(await scan([school.clientId, ...needlesOf(alice, a.personId)]), {});
  });
});
