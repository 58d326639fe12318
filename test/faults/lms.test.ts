/**
 * LMS faults, through a fault-injecting proxy in front of the real sandbox LMS: a hung token
 * request, a revoked token (401), a permanent refusal (403), rate limiting (429 + Retry-After),
 * and a sender that died holding a lease.
 */
import assert from 'node:assert/strict';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.ts';
import { eventually, gradedStudent, via } from './helpers.ts';
import { stack } from '../support/stack.ts';
import { launchAs } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';
import { claimEvent, findGradeEvent } from '../../src/repositories/gradeEventRepository.ts';
import { GradeEvent } from '../../src/repositories/models/GradeEvent.ts';

/** Points a platform's token endpoint at the proxy (the audience stays the real endpoint); returns the undo. */
async function tokenThrough(proxy: FaultProxy, issuer: string, clientId: string): Promise<() => Promise<void>> {
  const s = await stack();
  const platforms = s.db.collection('platforms');
  const before = await platforms.findOne({ platformUrl: issuer, clientId });
  assert.ok(before?.accesstokenEndpoint, 'the platform is registered');
  await platforms.updateOne(
    { _id: before._id },
    {
      $set: {
        accesstokenEndpoint: via(proxy.url, before.accesstokenEndpoint as string),
        authorizationServer: before.authorizationServer ?? before.accesstokenEndpoint,
      },
    },
  );
  await s.db.collection('accesstokens').deleteMany({ platformUrl: issuer, clientId });
  return async () => {
    await platforms.updateOne(
      { _id: before._id },
      {
        $set: {
          accesstokenEndpoint: before.accesstokenEndpoint,
          ...(before.authorizationServer ? {} : { authorizationServer: before.accesstokenEndpoint }),
        },
      },
    );
    if (!before.authorizationServer) await platforms.updateOne({ _id: before._id }, { $unset: { authorizationServer: '' } });
    await s.db.collection('accesstokens').deleteMany({ platformUrl: issuer, clientId });
  };
}

const isScores = (path: string) => new URL(path, 'http://x').pathname.endsWith('/scores');

