/**
 * Teacher overview benchmark (not a test): one course with `--students` learners who all have
 * progress in its activity, and the teacher page requested `--requests` times over HTTP with and
 * without gzip. Reports the time per page (median, p95), the page size and the server's memory
 * before and after. One real launch creates the course, the activity and the teacher.
 *
 *   npm run --silent bench:teacher -- [--students 3000] [--requests 10]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose, { Types } from 'mongoose';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { disconnectDatabase } from '../../src/db/connection.ts';
import { freePort, startEngine } from '../../src/db/engine.ts';
import { createLogger } from '../../src/logger.ts';
import { startSandbox } from '../sandbox/index.ts';
import { LtiClient } from '../../test/support/ltiClient.ts';

const { values } = parseArgs({ options: { students: { type: 'string', default: '3000' }, requests: { type: 'string', default: '10' } } });
const STUDENTS = Number(values.students);
const REQUESTS = Number(values.requests);

const log = createLogger('silent');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pathwise-bench-teacher-'));
const [toolPort, sandboxPort] = [await freePort(), await freePort()];
const toolUrl = `http://localhost:${toolPort}`;
const engine = await startEngine({ dataDir, log });
const config = loadConfig({ NODE_ENV: 'test' }, { publicUrl: toolUrl, port: toolPort, dataDir });
const pathwise = await createApp({
  config,
  log,
  mongoUri: engine.uri,
  mongoOptions: engine.clientOptions,
  secret: 'bench-secret-'.padEnd(48, 'x'),
  workers: false,
});
const server = await new Promise<Server>((resolve) => {
  const s = pathwise.app.listen(toolPort, '127.0.0.1', () => resolve(s));
});
const sb = await startSandbox({ baseUrl: `http://127.0.0.1:${sandboxPort}`, port: sandboxPort, host: '127.0.0.1' });
await fetch(sb.sandbox.beginRegistration('moodle', `${toolUrl}/lti/register`).url);
const info = sb.sandbox.flavours.moodle;
const clientId = sb.sandbox.registrations().find((r) => r.flavour === 'moodle')!.clientId;
const resourceLinkId = sb.sandbox.resourceLinks(info.courseId)[0]!.id;
const launch = (userId: string) =>
  new LtiClient().launch({
    launchUrl: sb.sandbox.launchUrl({ flavour: 'moodle', courseId: info.courseId, userId, resourceLinkId, clientId }),
    sandboxUrl: sb.url,
  });
const student = await launch(info.studentIds[0]!);
const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1]!;
const teacher = await launch(info.teacherId);
if (!/\/teacher\?/.test(teacher.url)) throw new Error(`the teacher launch did not reach the overview: ${teacher.url}`);
const db = mongoose.connection.db!;
const template = (await db.collection('pw_progress').findOne({ activityId: new Types.ObjectId(activityId) }))!;
const courseId = template.courseId as Types.ObjectId;

for (let done = 0; done < STUDENTS;) {
  const batch = Math.min(500, STUDENTS - done);
  const people = Array.from({ length: batch }, () => new Types.ObjectId());
  await db.collection('pw_people').insertMany(
    people.map((p, i) => ({
      _id: p,
      issuer: info.issuer,
      sub: `bench-${done + i}`,
      name: `Student ${String(done + i).padStart(5, '0')}`,
    })),
  );
  await db.collection('pw_enrollments').insertMany(people.map((p) => ({ courseId, personId: p, role: 'learner' })));
  await db
    .collection('pw_progress')
    .insertMany(people.map((p) => ({ ...template, _id: `${activityId}:${p}` as unknown as Types.ObjectId, personId: p, answered: 12 })));
  done += batch;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
async function measure(gzip: boolean) {
  const times: number[] = [];
  let bytes = 0;
  let html = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await fetch(teacher.url, { headers: { 'Accept-Encoding': gzip ? 'gzip' : 'identity' }, decompress: false } as RequestInit);
    const body = Buffer.from(await res.arrayBuffer());
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`teacher page: ${res.status}`);
    bytes = Number(res.headers.get('content-length') ?? body.length);
    html = body.length;
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), bytes, html };
}
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const plain = await measure(false);
const gz = await measure(true);
const rssAfter = process.memoryUsage().rss;
const out = {
  engine: engine.kind,
  students: STUDENTS,
  requests: REQUESTS,
  plain,
  gzip: gz,
  rssMiB: { before: rssBefore / 2 ** 20, after: rssAfter / 2 ** 20 },
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(
  [
    '',
    '| students | encoding | p50 (ms) | p95 (ms) | bytes sent | RSS before → after (MiB) |',
    '|---|---|---|---|---|---|',
    `| ${STUDENTS} | identity | ${plain.p50.toFixed(0)} | ${plain.p95.toFixed(0)} | ${plain.bytes} | ${out.rssMiB.before.toFixed(0)} → ${out.rssMiB.after.toFixed(0)} |`,
    `| ${STUDENTS} | gzip | ${gz.p50.toFixed(0)} | ${gz.p95.toFixed(0)} | ${gz.bytes} | |`,
    '',
  ].join('\n'),
);

await sb.close();
server.closeAllConnections();
await new Promise<void>((r) => server.close(() => r()));
await pathwise.close();
await disconnectDatabase();
await engine.stop();
await rm(dataDir, { recursive: true, force: true });
