import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { answer, ownCourse, questionOf, textOf } from '../support/factories.ts';
import { correctForm, currentInstance, wrongForm } from '../support/answers.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Enrollment } from '../../src/repositories/models/Enrollment.ts';
import { Course } from '../../src/repositories/models/Course.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';

type Own = Awaited<ReturnType<typeof ownCourse>>;

async function idsFromPage(own: Own, url: string, who: { student: number }) {
  const s = await stack();
  const user = own.member(who);
  const person = await Person.findOne({
    issuer: s.sandbox.flavours[own.course.flavour].issuer,
    clientId: own.clientId,
    sub: user.sub,
  }).lean();
  assert.ok(person, 'the student was recorded at launch');
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(url)?.[1];
  assert.ok(activityId, `landed on a practice page: ${url}`);
  return { personId: String(person._id), activityId, user };
}

describe('launching Pathwise from the sandbox LMS', function () {
  this.timeout(60_000);

  for (const flavour of ['canvas', 'moodle'] as const) {
    describe(`${flavour} flavour`, () => {
      // Each test launches into a course of its own: no other test's answers are on its pages.
      it('launches a student through the OIDC redirects into a first question with their name', async () => {
        const own = await ownCourse(flavour);
        const r = await own.launch({ student: 0 });
        assert.equal(r.status, 200, r.html.slice(0, 400));
        const kinds = r.steps.map((s) => s.kind);
        assert.deepEqual(kinds.slice(0, 4), ['platform-launch', 'tool-login', 'platform-auth', 'tool-launch']);
        const { user, personId } = await idsFromPage(own, r.url, { student: 0 });
        assert.equal(textOf(r.html, 'student-name'), user.name);
        questionOf(r.html);
        const course = await Course.findOne({ title: own.course.title }).lean();
        assert.ok(course);
        const enrollment = await Enrollment.findOne({ personId, courseId: course._id }).lean();
        assert.equal(enrollment?.role, 'learner');
        const person = await Person.findById(personId).lean();
        assert.equal(Object.prototype.hasOwnProperty.call(person, 'email'), false, 'no email is stored');
      });

      it('launches a teacher into the list of the course’s students with their scores', async () => {
        const own = await ownCourse(flavour);
        await own.launch({ student: 1 });
        const r = await own.launch('teacher');
        assert.equal(r.status, 200, r.html.slice(0, 400));
        assert.match(r.url, /\/app\/courses\/[a-f0-9]{24}\/teacher/);
        assert.ok(r.html.includes(own.member({ student: 1 }).name), 'the teacher sees the student who launched');
        assert.match(r.html, /data-testid="students"/);
      });

      it('checks answers on the server and counts them', async () => {
        const own = await ownCourse(flavour);
        const r = await own.launch({ student: 2 });
        const { activityId, personId } = await idsFromPage(own, r.url, { student: 2 });
        const inst = await currentInstance(activityId, personId);
        const res = await answer(r.client, r.url, r.html, correctForm(inst));
        assert.equal(res.status, 200, res.html.slice(0, 400));
        assert.match(res.html, /data-outcome="correct"/);
        assert.equal(textOf(res.html, 'answered'), '1');
        assert.equal(textOf(res.html, 'correct'), '1');
        const inst2 = await currentInstance(activityId, personId);
        const res2 = await answer(r.client, r.url, res.html, wrongForm(inst2));
        assert.match(res2.html, /data-outcome="incorrect"/);
        assert.equal(textOf(res2.html, 'answered'), '2');
        assert.equal(textOf(res2.html, 'correct'), '1');
        const activity = await Activity.findById(activityId).lean();
        assert.ok(activity?.lineItemUrl, 'the line item came from the launch');
      });

      it('counts the same answer submitted twice only once', async () => {
        const own = await ownCourse(flavour);
        const r = await own.launch({ student: 0 });
        const { activityId, personId } = await idsFromPage(own, r.url, { student: 0 });
        const inst = await currentInstance(activityId, personId);
        const response = correctForm(inst);
        const [a, b] = await Promise.all([answer(r.client, r.url, r.html, response), answer(r.client, r.url, r.html, response)]);
        assert.equal(a.status, 200);
        assert.equal(b.status, 200);
        const counts = [textOf(a.html, 'answered'), textOf(b.html, 'answered')];
        assert.deepEqual(counts, ['1', '1']);
        const said = [a.html, b.html].map(
          (h) =>
            /<strong>([^<]*)<\/strong>/.exec(h)?.[1] ??
            h
              .replace(/<[^>]+>/g, ' ')
              .replace(/\s+/g, ' ')
              .slice(0, 200),
        );
        assert.ok(
          [a.html, b.html].some((h) => /already counted/.test(h)),
          `one of the two pages says the answer was already counted: ${JSON.stringify(said)}`,
        );
      });
    });
  }
});
