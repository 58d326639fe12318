/**
 * Identity across tenants: two registrations under one issuer (two Canvas cloud schools) never
 * share a person, even with the same `sub`; and data stored under the old (issuer, sub) key is
 * migrated, splitting a person the old key had merged across registrations.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { launchHandler } from '../../src/commands/launchHandler.ts';
import type { LaunchContext } from '../../src/lti/index.ts';
import { createLogger } from '../../src/logger.ts';
import { Enrollment } from '../../src/repositories/models/Enrollment.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { migratePeopleToRegistrations } from '../../src/repositories/people.ts';
import { stack } from '../support/stack.ts';

function ctx(clientId: string, sub: string, deploymentId = 'd1'): LaunchContext {
  return {
    messageType: 'LtiResourceLinkRequest',
    platform: { issuer: 'https://canvas.security-test.example', clientId, deploymentId, deploymentKnown: true, productFamily: 'canvas' },
    context: { id: 'course-1', title: 'Fractions' },
    user: { sub, name: 'Student', role: 'learner' },
    resourceLink: { id: 'link-1', title: 'Practice' },
    custom: {},
  };
}

describe('security: identity across tenants', function () {
  this.timeout(60_000);

  it('keys people by registration: the same sub under another client id is another person, in another course', async () => {
    await stack();
    const sub = randomUUID();
    const schoolA = await launchHandler({ ctx: ctx('school-a', sub) });
    const schoolB = await launchHandler({ ctx: ctx('school-b', sub) });
    assert.notEqual(schoolA.personId, schoolB.personId);
    assert.notEqual(schoolA.courseId, schoolB.courseId);
    assert.notEqual(schoolA.activityId, schoolB.activityId);
    const again = await launchHandler({ ctx: ctx('school-a', sub) });
    assert.equal(again.personId, schoolA.personId, 'a relaunch finds the same person');
    const otherDeployment = await launchHandler({ ctx: ctx('school-a', sub, 'd2') });
    assert.notEqual(otherDeployment.courseId, schoolA.courseId, 'courses are scoped by deployment too');
  });

  it('migrates people stored under (issuer, sub), splitting one merged across registrations', async () => {
    const s = await stack();
    const issuer = `https://legacy-${randomUUID()}.example`;
    const sub = 'shared-sub';
    const courseA = new Types.ObjectId();
    const courseB = new Types.ObjectId();
    await s.db.collection('pw_courses').insertMany([
      { _id: courseA, issuer, clientId: 'legacy-a', deploymentId: '1', contextId: 'ca', title: 'A' },
      { _id: courseB, issuer, clientId: 'legacy-b', deploymentId: '1', contextId: 'cb', title: 'B' },
    ]);
    const legacy = new Types.ObjectId();
    await s.db.collection('pw_people').insertOne({ _id: legacy, issuer, sub, name: 'Merged' });
    await s.db.collection('pw_enrollments').insertMany([
      { courseId: courseA, personId: legacy, role: 'learner', createdAt: new Date(1) },
      { courseId: courseB, personId: legacy, role: 'learner', createdAt: new Date(2) },
    ]);
    await s.db
      .collection('pw_progress')
      .insertOne({ courseId: courseB, personId: legacy, activityId: new Types.ObjectId(), securityTestMarker: true });

    await migratePeopleToRegistrations(createLogger('silent'));
    await migratePeopleToRegistrations(createLogger('silent')); // idempotent

    const people = await Person.find({ issuer }).lean();
    assert.deepEqual(people.map((p) => p.clientId).sort(), ['legacy-a', 'legacy-b']);
    const a = people.find((p) => p.clientId === 'legacy-a')!;
    const b = people.find((p) => p.clientId === 'legacy-b')!;
    assert.equal(String(a._id), String(legacy), 'the first registration keeps the record');
    assert.equal(String((await Enrollment.findOne({ courseId: courseB }).lean())!.personId), String(b._id));
    assert.equal(String((await Enrollment.findOne({ courseId: courseA }).lean())!.personId), String(a._id));
    assert.equal(
      String((await s.db.collection('pw_progress').findOne({ securityTestMarker: true }))!.personId),
      String(b._id),
      'the split person keeps their progress',
    );
    await Registration.deleteMany({ issuer });
  });
});
