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
import { mongo, Types } from 'mongoose';
import { putProgressRows } from '../../src/repositories/classSummary.ts';
import { LtiClient } from '../../test/support/ltiClient.ts';
import { benchStack, freshStudentUrls } from './stack.ts';
import { runStudents, type FromChild, type StudentsResult } from './answerStudents.ts';

const { BSON } = mongo;
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

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

/** The students in a child process (see answerStudents.ts), or none with `--client inline`. */
const child =
  CLIENT === 'process'
    ? fork(fileURLToPath(new URL('./answerStudents.ts', import.meta.url)), ['--answer-students'], { execArgv: ['--import', 'tsx'] })
    : undefined;

/** `inFlight` fresh students answer until `ANSWERS` answers in total (answerStudents.ts). */
async function pathwiseRun(inFlight: number): Promise<StudentsResult> {
  if (!child) return runStudents({ toolUrl, inFlight, answers: ANSWERS, freshUrl: freshStudent });
  const c = child;
  return new Promise<StudentsResult>((resolve, reject) => {
    const onMessage = (m: FromChild) => {
      if (m.type === 'fresh') {
        freshStudent().then(
          (url) => c.send({ type: 'fresh', id: m.id, url }),
          (err: unknown) => reject(err as Error),
        );
        return;
      }
      c.off('message', onMessage);
      if (m.type === 'result') resolve(m.result);
      else reject(new Error(`the students' process failed: ${m.message}`));
    };
    c.on('message', onMessage);
    c.send({ type: 'run', toolUrl, inFlight, answers: ANSWERS });
  });
}

/**
 * The same database work, by `_id`, with the driver on the same connection: `ANSWERS` answers
 * and, spread among them, the steps that are not answers which Pathwise's timed window held (its
 * `mix`): moving on (progress read, progress update, summary row) and a fresh student (their
 * person record, as the benchmark inserts it, then the first page's progress read, insert and
 * summary row). Only the answers are counted, as for Pathwise.
 */
