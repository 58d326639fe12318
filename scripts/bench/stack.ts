/**
 * The stack every benchmark runs on, started the same way: the embedded engine on a fresh
 * temporary directory, Pathwise (no background workers) on http://localhost:<port>, the sandbox
 * LMS on http://127.0.0.1:<port>, and Pathwise registered with the sandbox in one flavour
 * through Dynamic Registration with a one-time invite, as an operator would. `close()` stops all
 * of it and removes the directory.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type express from 'express';
import { randomUUID } from 'node:crypto';
import mongoose, { Types, type mongo } from 'mongoose';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { disconnectDatabase } from '../../src/db/connection.ts';
import { freePort, startEngine } from '../../src/db/engine.ts';
import { createLogger } from '../../src/logger.ts';
import { createInvite } from '../../src/repositories/registrations.ts';
import { SessionSigner, deriveKey } from '../../src/session.ts';
import type { ParsedForm } from '../../test/support/ltiClient.ts';
import { startSandbox, type Flavour } from '../sandbox/index.ts';

export const BENCH_SECRET = 'bench-secret-'.padEnd(48, 'x');

/** Listens on 127.0.0.1:`port`. */
export function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

export async function benchStack(opts: {
  name: string;
  flavour?: Flavour;
  monitorCommands?: boolean;
  /** Overrides the driver's 15 s socket timeout (seeding large installations on a loaded machine). */
  socketTimeoutMS?: number;
}) {
  const flavour = opts.flavour ?? 'moodle';
  const log = createLogger('silent');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `pathwise-bench-${opts.name}-`));
  const [toolPort, sandboxPort] = [await freePort(), await freePort()];
  const toolUrl = `http://localhost:${toolPort}`;
  const engine = await startEngine({ dataDir, log });
  const config = loadConfig({ NODE_ENV: 'test' }, { publicUrl: toolUrl, port: toolPort, dataDir });
  const pathwise = await createApp({
    config,
    log,
    mongoUri: engine.uri,
    mongoOptions: {
      ...engine.clientOptions,
      ...(opts.monitorCommands ? { monitorCommands: true } : {}),
      ...(opts.socketTimeoutMS ? { socketTimeoutMS: opts.socketTimeoutMS } : {}),
    },
    secret: BENCH_SECRET,
    workers: false,
  });
  const server = await listen(pathwise.app, toolPort);
  const sb = await startSandbox({ baseUrl: `http://127.0.0.1:${sandboxPort}`, port: sandboxPort, host: '127.0.0.1' });
  const { token } = await createInvite({ label: `bench ${flavour}`, expiresInMs: 600_000 });
  const registered = await fetch(sb.sandbox.beginRegistration(flavour, `${toolUrl}/lti/register/${token}`).url);
  if (!registered.ok) throw new Error(`registration failed: ${registered.status} ${await registered.text()}`);
  const info = sb.sandbox.flavours[flavour];
  const clientId = sb.sandbox.registrations().find((r) => r.flavour === flavour)!.clientId;
  const db = mongoose.connection.db!;
  return {
    log,
    engine,
    config,
    pathwise,
    toolUrl,
    sb,
    info,
    clientId,
    db,
    async close(): Promise<void> {
      await sb.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await pathwise.close();
      await disconnectDatabase();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh student's practice page address: a person record and a session signed like a launch's
 * (no LTI round trip).
 */
export function freshStudentUrls(opts: { db: mongo.Db; toolUrl: string; issuer: string; courseId: string; activityId: string }) {
  const sessions = new SessionSigner(deriveKey(BENCH_SECRET, 'session'), 3600);
  return async (): Promise<string> => {
    const personId = new Types.ObjectId();
    await opts.db
      .collection('pw_people')
      .insertOne({ _id: personId, issuer: opts.issuer, sub: `bench-${randomUUID()}`, name: 'Bench student' });
    const s = sessions.sign({ courseId: opts.courseId, personId: String(personId), role: 'learner', activityId: opts.activityId });
    return `${opts.toolUrl}/app/activities/${opts.activityId}?s=${encodeURIComponent(s)}`;
  };
}

/** A fresh student's practice page (see freshStudentUrls), as the browser would get it. */
export function freshStudents(opts: { db: mongo.Db; toolUrl: string; issuer: string; courseId: string; activityId: string }) {
  const url = freshStudentUrls(opts);
  return async (): Promise<string> => (await fetch(await url())).text();
}

/**
 * The form that moves on from a step without a question (a worked example, a resource). A student
 * who answers everything wrong runs out of questions after a few dozen answers: undefined then.
 */
export function nextStepForm(forms: ParsedForm[]): ParsedForm | undefined {
  return forms.find((f) => f.action.endsWith('/continue'));
}

/** CPU time of a process by pid (user + system, ms) from /proc; undefined where there is no /proc. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return undefined;
  }
}

/**
 * CPU used between start and stop by this process (Pathwise and the benchmark's driver calls) and
 * by the database engine: unlike rates and latencies, it hardly depends on what else the machine runs.
 */
export function cpuMeter(engine: { pid?(): number | undefined }) {
  const node0 = process.cpuUsage();
  const engine0 = processCpuMs(engine.pid?.());
  return () => {
    const d = process.cpuUsage(node0);
    const engine1 = processCpuMs(engine.pid?.());
    return {
      nodeMs: (d.user + d.system) / 1000,
      ...(engine0 !== undefined && engine1 !== undefined ? { engineMs: engine1 - engine0 } : {}),
    };
  };
}
