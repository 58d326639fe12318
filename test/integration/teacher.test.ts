import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { unchanged } from '../security/helpers.ts';
import { launchAs, mainClientId, personOf } from '../support/factories.ts';
import { seedAnswers } from '../support/seed.ts';
import { parseForms } from '../support/ltiClient.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { Person } from '../../src/repositories/models/Person.ts';

describe('the teacher view', function () {
  this.timeout(60_000);

  it('shows who is stuck and why, and which students share a gap', async () => {
    const s = await stack();
    const { info } = await personOf('moodle', 'teacher');
    const link = s.sandbox.addResourceLink(info.courseId, {
      title: 'Struggle test',
      custom: { skills: 'fraction-meaning' },
      lineItem: { label: 'Struggle', scoreMaximum: 10 },
    });
    const names: string[] = [];
    for (const student of [2, 3]) {
      const r = await launchAs('moodle', { student }, { resourceLinkId: link.id });
      const { user } = await personOf('moodle', { student });
      names.push(user.name);
      const person = await Person.findOne({ issuer: info.issuer, clientId: await mainClientId('moodle'), sub: user.sub }).lean();
      const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
      await seedAnswers({
        activityId,
        personId: String(person!._id),
        skillId: 'fraction-meaning',
        correct: Array<boolean>(12).fill(false),
      });
    }
    const t = await launchAs('moodle', 'teacher', { resourceLinkId: link.id });
    assert.equal(t.status, 200);
    const section = t.html.slice(t.html.indexOf('Struggle test'));
    assert.match(section, /class="flag wheel-spinning"/);
    const gaps = /data-testid="shared-gaps"[\s\S]*?<\/div>/.exec(section)?.[0] ?? '';
    for (const n of names) assert.ok(gaps.includes(n), `${n} is listed in the shared gap`);
  });

  it('lets a teacher switch an activity to completion grading, and refuses a student', async () => {
    const s = await stack();
    const t = await launchAs('canvas', 'teacher');
    const form = parseForms(t.html).find((f) => f.action.endsWith('/settings'))!;
    const activityId = /activities\/([a-f0-9]{24})\/settings/.exec(form.action)![1];
    const res = await t.client.postForm(
      new URL(form.action, s.toolUrl).toString(),
      { ...form.fields, gradingMode: 'completion', masteryPercent: '90' },
      { sandboxUrl: s.sandboxUrl },
    );
    assert.equal(res.status, 303, 'back to the teacher page');
    assert.match(res.location ?? '', /\/teacher\?s=.*&saved=1/);
    const activity = await Activity.findById(activityId).lean();
    assert.equal(activity?.gradingMode, 'completion');
    assert.equal(activity?.masteryThreshold, 0.9);
    await Activity.updateOne({ _id: activityId }, { $set: { gradingMode: 'mastery', masteryThreshold: 0.95 } });

    const student = await launchAs('canvas', { student: 0 });
    const token = new URL(student.url).searchParams.get('s')!;
    const refused = await unchanged(() =>
      student.client.postForm(
        new URL(form.action, s.toolUrl).toString(),
        { s: token, gradingMode: 'completion', masteryThreshold: '0.5' },
        { sandboxUrl: s.sandboxUrl },
      ),
    );
    assert.equal(refused.status, 403);
  });
});
