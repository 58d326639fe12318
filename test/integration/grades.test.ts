import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { launchAs, mainClientId, personOf } from '../support/factories.ts';
import { gradeRecorder } from '../../src/commands/gradeRecorder.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { GradeArchive, GradeEvent } from '../../src/repositories/models/GradeEvent.ts';
import { findGradeEvent } from '../../src/repositories/gradeEventRepository.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import type { Flavour } from '../../scripts/sandbox/index.ts';

async function setup(flavour: Flavour, student: number) {
  const s = await stack();
  const r = await launchAs(flavour, { student });
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
  const activity = await Activity.findById(activityId).lean();
  const { user, info } = await personOf(flavour, { student });
  const person = await Person.findOne({ issuer: info.issuer, clientId: await mainClientId(flavour), sub: user.sub }).lean();
  assert.ok(activity?.lineItemUrl && person);
  const reg = s.sandbox.registrations().find((x) => x.flavour === flavour)!;
  const grade = (scoreGiven: number, now: number) =>
    gradeRecorder({
      courseId: activity.courseId,
      activityId: activity._id,
      personId: person._id,
      issuer: info.issuer,
      clientId: reg.clientId,
      canvas: flavour === 'canvas',
      lineItemUrl: activity.lineItemUrl!,
      userSub: user.sub,
      scoreGiven,
      scoreMaximum: 1,
      now,
    });
  return { s, info, user, grade, personId: person._id };
}

describe('grades through AGS', function () {
  this.timeout(60_000);

  it('gives grade events of one student strictly increasing timestamps at least a second apart', async () => {
    const { grade } = await setup('moodle', 3);
    const now = Date.now();
    const events = [await grade(0.1, now), await grade(0.2, now), await grade(0.3, now + 10)];
    const times = events.map((e) => Date.parse(e.timestamp));
    assert.ok(times[1]! - times[0]! >= 1000 && times[2]! - times[1]! >= 1000, `timestamps: ${events.map((e) => e.timestamp)}`);
    assert.deepEqual(
      events.map((e) => e.seq),
      [events[0]!.seq, events[0]!.seq + 1, events[0]!.seq + 2],
    );
  });

  for (const flavour of ['moodle', 'canvas'] as const) {
    it(`delivers two grades recorded in the same second in order (${flavour})`, async () => {
      const { s, info, user, grade } = await setup(flavour, 4);
      const before = s.sandbox.gradebook(info.courseId).filter((g) => g.userId === user.sub).length;
      const now = Date.now();
      await grade(0.25, now);
      await grade(0.75, now);
      await s.pathwise.publisher.kick();
      const rows = s.sandbox
        .gradebook(info.courseId)
        .filter((g) => g.userId === user.sub)
        .slice(before);
      assert.deepEqual(
        rows.map((r) => r.scoreGiven),
        [0.25, 0.75],
      );
      const events = await GradeArchive.find({ userSub: user.sub, scoreGiven: { $in: [0.25, 0.75] } })
        .sort({ seq: 1 })
        .lean();
      assert.deepEqual(
        events.map((e) => e.status),
        ['sent', 'sent'],
      );
    });
  }

  it('keeps a grade the platform refused, with the platform’s reason, instead of dropping it', async () => {
    const { s, grade, personId } = await setup('canvas', 5 - 1);
    const ev = await grade(0.5, Date.now());
    await GradeEvent.updateOne({ _id: ev._id }, { $set: { userSub: 'not-a-student-of-this-course' } });
    await s.pathwise.publisher.kick();
    const after = await findGradeEvent(ev._id);
    assert.equal(after?.status, 'rejected');
    assert.equal(after?.lastStatus, 422);
    assert.ok(after?.lastError);
    assert.ok(await GradeEvent.exists({ personId: new Types.ObjectId(personId) }));
  });

  it('retries a grade when the platform cannot be reached, keeping its timestamp', async () => {
    const { s, grade, info, user } = await setup('moodle', 0);
    const ev = await grade(0.9, Date.now());
    const goodUrl = ev.lineItemUrl;
    const dead = new URL(goodUrl);
    dead.port = '9'; // discard port: nothing listens
    await GradeEvent.updateOne({ _id: ev._id }, { $set: { lineItemUrl: dead.toString() } });
    await s.pathwise.publisher.kick();
    const retrying = await findGradeEvent(ev._id);
    assert.equal(retrying?.status, 'pending');
    assert.equal(retrying?.attempts, 1);
    assert.ok(retrying!.nextAttemptAt > new Date());
    await GradeEvent.updateOne({ _id: ev._id }, { $set: { lineItemUrl: goodUrl, nextAttemptAt: new Date() } });
    await s.pathwise.publisher.kick();
    const sent = await findGradeEvent(ev._id);
    assert.equal(sent?.status, 'sent');
    assert.equal(sent?.timestamp, ev.timestamp);
    const row = s.sandbox
      .gradebook(info.courseId)
      .filter((g) => g.userId === user.sub)
      .at(-1);
    assert.equal(row?.timestamp, ev.timestamp);
  });
});
