/**
 * Two Pathwise instances on one database, as behind a load balancer: a second app (its own port,
 * its own grade sender and reconciler) shares the stack's database and secret. Students' answers
 * go through both, and every answer is also sent to both at once (a double submission split
 * across instances). Nothing is counted twice or lost (each student's state equals a replay of the
 * answer log), and each grade reaches the sandbox LMS exactly once although both senders drain the
 * same outbox at the same moment (held while students answer, then released together). Canvas
 * flavour: the sandbox, like Canvas, records a score sent twice with the same timestamp twice, so
 * a double send shows in its gradebook (Moodle's would refuse the second copy).
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { Types } from 'mongoose';
import { createApp, type Pathwise } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { freePort } from '../../src/db/engine.ts';
import { createLogger } from '../../src/logger.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { GradeArchive, GradeEvent } from '../../src/repositories/models/GradeEvent.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress, progressKey, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import { claimEvent, recordGradeEvent } from '../../src/repositories/gradeEventRepository.ts';
import { takeJobLease } from '../../src/repositories/jobLeaseRepository.ts';
import { correctForm, currentInstance, wrongForm } from '../support/answers.ts';
import { ownCourse, questionOf } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';
import { answerEvidence, replayState } from '../support/replay.ts';
import { stack } from '../support/stack.ts';

const STUDENTS = 3;

/** The same URL on another instance (what a load balancer does). */
const on = (base: string, url: string) => {
  const u = new URL(url);
  const b = new URL(base);
  u.host = b.host;
  return u.toString();
};

