/**
 * SIGTERM and SIGKILL while students answer, with real processes: Pathwise as a child process
 * (the product's entry) on its own embedded engine, students answering over keep-alive HTTP when
 * the signal arrives. On SIGTERM it exits within 10 s; either way nothing is lost: after a restart
 * (and its reconciler) every answer a student was told about is counted, each counted answer is
 * logged exactly once, and no effect is left pending.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { DB_TIMEOUTS } from '../../src/db/connection.ts';
import { freePort } from '../../src/db/engine.ts';
import { alive } from '../../src/db/engineLock.ts';
import { SessionSigner, deriveKey } from '../../src/session.ts';
import { parseForms } from '../support/ltiClient.ts';
import { lockOf, ready, startPathwise, type Child } from './child.ts';
import { eventually } from './helpers.ts';
import { compiled } from '../support/compiled.ts';

const SECRET = 'shutdown-test-secret-'.padEnd(48, 'x');
const STUDENTS = 6;

describe('Pathwise stopped while students answer', function () {
  this.timeout(420_000);
  const children: Child[] = [];
  const dirs: string[] = [];
  let db: mongoose.Connection | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
    for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    for (const dir of dirs.splice(0)) {
      const lock = existsSync(path.join(dir, 'pathwise.lock')) ? lockOf(dir) : undefined;
      if (lock?.enginePid && alive(lock.enginePid)) process.kill(lock.enginePid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  async function stoppedWhileAnswering(signal: 'SIGTERM' | 'SIGKILL') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pathwise-stopped-'));
    dirs.push(dir);
    const [port, dbPort] = [await freePort(), await freePort()];
    const env = { PATHWISE_SECRET: SECRET };
    const main = [await compiled('src/main.ts')];
    const first = startPathwise(dir, port, dbPort, env, main);
    children.push(first);
    await eventually(() => ready(first.url), 180_000, `Pathwise to start (${first.output().slice(-500)})`);

    // A course, an activity and students, as launches would have left them; sessions signed with the instance's secret.
    const uri = `mongodb://127.0.0.1:${dbPort}/pathwise`;
    db = await mongoose.createConnection(uri, { ...DB_TIMEOUTS, maxPoolSize: 1 }).asPromise();
    const courseId = new Types.ObjectId();
    const activityId = new Types.ObjectId();
    const issuer = 'https://shutdown.lms.example';
    await db
      .collection('pw_courses')
      .insertOne({ _id: courseId, issuer, clientId: 'shutdown', deploymentId: 'd1', contextId: 'c1', title: 'Shutdown' });
    await db.collection('pw_activities').insertOne({
      _id: activityId,
      courseId,
      resourceLinkId: 'rl-shutdown',
      title: 'Fractions',
      skillIds: ['fraction-meaning', 'equivalent-fractions'],
    });
    const people = Array.from({ length: STUDENTS }, () => new Types.ObjectId());
    await db.collection('pw_people').insertMany(people.map((p, i) => ({ _id: p, issuer, sub: `shutdown-${i}`, name: `Student ${i}` })));
    await db.close();
    db = undefined;
    const sessions = new SessionSigner(deriveKey(SECRET, 'session'), 3600);

    // Each student answers (wrong, then the retry, ...) until the server stops answering.
    const told = new Map<string, number>(); // answers each student got a page back for
    let answered = 0;
    let stop = false;
    const statuses: number[] = [];
    const students = people.map(async (p) => {
      const s = sessions.sign({ courseId: String(courseId), personId: String(p), role: 'learner', activityId: String(activityId) });
      let html = await (await fetch(`${first.url}/app/activities/${activityId}?s=${encodeURIComponent(s)}`)).text();
      while (!stop) {
        const forms = parseForms(html);
        const answer = forms.find((f) => f.action.endsWith('/answer'));
        const form = answer ?? forms.find((f) => f.action.endsWith('/continue'));
        if (!form) return; // out of questions
        const res = await fetch(new URL(form.action, first.url), {
          method: 'POST',
          body: new URLSearchParams({ ...(form.fields as Record<string, string>), ...(answer ? { response: '7/3' } : {}) }),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }).catch(() => undefined);
        if (!res) return; // the connection closed: the server is gone
        statuses.push(res.status);
        html = await res.text().catch(() => '');
        if (res.status !== 200) return;
        if (answer) {
          told.set(String(p), (told.get(String(p)) ?? 0) + 1);
          answered++;
        }
      }
    });
    await eventually(async () => answered >= 3 * STUDENTS, 120_000, 'students to be answering');

    const t0 = Date.now();
    first.proc.kill(signal);
    const code = await first.exited;
    const took = Date.now() - t0;
    stop = true;
    await Promise.all(students);
    assert.ok(!statuses.includes(500), 'no request failed with a server error');

    // Restart on the same data and look at what was kept.
    const second = startPathwise(dir, port, dbPort, env, main);
    children.push(second);
    await eventually(() => ready(second.url), 180_000, `Pathwise to restart (${second.output().slice(-500)})`);
    const conn = await mongoose.createConnection(uri, { ...DB_TIMEOUTS, maxPoolSize: 1 }).asPromise();
    db = conn;
    // The start-up reconciler completes effects an interrupted answer left behind.
    const settled = async () =>
      (await conn.collection<{ pending?: object }>('pw_progress').find({ activityId }).toArray()).every(
        (d) => Object.keys(d.pending ?? {}).length === 0,
      );
    await eventually(settled, 60_000, 'the reconciler to apply what was left');
    for (const p of people) {
      const progress = await conn.collection<{ answered: number; pending?: object }>('pw_progress').findOne({ activityId, personId: p });
      const logged = await conn.collection('pw_answer_log').countDocuments({ activityId, personId: p });
      const saw = told.get(String(p)) ?? 0;
      assert.ok(progress, `student ${String(p)} has progress`);
      assert.ok(progress.answered >= saw, `every answer the student saw counted is kept (${progress.answered} < ${saw})`);
      assert.ok(progress.answered <= saw + 1, 'at most the one answer in flight at the signal was counted without its page');
      assert.equal(logged, progress.answered, 'each counted answer is logged exactly once');
      assert.deepEqual(Object.keys(progress.pending ?? {}), [], 'no effect left half-applied');
    }
    assert.ok(answered >= 3 * STUDENTS);
    return { code, took, output: first.output() };
  }

  it('exits within 10 s of SIGTERM and loses nothing: every answer a student saw counted is counted and logged once', async () => {
    const r = await stoppedWhileAnswering('SIGTERM');
    assert.equal(r.code, 0, r.output.slice(-1000));
    assert.ok(r.took < 10_000, `exited ${r.took} ms after SIGTERM`);
  });

  it('loses no answer when killed (SIGKILL) mid-answer: after a restart every counted answer is logged once and nothing is left pending', async () => {
    const r = await stoppedWhileAnswering('SIGKILL');
    assert.equal(r.code, null, 'killed, not exited');
  });
});
