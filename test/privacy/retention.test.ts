import assert from 'node:assert/strict';
import { answerSome, launchInto, newSchool, scan, uniqueCourse, uniquePerson } from './helpers.ts';
import { recordRoster, runRetention } from '../../src/commands/privacy/retention.ts';
import { changePrivacySettings } from '../../src/repositories/privacySettings.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { AnswerStats, RetentionNotice } from '../../src/repositories/models/Retention.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import { createLogger } from '../../src/logger.ts';
import { idForms } from '../../src/repositories/privacy.ts';

const DAY = 86_400_000;
const log = createLogger('silent');

describe('retention', function () {
  this.timeout(300_000);

  it('folds answer logs older than the school’s period into counts and deletes exactly those, keeping progress', async () => {
    const school = await newSchool();
    await changePrivacySettings(school.issuer, school.clientId, { answerLogDays: 90 });
    const a = await launchInto(school, uniqueCourse(), uniquePerson('Alice'), 'student');
    await answerSome(a, 3);
    const logs = await AnswerLog.find({ personId: a.personId }).sort({ at: 1 }).lean();
    assert.equal(logs.length, 3);
    // The clock is set so the first two answers are past the period and the third is not.
    const now = new Date(logs[2]!.at.getTime() + 90 * DAY);
    const progressBefore = await Progress.find({ personId: a.personId }).lean();

    const dry = await runRetention({ dryRun: true, now, log, courseId: a.courseId });
    assert.deepEqual(dry.answerLogs, [{ courseId: a.courseId, due: 2, deleted: 0 }]);
    assert.equal(await AnswerLog.countDocuments({ personId: a.personId }), 3, 'a dry run changes nothing');

    const done = await runRetention({ dryRun: false, now, log, courseId: a.courseId });
    assert.deepEqual(done.answerLogs, [{ courseId: a.courseId, due: 2, deleted: 2 }]);
    const left = await AnswerLog.find({ personId: a.personId }).lean();
    assert.deepEqual(
      left.map((l) => l.attemptId),
      [logs[2]!.attemptId],
      'the newer answer stays',
    );
    const stats = await AnswerStats.find({ courseId: { $in: idForms([a.courseId]) } }).lean();
    assert.equal(
      stats.reduce((n, x) => n + x.answers, 0),
      logs.slice(0, 2).reduce((n, l) => n + l.skillIds.length, 0),
      'each folded answer is counted once per skill',
    );
    assert.equal(
      stats.reduce((n, x) => n + x.correct, 0),
      logs.slice(0, 2).reduce((n, l) => n + (l.correct ? l.skillIds.length : 0), 0),
      'correct answers are counted per skill',
    );
    assert.ok(!JSON.stringify(stats).includes(a.personId), 'the counts hold no person');
    assert.deepEqual(await Progress.find({ personId: a.personId }).lean(), progressBefore, 'mastery and progress are untouched');

    await runRetention({ dryRun: false, now, log, courseId: a.courseId });
    assert.deepEqual(await AnswerStats.find({ _id: { $in: stats.map((x) => x._id) } }).lean(), stats, 'a second run counts nothing twice');
  });

  it('gives notice for an inactive course, then purges it after the notice period', async () => {
    const school = await newSchool();
    await changePrivacySettings(school.issuer, school.clientId, { inactiveCourseMonths: 1, noticeDays: 10 });
    const course = uniqueCourse();
    const alice = uniquePerson('Alice');
    const a = await launchInto(school, course, alice, 'student');
    const start = Date.now();

    const early = await runRetention({ dryRun: false, now: new Date(start + 20 * DAY), log, courseId: a.courseId });
    assert.deepEqual(early.noticed, [], 'not inactive yet');
    const dry = await runRetention({ dryRun: true, now: new Date(start + 31 * DAY), log, courseId: a.courseId });
    assert.equal(dry.noticed.length, 1);
    assert.equal(await RetentionNotice.countDocuments({ courseId: { $in: idForms([a.courseId]) } }), 0, 'a dry run records no notice');
    const noticed = await runRetention({ dryRun: false, now: new Date(start + 31 * DAY), log, courseId: a.courseId });
    assert.equal(noticed.noticed[0]?.courseId, a.courseId);
    const during = await runRetention({ dryRun: false, now: new Date(start + 35 * DAY), log, courseId: a.courseId });
    assert.deepEqual(during.purgedCourses, [], 'nothing is purged during the notice period');
    assert.ok(Object.keys(await scan([course.contextId])).length > 0);

    const purged = await runRetention({ dryRun: false, now: new Date(start + 42 * DAY), log, courseId: a.courseId });
    assert.equal(purged.purgedCourses[0]?.courseId, a.courseId);
    assert.deepEqual(await scan([course.contextId, a.courseId, alice.sub, alice.name, a.personId]), {});
  });

  it('deletes a student who left the course in the LMS once the grace period has passed', async () => {
    const school = await newSchool();
    await changePrivacySettings(school.issuer, school.clientId, { departedGraceDays: 14 });
    const course = uniqueCourse();
    const alice = uniquePerson('Alice');
    const bob = uniquePerson('Bob');
    const a = await launchInto(school, course, alice, 'student');
    await answerSome(a, 1);
    const b = await launchInto(school, course, bob, 'student');
    const start = Date.now();
    assert.deepEqual(await recordRoster({ courseId: a.courseId, subs: [bob.sub], now: new Date(start) }), { missing: 1 });

    const within = await runRetention({ dryRun: false, now: new Date(start + 7 * DAY), log, courseId: a.courseId });
    assert.deepEqual(within.departedStudents, []);
    const after = await runRetention({ dryRun: false, now: new Date(start + 15 * DAY), log, courseId: a.courseId });
    assert.deepEqual(
      after.departedStudents.map((d) => d.personId),
      [a.personId],
    );
    assert.deepEqual(await scan([alice.sub, alice.name, alice.email, a.personId]), {});
    assert.ok((await scan([b.personId])).pw_enrollments, 'the student still on the roster stays');
  });
});
