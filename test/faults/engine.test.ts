/**
 * The supervised embedded engine and bounded shutdown, with real processes: Pathwise as a child
 * process (src/main.ts, the product's entry, compiled once by test/support/compiled.ts), killed
 * with SIGKILL, started twice on one directory, stopped with SIGTERM under keep-alive load; and
 * the shared stack's engine killed and frozen.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { DB_TIMEOUTS } from '../../src/db/connection.ts';
import { freePort } from '../../src/db/engine.ts';
import { alive, EngineLock } from '../../src/db/engineLock.ts';
import { createLogger } from '../../src/logger.ts';
import { Writable } from 'node:stream';
import { stack } from '../support/stack.ts';
import { eventually, stopped } from './helpers.ts';
import { lockOf, ready, startPathwise, type Child } from './child.ts';
import { launchAs } from '../support/factories.ts';
import { compiled } from '../support/compiled.ts';

describe('the supervised engine and shutdown', function () {
  this.timeout(420_000);
  const children: Child[] = [];
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pathwise-faults-'));
  });
  after(async () => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    const lock = existsSync(path.join(dir, 'pathwise.lock')) ? lockOf(dir) : undefined;
    if (lock?.enginePid && alive(lock.enginePid)) process.kill(lock.enginePid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the engine orphaned by a SIGKILLed Pathwise at the next start, refuses a second Pathwise, and exits within 10 s of SIGTERM under load leaving no process', async () => {
    const [port, dbPort] = [await freePort(), await freePort()];
    // The compiled entry: the same code as `tsx src/main.ts`, started in a fraction of the time.
    const main = [await compiled('src/main.ts')];
    const first = startPathwise(dir, port, dbPort, {}, main);
    children.push(first);
    await eventually(() => ready(first.url), 90_000, `the first Pathwise (${first.output().slice(-500)})`);
    const orphan = lockOf(dir).enginePid;
    first.proc.kill('SIGKILL');
    await first.exited;
    assert.ok(alive(orphan), 'the engine outlives a SIGKILLed Pathwise');

    // The orphan may also end by itself (its output pipe closed with its parent); either way no
    // engine of the killed Pathwise survives the next start. The lock's own stopping of an orphan
    // is proven deterministically in the next test.
    const second = startPathwise(dir, port, dbPort, {}, main);
    children.push(second);
    await eventually(() => ready(second.url), 90_000, `the second Pathwise (${second.output().slice(-500)})`);
    assert.ok(!alive(orphan), 'the orphaned engine was stopped');
    const engine = lockOf(dir).enginePid;
    assert.notEqual(engine, orphan);

    const third = startPathwise(dir, await freePort(), await freePort(), {}, main);
    children.push(third);
    assert.equal(await third.exited, 1);
    assert.match(third.output(), new RegExp(`Another Pathwise process \\(pid ${second.proc.pid}\\) is using the embedded database`));
    assert.ok(await ready(second.url), 'the running one is untouched');

    // Keep-alive load: requests in flight and idle connections when SIGTERM arrives.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    let stopLoad = false;
    const statuses: number[] = [];
    const load = Array.from({ length: 16 }, async () => {
      while (!stopLoad) {
        const status = await new Promise<number>((resolve) => {
          http
            .get(`${second.url}/health/ready`, { agent }, (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            })
            .on('error', () => resolve(-1));
        });
        statuses.push(status);
        if (status === -1) break;
      }
    });
    await eventually(async () => statuses.length > 50, 30_000, 'load');
    const t0 = Date.now();
    second.proc.kill('SIGTERM');
    const code = await second.exited;
    const took = Date.now() - t0;
    stopLoad = true;
    await Promise.all(load);
    agent.destroy();
    assert.equal(code, 0, second.output().slice(-1000));
    assert.ok(took < 10_000, `exited ${took} ms after SIGTERM`);
    assert.ok(!statuses.includes(500));
    await eventually(async () => !alive(engine), 5_000, 'the engine to exit with Pathwise');
    assert.ok(!existsSync(path.join(dir, 'pathwise.lock')), 'the lock is released');
  });

  it('stops an orphaned engine named in the lock of a dead Pathwise, and leaves a process that is not an engine alone', async () => {
    const lockDir = await mkdtemp(path.join(os.tmpdir(), 'pathwise-lock-'));
    // Real processes: one whose command line reads as the engine's, one that is something else.
    const fakeEngine = spawn('bash', ['-c', 'exec -a ferretdb sleep 120'], { stdio: 'ignore' });
    const bystander = spawn('sleep', ['120'], { stdio: 'ignore' });
    const deadPid = await new Promise<number>((resolve) => {
      const p = spawn('true');
      p.once('exit', () => resolve(p.pid!));
    });
    try {
      await eventually(
        async () => readFileSync(`/proc/${fakeEngine.pid}/cmdline`, 'utf8').startsWith('ferretdb'),
        5_000,
        'the fake engine',
      );
      const lines: string[] = [];
      const log = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
      await writeFile(path.join(lockDir, 'pathwise.lock'), JSON.stringify({ pathwisePid: deadPid, enginePid: fakeEngine.pid, port: 1 }));
      await new EngineLock(lockDir, log).acquire();
      await eventually(async () => !alive(fakeEngine.pid), 10_000, 'the orphaned engine to stop');
      assert.match(lines.join(''), /stopping an orphaned engine/);
      assert.equal(lockOf(lockDir).pathwisePid, process.pid, 'the lock is ours');

      await writeFile(path.join(lockDir, 'pathwise.lock'), JSON.stringify({ pathwisePid: deadPid, enginePid: bystander.pid, port: 1 }));
      await new EngineLock(lockDir, log).acquire();
      assert.ok(alive(bystander.pid), 'a reused pid that is not an engine is not killed');
    } finally {
      fakeEngine.kill('SIGKILL');
      bystander.kill('SIGKILL');
      await rm(lockDir, { recursive: true, force: true });
    }
  });

  it('restarts a killed engine by itself; meanwhile requests get 503 with Retry-After, never 500', async () => {
    const s = await stack();
    const before = s.engine.restarts?.() ?? 0;
    const pid = s.engine.pid?.();
    assert.ok(pid);
    const seen: { status: number; retryAfter: string | null }[] = [];
    process.kill(pid, 'SIGKILL');
    await eventually(
      async () => {
        const r = await fetch(`${s.toolUrl}/health/ready`, { signal: AbortSignal.timeout(15_000) });
        seen.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
        return r.status === 200 && (s.engine.restarts?.() ?? 0) > before;
      },
      60_000,
      'the engine to come back',
    );
    assert.ok(
      seen.every((x) => x.status === 200 || (x.status === 503 && x.retryAfter === '5')),
      JSON.stringify(seen),
    );
    assert.notEqual(s.engine.pid?.(), pid);
    // Still Pathwise's own connection with its time limits and single connection (ltijs once
    // replaced it a second after the outage with one that waited forever on a frozen engine).
    await new Promise((r) => setTimeout(r, 1_500));
    const options = mongoose.connection.getClient().options;
    assert.equal(options.socketTimeoutMS, DB_TIMEOUTS.socketTimeoutMS);
    assert.equal(options.heartbeatFrequencyMS, DB_TIMEOUTS.heartbeatFrequencyMS);
    assert.equal(options.maxPoolSize, s.engine.clientOptions.maxPoolSize ?? 100);
    const c = s.db.collection('test_after_restart');
    await c.insertOne({ ok: 1 });
    assert.equal(await c.countDocuments({ ok: 1 }), 1, 'the database works again without a Pathwise restart');
  });

  it('answers 503 with Retry-After within seconds while the engine is frozen, and recovers when it wakes', async () => {
    const s = await stack();
    const student = await launchAs('moodle', { student: 1 });
    assert.equal(student.status, 200);
    const pid = s.engine.pid?.();
    assert.ok(pid);
    process.kill(pid, 'SIGSTOP');
    try {
      // SIGSTOP takes effect as each of the engine's threads next leaves the kernel (one in a
      // long disk write on a busy machine finishes it first): probe only once all have stopped.
      await eventually(async () => stopped(pid), 20_000, 'every engine thread to stop');
      // Readiness turns 503 within seconds of the freeze, and no probe hangs meanwhile. Each
      // readiness probe goes with a liveness probe at the same moment: on a starved machine both
      // answer late together, while a readiness probe waiting on the frozen database would answer
      // later than its liveness twin by the wait.
      const probes: { status: number; ms: number; liveMs: number }[] = [];
      const timed = async (path: string) => {
        const t0 = Date.now();
        const r = await fetch(`${s.toolUrl}${path}`, { signal: AbortSignal.timeout(20_000) });
        await r.arrayBuffer();
        return { r, ms: Date.now() - t0 };
      };
      const probe = await eventually(
        async () => {
          const [ready, live] = await Promise.all([timed('/health/ready'), timed('/health/live')]);
          probes.push({ status: ready.r.status, ms: ready.ms, liveMs: live.ms });
          return ready.r.status === 503 && ready.r;
        },
        10_000,
        'readiness to say 503',
      ).catch((err: unknown) => {
        const conn = mongoose.connection;
        throw new Error(
          `${String(err)}: probes ${JSON.stringify(probes)}; engine ${s.engine.uri} (pid ${pid}, stopped: ${stopped(pid)}); Pathwise connected to ${conn.host}:${conn.port}`,
        );
      });
      assert.equal(probe.headers.get('retry-after'), '5');
      // The ping's own limit is 1.5 s; 3.5 s beyond the liveness twin means readiness waited on the database.
      assert.ok(
        probes.every((p) => p.ms - p.liveMs < 3_500),
        `a readiness probe waited on the frozen database: ${JSON.stringify(probes)}`,
      );
      const t1 = Date.now();
      const page = await fetch(student.url, { headers: { Accept: 'text/html' }, signal: AbortSignal.timeout(40_000) });
      const took = Date.now() - t1;
      const html = await page.text();
      assert.equal(page.status, 503, html.replace(/<[^>]+>/g, ' ').slice(0, 300));
      assert.equal(page.headers.get('retry-after'), '5');
      assert.match(html, /cannot reach its database/);
      assert.ok(took < 30_000, `the page answered after ${took} ms`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await eventually(() => ready(s.toolUrl), 60_000, 'readiness after the engine wakes');
    const again = await fetch(student.url, { headers: { Accept: 'text/html' } });
    assert.equal(again.status, 200);
  });
});