describe('two instances on one database', function () {
  this.timeout(240_000);
  let second: Pathwise | undefined;
  let server: Server | undefined;
  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await second?.close();
  });

  it('counts each answer once and sends each grade to the LMS once, with answers through both instances', async () => {
    const s = await stack();
    const port = await freePort();
    const config = loadConfig({ NODE_ENV: 'test' }, { publicUrl: s.toolUrl, port, dataDir: s.dataDir });
    second = await createApp({
      config,
      log: createLogger('silent'),
      mongoUri: s.engine.uri,
      mongoOptions: s.engine.clientOptions,
      secret: 'test-secret-'.padEnd(48, 'x'),
    });
    server = await new Promise<Server>((resolve) => {
      const srv = second!.app.listen(port, '127.0.0.1', () => resolve(srv));
    });
    const instances = [s.toolUrl, `http://localhost:${port}`];

    const c = await ownCourse('canvas', { students: STUDENTS, skills: 'fraction-meaning' });
    const students = [];
    for (let n = 0; n < STUDENTS; n++) {
      const r = await c.launch({ student: n });
      assert.equal(r.status, 200, r.html.slice(0, 300));
      const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
      const sub = c.member({ student: n }).sub;
      const mine = await Progress.find({ activityId: new Types.ObjectId(activityId) }, { personId: 1 }).lean();
      const people = await Person.find({ _id: { $in: mine.map((p) => p.personId) }, sub }, { _id: 1 }).lean();
      students.push({ r, activityId, sub, personId: String(people[0]!._id) });
    }

    // The grades wait in the outbox while students answer, so both senders find all of them at once.
    const holds = await Promise.all([s.pathwise.publisher.hold(), second.publisher.hold()]);
    let duplicates = 0;
    await Promise.all(
      students.map(async (st, n) => {
        let html = st.r.html;
        for (let step = 0; step < 24; step++) {
          if (/data-testid="step" data-kind="done"/.test(html)) break;
          const answer = parseForms(html).find((f) => f.action.includes('/answer'));
          const first = instances[(n + step) % 2]!;
          if (!answer) {
            const next = parseForms(html).find((f) => f.action.endsWith('/continue'));
            if (!next) break;
            html = (await st.r.client.postForm(on(first, new URL(next.action, st.r.url).toString()), next.fields, {})).html;
            continue;
          }
          const q = questionOf(html);
          const inst = await currentInstance(st.activityId, st.personId);
          // Wrong first tries early on, so the score moves more than once; then right answers.
          const form = { ...q.fields, ...(step < 2 ? wrongForm(inst) : correctForm(inst)) };
          const url = new URL(q.action, st.r.url).toString();
          // The same answer through both instances at once: one counts it, the other says so.
          const [a, b] = await Promise.all(instances.map((base) => st.r.client.postForm(on(base, url), form, {})));
          assert.equal(a!.status, 200, a!.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
          assert.equal(b!.status, 200, b!.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
          duplicates += [a, b].filter((x) => /already counted/.test(x!.html)).length;
          html = (await st.r.client.get(on(first, st.r.url), {})).html;
        }
      }),
    );

    // Both senders drain the same outbox until it is empty.
    for (const release of holds) release();
    // Until nothing is left, or a minute (the outbox is asserted empty below): rounds are slow on a busy machine.
    for (const end = Date.now() + 60_000; Date.now() < end;) {
      await Promise.all([s.pathwise.publisher.kick(), second.publisher.kick()]);
      const left = await GradeEvent.countDocuments({ personId: { $in: students.map((x) => new Types.ObjectId(x.personId)) } });
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }

    let answers = 0;
    for (const st of students) {
      const p = (await Progress.findById(progressKey(st.activityId, st.personId)).lean<ProgressDoc>())!;
      const pid = new Types.ObjectId(st.personId);
      const logged = await AnswerLog.countDocuments({ activityId: new Types.ObjectId(st.activityId), personId: pid });
      assert.equal(logged, p.answered, 'every counted answer is logged once');
      answers += p.answered;
      const replay = await replayState(st.activityId, st.personId);
      assert.deepEqual(answerEvidence(p.state.skills), answerEvidence(replay.skills), 'stored state = a replay of the log');

      assert.equal(await GradeEvent.countDocuments({ personId: pid }), 0, 'the outbox is empty');
      const sent = await GradeArchive.find({ personId: pid, activityId: new Types.ObjectId(st.activityId) }).lean();
      assert.ok(sent.length >= 2, 'the score changed more than once');
      assert.deepEqual(
        sent.map((e) => e.status),
        sent.map(() => 'sent'),
        'every event sent once, none superseded',
      );
      const rows = s.sandbox.gradebook(c.course.id).filter((g) => g.userId === st.sub);
      assert.equal(rows.length, sent.length, 'each grade event reached the LMS exactly once');
      assert.equal(new Set(rows.map((g) => g.timestamp)).size, rows.length, 'no timestamp sent twice');
      assert.equal(rows.at(-1)!.scoreGiven! / rows.at(-1)!.scoreMaximum!, p.score, 'the LMS holds the score Pathwise holds');
    }
    assert.equal(duplicates, answers, 'of each pair of submissions exactly one counted');
  });

  it('lets only one of two senders claim an event, and only one instance take a job lease, when they race', async () => {
    await stack();
    const id = `g:race-${new Types.ObjectId()}`;
    await recordGradeEvent({
      _id: id,
      key: `race ${id}`,
      seq: 1,
      courseId: new Types.ObjectId(),
      activityId: new Types.ObjectId(),
      personId: new Types.ObjectId(),
      issuer: 'https://race.example',
      clientId: 'race',
      canvas: false,
      lineItemUrl: 'https://race.example/li',
      userSub: 'race',
      scoreGiven: 1,
      scoreMaximum: 1,
      timestamp: new Date().toISOString(),
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    // Both senders read the outbox before either claims: both saw the event pending.
    const seen = (await GradeEvent.findById(id).lean())!;
    const claims = await Promise.all(['sender-a', 'sender-b'].map((owner) => claimEvent(seen as never, owner, 60_000)));
    assert.equal(claims.filter(Boolean).length, 1, 'exactly one sender holds the event');
    await GradeEvent.deleteOne({ _id: id });

    const job = `race-${new Types.ObjectId()}`;
    const taken = await Promise.all(['instance-a', 'instance-b'].map((owner) => takeJobLease(job, owner, 60_000)));
    assert.equal(taken.filter(Boolean).length, 1, 'exactly one instance runs the job');
  });
});
