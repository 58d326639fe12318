/**
 * Answer benchmark (not a test): students answering over real HTTP (POST /answer, the next page
 * rendered), 1, 8 and 32 in flight, against the "raw floor" in the same run: the same database
 * operations per answer (progress read and update, summary row, log insert, the grade event of a
 * first answer, all by `_id`; the previous answer's effect is removed by the update, as Pathwise does)
 * issued directly with the driver on the same connection, without HTTP, policy or rendering.
 * Pathwise's timed window also holds steps that are not answers (moving on from a worked example,
 * a fresh student's first page); the floor does the same database work for as many of each.
 * Measured twice: with `--small` students with history, then after growing the installation to
 * `--large` students with history (the answer log and the progress collection both grow), to show
 * the rate stays flat.
 *
 *   npm run --silent bench:answers -- [--answers 400] [--small 100] [--large 10000] [--history 5] [--client process|inline]
 *
 * The students run in a child process (answerStudents.ts) unless `--client inline` keeps them in
 * this process, where their HTTP client and page reading take CPU from Pathwise's event loop.
 *
 * Students get their session directly (signed like a launch's), one real launch creates the
 * course and activity. Prints JSON and a Markdown table for docs/benchmarks.md.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { putProgressRows } from '../../src/repositories/classSummary.ts';
import { LtiClient } from '../../test/support/ltiClient.ts';
import { benchStack, cpuMeter, freshStudentUrls } from './stack.ts';
import { rawRun, type Floor } from './answerFloor.ts';
import { runStudents, type FromChild, type StudentsResult } from './answerStudents.ts';

const { values } = parseArgs({
  options: {
    answers: { type: 'string', default: '400' },
    small: { type: 'string', default: '100' },
    large: { type: 'string', default: '10000' },
    history: { type: 'string', default: '5' },
    client: { type: 'string', default: 'process' },
  },
});
const ANSWERS = Number(values.answers);
const SMALL = Number(values.small);
const LARGE = Number(values.large);
const HISTORY = Number(values.history);
const CLIENT = values.client;
if (CLIENT !== 'process' && CLIENT !== 'inline') throw new Error('--client is "process" (the default) or "inline"');

// Seeding 10,000 students on a loaded machine met single operations slower than the driver's 15 s
// socket timeout (twice, at batches of 100 and of 25): the benchmark waits up to 2 minutes instead.
const { toolUrl, sb, info, clientId, db, engine, close } = await benchStack({
  name: 'answers',
  flavour: 'moodle',
  socketTimeoutMS: 120_000,
});
const resourceLinkId = sb.sandbox.resourceLinks(info.courseId)[0]!.id;
const launched = await new LtiClient().launch({
  launchUrl: sb.sandbox.launchUrl({ flavour: 'moodle', courseId: info.courseId, userId: info.studentIds[0]!, resourceLinkId, clientId }),
  sandboxUrl: sb.url,
});
if (!/\/app\/activities\//.test(launched.url))
  throw new Error(`the launch did not reach the practice page: ${launched.status} ${launched.url}`);
const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(launched.url)![1]!;
const activity = (await db.collection('pw_activities').findOne({ _id: new Types.ObjectId(activityId) }))!;
const courseId = String(activity.courseId);
const template = (await db.collection('pw_progress').findOne({ activityId: new Types.ObjectId(activityId) }))!;
const freshStudent = freshStudentUrls({ db, toolUrl, issuer: info.issuer, courseId, activityId });

/** Adds students with a progress document and `HISTORY` logged answers each, until there are `n`. */
let students = 0;
async function growTo(n: number): Promise<void> {
  while (students < n) {
    const batch = Math.min(25, n - students); // small batches: on a loaded machine 100 at once exceeded the 15 s socket timeout
    const people = Array.from({ length: batch }, () => new Types.ObjectId());
    await db
      .collection('pw_people')
      .insertMany(people.map((p, i) => ({ _id: p, issuer: info.issuer, sub: `bench-${students + i}`, name: `Student ${students + i}` })));
    const docs = people.map((p) => ({
      ...template,
      _id: `${activityId}:${p}` as unknown as Types.ObjectId,
      personId: p,
      answered: HISTORY,
      pending: {},
      counted: [],
    }));
    await db.collection('pw_progress').insertMany(docs);
    // What answers keep up to date: the class overview's row of each student (the summary documents grow too).
    await putProgressRows(docs as unknown as Parameters<typeof putProgressRows>[0]);
    await db.collection('pw_answer_log').insertMany(
      people.flatMap((p) =>
        Array.from({ length: HISTORY }, (_x, k) => ({
          _id: randomUUID() as unknown as Types.ObjectId,
          courseId: activity.courseId,
          activityId: activity._id,
          personId: p,
          itemId: 'fm-name-fraction',
          seed: k,
          skillIds: ['fraction-meaning'],
          itemClass: 'standard',
          order: k + 1,
          response: '1/2',
          correct: k % 2 === 0,
          hintsUsed: 0,
          attempt: 1,
          durationMs: 5000,
          at: new Date(),
        })),
      ),
    );
    students += batch;
    if (students % 1000 === 0) process.stderr.write(`  ${students} students\n`);
  }
}