async function rawRun(
  inFlight: number,
  mix: { continues: number; fresh: number },
  since: Date,
): Promise<{ rate: number; p50: number; p95: number; bytes: number }> {
  const progress = db.collection('pw_progress');
  const people = db.collection('pw_people');
  const logs = db.collection('pw_answer_log');
  const summaries = db.collection<{ _id: string; rows?: Record<string, unknown> }>('pw_class_summaries');
  const grades = db.collection('pw_grade_events');
  // The activity's summary documents as the answers left them, and a stored row to copy (its size and format).
  const buckets = (await summaries.find({ activityId: activity._id }).toArray()).filter((d) => !d._id.endsWith(':meta'));
  const row = Object.values(buckets.find((b) => Object.keys(b.rows ?? {}).length)?.rows ?? {})[0];
  if (!row) throw new Error('no class-summary row to copy: the summary was not written');
  const summaryRow = (p: Types.ObjectId, i: number) =>
    summaries.updateOne({ _id: buckets[i % buckets.length]!._id }, { $set: { [`rows.${p}`]: row } }, { upsert: true });
  // The floor's progress documents are as big as Pathwise's: a copy of the median-sized one its
  // timed run wrote (the state grows with answers, and the engine rewrites the whole document).
  const written = await progress.find({ activityId: activity._id, updatedAt: { $gte: since } }).toArray();
  const sized = written.map((d) => ({ d, bytes: BSON.calculateObjectSize(d) })).sort((a, b) => a.bytes - b.bytes);
  const median = sized[Math.floor(sized.length / 2)] ?? { d: template, bytes: BSON.calculateObjectSize(template) };
  const { _id: _templateId, updatedAt: _u, pending: _p, ...fields } = median.d;
  /** A fresh student's record and progress document, as the benchmark and the first page write them. */
  const newStudent = async (i: number) => {
    const p = new Types.ObjectId();
    await people.insertOne({ _id: p, issuer: info.issuer, sub: `bench-${randomUUID()}`, name: 'Bench student' });
    const id = `${activityId}:raw-${p}` as unknown as Types.ObjectId;
    await progress.findOne({ _id: id });
    await progress.updateOne({ _id: id }, { $setOnInsert: { ...fields, personId: p, pending: {}, answered: 0 } }, { upsert: true });
    await summaryRow(p, i);
    await progress.findOne({ _id: id });
    return { p, id, first: true, applied: undefined as string | undefined };
  };
  // The steps in an even spread: answers, with a move-on or a fresh student every so often.
  const steps: Array<'answer' | 'continue' | 'fresh'> = [];
  const total = ANSWERS + mix.continues + mix.fresh;
  for (let k = 0; k < total; k++) {
    const due = (n: number) => Math.floor(((k + 1) * n) / total) > Math.floor((k * n) / total);
    steps.push(due(mix.fresh) ? 'fresh' : due(mix.continues) ? 'continue' : 'answer');
  }
  while (steps.filter((x) => x === 'answer').length < ANSWERS) steps.push('answer');
  const students = await Promise.all(Array.from({ length: inFlight }, (_x, i) => newStudent(i)));
  const latencies: number[] = [];
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    students.map(async (s, i) => {
      while (next < steps.length) {
        const step = steps[next++]!;
        if (step === 'fresh') {
          s = await newStudent(i);
          continue;
        }
        const start = performance.now();
        const doc = (await progress.findOne({ _id: s.id }))!;
        if (step === 'continue') {
          await progress.findOneAndUpdate(
            { _id: s.id },
            {
              $set: { state: doc.state, current: { ...doc.current, attemptId: randomUUID() } },
              $inc: { version: 1 },
              ...(s.applied ? { $unset: { [`pending.${s.applied}`]: '' } } : {}),
            },
            { returnDocument: 'after' },
          );
          s.applied = undefined;
          await summaryRow(s.p, i);
          continue;
        }
        const attemptId = randomUUID();
        const entry = {
          courseId: activity.courseId,
          activityId: activity._id,
          personId: s.p,
          itemId: 'fm-name-fraction',
          seed: done,
          skillIds: ['fraction-meaning'],
          itemClass: 'standard',
          order: (doc.answered as number) + 1,
          response: '7/3',
          correct: false,
          hintsUsed: 0,
          attempt: 1,
          durationMs: 5000,
          at: new Date(),
        };
        await progress.findOneAndUpdate(
          { _id: s.id },
          {
            $set: { state: doc.state, current: { ...doc.current, attemptId: randomUUID() }, [`pending.${attemptId}`]: { log: entry } },
            $inc: { version: 1, answered: 1 },
            ...(s.applied ? { $unset: { [`pending.${s.applied}`]: '' } } : {}),
          },
          { returnDocument: 'after' },
        );
        await summaryRow(s.p, i);
        await logs.insertOne({ _id: attemptId as unknown as Types.ObjectId, ...entry });
        // Pathwise sends a student's first answer to the gradebook ("Started"): one grade event.
        if (s.first) await grades.insertOne({ _id: `g:${attemptId}` as unknown as Types.ObjectId, ...entry, scoreGiven: 0 });
        s.first = false;
        s.applied = attemptId; // removed by this student's next update, as Pathwise does
        latencies.push(performance.now() - start);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { rate: done / seconds, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), bytes: median.bytes };
}

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
    const raw = await rawRun(c, pw.mix, since); // the same steps that are not answers as Pathwise's timed run

    const ratio = pw.rate / raw.rate;
    results.push({ students: size, logged: logCount, inFlight: c, pathwise: pw, raw, ratio });
    rows.push(
      `| ${size} | ${c} | ${pw.rate.toFixed(1)} | ${raw.rate.toFixed(1)} | ${ratio.toFixed(2)} | ${pw.p50.toFixed(0)} | ${pw.p95.toFixed(0)} | ${pw.others} | ${pw.failures} |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
}
process.stdout.write(`${JSON.stringify({ engine: engine.kind, answers: ANSWERS, history: HISTORY, client: CLIENT, results }, null, 2)}\n`);
process.stdout.write(
  [
    '',
    '| students | in flight | Pathwise answers/s | raw floor answers/s | ratio | p50 (ms) | p95 (ms) | other requests | failed |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);

child?.disconnect();
await close();
