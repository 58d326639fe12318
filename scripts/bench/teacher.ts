/**
 * Teacher overview benchmark (not a test): one course whose activity has all 15 skills of the
 * bundled pack, with learners who have varied progress in it (states made by the policy's own
 * `applyAnswer`: some skills mastered, some in progress, some students stuck), grown step by step
 * to `--students`; at each size the class overview (first page, attention first) is requested
 * `--requests` times over HTTP with and without gzip. Reports the time per page (median, p95), the
 * page size and the server's memory. One real launch creates the course, the activity and the teacher.
 *
 *   npm run --silent bench:teacher -- [--students 500,1000,3000] [--requests 10]
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { benchStack } from './stack.ts';
import { LtiClient } from '../../test/support/ltiClient.ts';
import { listSkills } from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { applyAnswer, paramsFromPack, type StudentState } from '../../src/domain/policy/index.ts';
import { putMemberRows, putProgressRows } from '../../src/repositories/classSummary.ts';

const { values } = parseArgs({
  options: { students: { type: 'string', default: '500,1000,3000' }, requests: { type: 'string', default: '10' } },
});
const SIZES = values.students
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const REQUESTS = Number(values.requests);

const { info, clientId, db, sb, engine, close } = await benchStack({ name: 'teacher', flavour: 'moodle' });
const pack = loadBundledPack();
const params = paramsFromPack(pack);
const allSkills = listSkills(pack).map((k) => k.id);
const resourceLinkId = sb.sandbox.addResourceLink(info.courseId, { title: 'Bench all skills', custom: { skills: allSkills.join(',') } }).id;
const launch = (userId: string) =>
  new LtiClient().launch({
    launchUrl: sb.sandbox.launchUrl({ flavour: 'moodle', courseId: info.courseId, userId, resourceLinkId, clientId }),
    sandboxUrl: sb.url,
  });
const student = await launch(info.studentIds[0]!);
const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1]!;
const teacher = await launch(info.teacherId);
if (!/\/teacher\?/.test(teacher.url)) throw new Error(`the teacher launch did not reach the overview: ${teacher.url}`);
const template = (await db.collection('pw_progress').findOne({ activityId: new Types.ObjectId(activityId) }))!;
const courseId = template.courseId as Types.ObjectId;

/** A student's state after `right` correct answers on the first skills in order and `wrong` on the next one. */
function variant(right: number, wrong: number): StudentState {
  let state = template.state as StudentState;
  let n = 0;
  const answer = (skillId: string, correct: boolean) => {
    const item = pack.items.find((i) => i.skills.length === 1 && i.skills[0] === skillId);
    if (!item) return;
    state = applyAnswer(pack, params, state, {
      itemId: item.id,
      seed: ++n,
      skillIds: item.skills,
      itemClass: item.class,
      correct,
      hintsUsed: 0,
      durationMs: 20_000,
      at: new Date(Date.now() - (100 - n) * 60_000).toISOString(),
    });
  };
  for (const skillId of allSkills.slice(0, right)) for (let i = 0; i < 6; i++) answer(skillId, true);
  const next = allSkills[right];
  if (next) for (let i = 0; i < wrong; i++) answer(next, false);
  return state;
}
const variants = [variant(0, 0), variant(2, 1), variant(4, 3), variant(6, 12), variant(9, 2), variant(3, 12)];

let done = 0;
async function growTo(students: number) {
  while (done < students) {
    const batch = Math.min(100, students - done);
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
    const docs = people.map((p, i) => ({
      ...template,
      _id: `${activityId}:${p}`,
      personId: p,
      answered: 12,
      state: variants[(done + i) % variants.length]!,
    }));
    await db.collection('pw_progress').insertMany(docs as unknown as Array<{ _id: Types.ObjectId }>);
    // What launches and answers keep up to date: the class overview's rows (members, progress).
    await putMemberRows(
      String(courseId),
      people.map((p, i) => ({ personId: String(p), sub: `bench-${done + i}`, name: `Student ${String(done + i).padStart(5, '0')}` })),
    );
    await putProgressRows(docs as unknown as Parameters<typeof putProgressRows>[0]);
    done += batch;
  }
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
/** One GET with node:http, so the bytes counted are the bytes on the wire (fetch would decompress). */
function get(url: string, gzip: boolean): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': gzip ? 'gzip' : 'identity' } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      })
      .on('error', reject);
  });
}
async function measure(gzip: boolean, requests = REQUESTS) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    const res = await get(teacher.url, gzip);
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`teacher page: ${res.status}`);
    bytes = res.bytes;
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), bytes };
}
const table = ['', '| students | encoding | p50 (ms) | p95 (ms) | bytes sent | RSS after (MiB) |', '|---|---|---|---|---|---|'];
const results = [];
for (const size of SIZES) {
  await growTo(size);
  await measure(false, 1); // warm-up: caches, first compile of the templates
  const plain = await measure(false);
  const gz = await measure(true);
  const rss = process.memoryUsage().rss / 2 ** 20;
  results.push({ students: size, plain, gzip: gz, rssMiB: rss });
  table.push(`| ${size} | identity | ${plain.p50.toFixed(0)} | ${plain.p95.toFixed(0)} | ${plain.bytes} | ${rss.toFixed(0)} |`);
  table.push(`| ${size} | gzip | ${gz.p50.toFixed(0)} | ${gz.p95.toFixed(0)} | ${gz.bytes} | |`);
}
process.stdout.write(`${JSON.stringify({ engine: engine.kind, skills: allSkills.length, requests: REQUESTS, results }, null, 2)}\n`);
process.stdout.write(`${table.join('\n')}\n\n`);

await close();