/** The students in a child process (see answerStudents.ts), or none with `--client inline`. */
const child =
  CLIENT === 'process'
    ? fork(fileURLToPath(new URL('./answerStudents.ts', import.meta.url)), ['--answer-students'], { execArgv: ['--import', 'tsx'] })
    : undefined;

type Cpu = { nodeMs: number; engineMs?: number };
/** CPU per answer of a run (its steps that are not answers included). */
const perAnswer = (c: Cpu): Cpu => ({
  nodeMs: c.nodeMs / ANSWERS,
  ...(c.engineMs !== undefined ? { engineMs: c.engineMs / ANSWERS } : {}),
});
const cpuText = (c: Cpu) => `${c.nodeMs.toFixed(1)} + ${c.engineMs?.toFixed(1) ?? '?'}`;

/** `inFlight` fresh students answer until `ANSWERS` answers in total (answerStudents.ts). */
async function pathwiseRun(inFlight: number): Promise<StudentsResult & { cpu: Cpu }> {
  let stop: (() => Cpu) | undefined;
  const start = () => (stop = cpuMeter(engine));
  const withCpu = (r: StudentsResult) => ({ ...r, cpu: perAnswer(stop!()) });
  if (!child) return withCpu(await runStudents({ toolUrl, inFlight, answers: ANSWERS, freshUrl: freshStudent, onStart: start }));
  const c = child;
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromChild) => {
      if (m.type === 'start') return void start();
      if (m.type === 'fresh') {
        freshStudent().then(
          (url) => c.send({ type: 'fresh', id: m.id, url }),
          (err: unknown) => reject(err as Error),
        );
        return;
      }
      c.off('message', onMessage);
      if (m.type === 'result') resolve(withCpu(m.result));
      else reject(new Error(`the students' process failed: ${m.message}`));
    };
    c.on('message', onMessage);
    c.send({ type: 'run', toolUrl, inFlight, answers: ANSWERS });
  });
}

const floor: Floor = { db, engine, answers: ANSWERS, issuer: info.issuer, activityId, activity, template };
const rows: string[] = [];
const results: unknown[] = [];
for (const size of [SMALL, LARGE]) {
  const t = performance.now();
  await growTo(size);
  const logCount = await db.collection('pw_answer_log').estimatedDocumentCount();
  process.stderr.write(
    `installation: ${students} students, ${logCount} logged answers (grown in ${((performance.now() - t) / 1000).toFixed(0)} s)\n`,
  );
  for (const c of [1, 8, 32]) {
    await pathwiseRun(c); // warm-up on fresh students
    const since = new Date();
    const pw = await pathwiseRun(c);
    const raw = await rawRun(floor, c, pw.mix, since); // the same steps that are not answers as Pathwise's timed run

    const ratio = pw.rate / raw.rate;
    results.push({ students: size, logged: logCount, inFlight: c, pathwise: pw, raw, ratio });
    rows.push(
      `| ${size} | ${c} | ${pw.rate.toFixed(1)} | ${raw.rate.toFixed(1)} | ${ratio.toFixed(2)} | ${pw.p50.toFixed(0)} | ${pw.p95.toFixed(0)} | ${cpuText(pw.cpu)} | ${cpuText(raw.cpu)} | ${pw.others} | ${pw.failures} |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
}
process.stdout.write(`${JSON.stringify({ engine: engine.kind, answers: ANSWERS, history: HISTORY, client: CLIENT, results }, null, 2)}\n`);
process.stdout.write(
  [
    '',
    '| students | in flight | Pathwise answers/s | raw floor answers/s | ratio | p50 (ms) | p95 (ms) | Pathwise CPU ms/answer (process + engine) | floor CPU ms/answer | other requests | failed |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);

child?.disconnect();
await close();
