import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { launchInto, newSchool, scan, uniqueCourse, uniquePerson } from './helpers.ts';
import { changePrivacySettings } from '../../src/repositories/privacySettings.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { nameOf, rememberName } from '../../src/commands/privacy/nameCache.ts';

describe('pseudonymous mode', function () {
  this.timeout(300_000);

  it('stores no name or e-mail anywhere, yet the teacher sees names held in memory', async () => {
    const s = await stack();
    const school = await newSchool();
    await changePrivacySettings(school.issuer, school.clientId, { pseudonymous: true });
    const course = uniqueCourse();
    const alice = uniquePerson('Alice');
    const a = await launchInto(school, course, alice, 'student');
    const person = await Person.findById(a.personId).lean();
    assert.equal(person?.name, '', 'the person record keeps no name');
    assert.deepEqual(await scan([alice.name, alice.email]), {}, 'no collection, ltijs’s included, holds the name or e-mail');
    assert.ok(
      await s.db.collection('idtokens').findOne({ user: alice.sub, clientId: school.clientId }),
      'the launch record is kept, without the identity claims',
    );

    const t = await launchInto(school, course, uniquePerson('Teacher'), 'teacher');
    assert.ok(t.html.includes(alice.name), 'the teacher view shows the name remembered from the launch');
  });

  it('keeps names for a school that has not chosen it', async () => {
    const school = await newSchool();
    const alice = uniquePerson('Alice');
    const a = await launchInto(school, uniqueCourse(), alice, 'student');
    assert.equal((await Person.findById(a.personId).lean())?.name, alice.name);
  });

  it('lets the LMS roster feed names by person id', () => {
    rememberName('roster-person-1', '  Ana Lima ');
    assert.equal(nameOf('roster-person-1'), 'Ana Lima');
    rememberName('roster-person-1', '');
    assert.equal(nameOf('roster-person-1'), 'Ana Lima', 'an empty name does not erase a known one');
    assert.equal(nameOf('never-seen'), undefined);
  });
});