describe('LMS faults', function () {
  this.timeout(240_000);
  let proxy: FaultProxy;
  beforeEach(async () => {
    proxy = await startFaultProxy((await stack()).sandboxUrl);
  });
  afterEach(async () => {
    await proxy.close();
  });

  it('gives up on a hung token request after the time limit, while another platform’s grades go through', async () => {
    const moodle = await gradedStudent('moodle', 5);
    const canvas = await gradedStudent('canvas', 4);
    const undo = await tokenThrough(proxy, moodle.info.issuer, moodle.reg.clientId);
    try {
      proxy.rule((m, p) => m === 'POST' && p.includes('token'), 'hang');
      const stuck = await moodle.grade(0.3);
      const fine = await canvas.grade(0.4);
      const started = Date.now();
      let finished = 0;
      const round = moodle.s.pathwise.publisher.kick().then(() => (finished = Date.now()));
      // Ordering, not absolute times (a busy machine may be slow): the canvas grade is sent while the round still waits on moodle.
      const sent = await eventually(
        async () => ((await findGradeEvent(fine._id))?.status === 'sent' ? Date.now() : undefined),
        120_000,
        'the canvas grade',
      );
      assert.equal(finished, 0, 'the canvas grade was sent while the moodle token request still hung');
      await round;
      assert.ok(sent < finished);
      assert.ok(finished - started >= 9_000, `the hung call was given up after ${finished - started} ms, not before the 10 s limit`);
      const after = await findGradeEvent(stuck._id);
      assert.equal(after?.status, 'pending');
      assert.match(after?.lastError ?? '', /timed out/);
    } finally {
      await undo();
      await GradeEvent.deleteMany({ userSub: moodle.user.sub, status: 'pending' });
    }
  });

  it('drops a revoked token on 401 and sends once more with a new one', async () => {
    const a = await gradedStudent('moodle', 4);
    const undo = await tokenThrough(proxy, a.info.issuer, a.reg.clientId);
    try {
      proxy.rule((m, p) => m === 'POST' && isScores(p), { status: 401, body: '{"error":"invalid_token"}' }, 1);
      const ev = await a.grade(0.6, via(proxy.url, a.activity.lineItemUrl!));
      await a.s.pathwise.publisher.kick();
      assert.equal((await findGradeEvent(ev._id))?.status, 'sent');
      const calls = proxy.hits.map((h) => `${h.path.includes('token') ? 'token' : 'scores'}:${h.answered}`);
      assert.deepEqual(calls, ['token:pass', 'scores:401', 'token:pass', 'scores:pass']);
      const row = a.rows().at(-1);
      assert.equal(row?.scoreGiven, 0.6);
    } finally {
      await undo();
    }
  });

  it('keeps a permanent refusal (403) with the platform’s reason for the teacher, and sends it again when the teacher asks', async () => {
    const a = await gradedStudent('canvas', 3);
    proxy.rule(
      (m, p) => m === 'POST' && isScores(p),
      { status: 403, body: '{"errors":[{"message":"The grade column is locked by the teacher"}]}' },
      1,
    );
    const ev = await a.grade(0.7, via(proxy.url, a.activity.lineItemUrl!));
    await a.s.pathwise.publisher.kick();
    const refused = await findGradeEvent(ev._id);
    assert.equal(refused?.status, 'rejected');
    assert.equal(refused?.attempts, 1, 'a permanent refusal is not retried by itself');
    const teacher = await launchAs('canvas', 'teacher');
    assert.equal(teacher.status, 200);
    assert.match(teacher.html, /HTTP 403: .*The grade column is locked by the teacher/);
    const retry = parseForms(teacher.html).find((f) => f.action.endsWith('/grades/retry'));
    assert.ok(retry, 'the teacher page offers to send refused grades again');
    const res = await teacher.client.postForm(new URL(retry.action, teacher.url).toString(), retry.fields, { sandboxUrl: a.s.sandboxUrl });
    assert.equal(res.status, 303);
    await a.s.pathwise.publisher.kick();
    assert.equal((await findGradeEvent(ev._id))?.status, 'sent');
    assert.equal(a.rows().at(-1)?.scoreGiven, 0.7);
  });

  it('waits as long as Retry-After says (429), pausing that platform, and then sends by itself', async () => {
    const a = await gradedStudent('moodle', 3);
    proxy.rule((m, p) => m === 'POST' && isScores(p), { status: 429, headers: { 'Retry-After': '2' }, body: '{"error":"slow down"}' }, 1);
    const ev = await a.grade(0.8, via(proxy.url, a.activity.lineItemUrl!));
    const t0 = Date.now();
    await a.s.pathwise.publisher.kick();
    const waiting = await findGradeEvent(ev._id);
    assert.equal(waiting?.status, 'pending');
    assert.ok(waiting!.nextAttemptAt.getTime() - t0 >= 1_900, 'no sooner than Retry-After');
    // No kick: the sender's own timer wakes it when the wait is over.
    await eventually(async () => (await findGradeEvent(ev._id))?.status === 'sent', 20_000, 'the delayed grade');
    const scoreCalls = proxy.hits.filter((h) => isScores(h.path));
    assert.equal(scoreCalls.length, 2);
    assert.ok(scoreCalls[1]!.at - scoreCalls[0]!.at >= 1_900, `second call ${scoreCalls[1]!.at - scoreCalls[0]!.at} ms after the 429`);
  });

  it('takes over a grade whose sender died holding the lease, once the lease expires (kill during passback)', async () => {
    const a = await gradedStudent('canvas', 2);
    const ev = await a.grade(0.45);
    const claimed = await claimEvent(
      await GradeEvent.findById(ev._id)
        .lean()
        .then((d) => d as never),
      'a-sender-that-died',
      60_000,
    );
    assert.equal(claimed?.status, 'sending');
    await a.s.pathwise.publisher.kick();
    assert.equal((await findGradeEvent(ev._id))?.status, 'sending', 'a live lease is respected');
    await GradeEvent.updateOne({ _id: ev._id }, { $set: { leaseUntil: new Date(Date.now() - 1) } });
    await a.s.pathwise.publisher.kick();
    const done = await findGradeEvent(ev._id);
    assert.equal(done?.status, 'sent');
    assert.equal(done?.timestamp, ev.timestamp);
    assert.equal(a.rows().at(-1)?.scoreGiven, 0.45);
  });
});
