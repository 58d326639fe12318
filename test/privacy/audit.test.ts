import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { parseForms } from '../support/ltiClient.ts';
import { answerSome, launchInto, newSchool, scan, uniqueCourse, uniquePerson } from './helpers.ts';
import { outsideWriter } from './trail.ts';
import { AuditEntry } from '../../src/repositories/models/AuditEntry.ts';
import { toolCli } from '../support/cli.ts';

/** Runs the operator's privacy command against the test database. */
export function privacyCli(args: string[]) {
  outsideWriter(); // its writes are on its own connection: the next scan reads every collection whole
  return toolCli('src/cli/privacy.ts', args);
}

describe('the audit trail', function () {
  this.timeout(300_000);

  it('records a teacher viewing the course, changing a setting and exporting, and an operator deleting a student', async () => {
    const s = await stack();
    const school = await newSchool();
    const course = uniqueCourse();
    const alice = uniquePerson('Alice');
    const a = await launchInto(school, course, alice, 'student');
    await answerSome(a, 1);
    const t = await launchInto(school, course, uniquePerson('Teacher'), 'teacher');
    assert.match(t.url, /\/teacher\?s=/);

    const form = parseForms(t.html).find((f) => f.action.endsWith('/settings'))!;
    const changed = await t.client.postForm(
      new URL(form.action, s.toolUrl).toString(),
      { ...form.fields, gradingMode: 'completion', masteryThreshold: '0.9' },
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(changed.status, 303);

    const link = /href="([^"]*export\.json[^"]*)"/.exec(t.html)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(link, 'the teacher page links to the course export');
    const exported = await fetch(new URL(link, s.toolUrl));
    assert.equal(exported.status, 200);
    const body = (await exported.json()) as { collections: Record<string, unknown[]> };
    assert.ok(JSON.stringify(body).includes(alice.name), 'the export holds the course’s students');
    assert.equal(body.collections.pw_answer_log?.length, 1);
    const csv = await fetch(new URL(link.replace('export.json', 'export.csv'), s.toolUrl));
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(await csv.text(), /^collection,record,field,value/);

    const studentToken = new URL(a.url).searchParams.get('s')!;
    const refused = await fetch(`${s.toolUrl}/app/courses/${a.courseId}/export.json?s=${encodeURIComponent(studentToken)}`, {
      headers: { accept: 'application/json' },
    });
    assert.equal(refused.status, 403, 'a student cannot export the course');

    const noConfirm = await privacyCli(['delete', '--student', a.personId, '--apply']);
    assert.equal(noConfirm.code, 2);
    assert.match(noConfirm.stderr, /--confirm/);
    const del = await privacyCli(['delete', '--student', a.personId, '--apply', '--confirm', a.personId, '--actor', 'Dana (district)']);
    assert.equal(del.code, 0, del.stderr);
    assert.ok((JSON.parse(del.stdout) as { counts: Record<string, number> }).counts.pw_people === 1);

    const entries = await s.pathwise.audit.list({ issuer: school.issuer, clientId: school.clientId, courseId: a.courseId });
    const actions = entries.map((e) => e.action);
    for (const action of ['view-course', 'change-setting', 'export', 'delete'])
      assert.ok(actions.includes(action), `${action} is audited: ${actions.join(', ')}`);
    const deletion = entries.find((e) => e.action === 'delete')!;
    assert.equal(deletion.actor, 'operator Dana (district)');
    assert.match(deletion.subject, /no longer held/, 'the deleted student is only a reference');
    assert.match(entries.find((e) => e.action === 'view-course')!.actor, /^person /, 'the teacher is resolved while they exist');
    assert.deepEqual(
      await scan([alice.sub, alice.name, alice.email, a.personId]),
      {},
      'the trail keeps nothing that identifies the deleted student',
    );

    const listed = await privacyCli(['audit', '--issuer', school.issuer, '--client-id', school.clientId, '--format', 'csv']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^at,action,actor_kind,actor,course,subject,detail\r\n/);
    assert.ok(listed.stdout.includes(',delete,operator,operator Dana (district),'));
  });

  it('cannot be changed or deleted through the app', async () => {
    const s = await stack();
    const school = await newSchool();
    await s.pathwise.audit.record({
      actor: { kind: 'operator', name: 'operator test' },
      action: 'export',
      issuer: school.issuer,
      clientId: school.clientId,
    });
    const entry = await AuditEntry.findOne({ clientId: school.clientId });
    assert.ok(entry);
    const before = await s.db.collection('pw_audit').find({ clientId: school.clientId }).toArray();
    await assert.rejects(AuditEntry.updateOne({ _id: entry._id }, { $set: { action: 'delete' } }), /append-only/);
    await assert.rejects(AuditEntry.findOneAndUpdate({ _id: entry._id }, { $set: { actorRef: 'someone else' } }), /append-only/);
    await assert.rejects(AuditEntry.replaceOne({ _id: entry._id }, { action: 'view-course' }), /append-only/);
    await assert.rejects(AuditEntry.deleteMany({ clientId: school.clientId }), /append-only/);
    await assert.rejects(AuditEntry.deleteOne({ _id: entry._id }), /append-only/);
    await assert.rejects(AuditEntry.findOneAndDelete({ _id: entry._id }), /append-only/);
    entry.action = 'delete';
    await assert.rejects(entry.save(), /append-only/);
    assert.deepEqual(await s.db.collection('pw_audit').find({ clientId: school.clientId }).toArray(), before);
  });
});
