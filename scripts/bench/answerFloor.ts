/**
 * The raw floor of the answer benchmark (scripts/bench/answers.ts): what Pathwise asks of the
 * database for the same answers and other steps, by `_id` with the driver on the same
 * connection, without HTTP, session, policy or rendering.
 */
import { randomUUID } from 'node:crypto';
import { mongo, Types } from 'mongoose';
import { cpuMeter } from './stack.ts';

const { BSON } = mongo;

export interface Floor {
  db: mongo.Db;
  engine: { pid?(): number | undefined };
  answers: number;
  issuer: string;
  activityId: string;
  activity: mongo.Document;
  /** A progress document to copy when Pathwise's run wrote none. */
  template: mongo.Document;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

/**
 * The same database work, by `_id`, with the driver on the same connection: `f.answers` answers
 * and, spread among them, the steps that are not answers which Pathwise's timed window held (its
 * `mix`): moving on (progress read, progress update, summary row) and a fresh student (their
 * person record, as the benchmark inserts it, then the first page's progress read, insert and
 * summary row). Only the answers are counted, as for Pathwise.
 */
export async function rawRun(
  f: Floor,
  inFlight: number,
  mix: { continues: number; fresh: number },
  since: Date,
): Promise<{ rate: number; p50: number; p95: number; bytes: number; cpu: { nodeMs: number; engineMs?: number } }> {
  const progress = f.db.collection('pw_progress');
  const people = f.db.collection('pw_people');
  const logs = f.db.collection('pw_answer_log');
  const summaries = f.db.collection<{ _id: string; rows?: Record<string, unknown> }>('pw_class_summaries');
  const grades = f.db.collection('pw_grade_events');
  // The activity's summary documents as the answers left them, and a stored row to copy (its size and format).
  const buckets = (await summaries.find({ activityId: f.activity._id }).toArray()).filter((d) => !d._id.endsWith(':meta'));
  const row = Object.values(buckets.find((b) => Object.keys(b.rows ?? {}).length)?.rows ?? {})[0];
  if (!row) throw new Error('no class-summary row to copy: the summary was not written');
  const summaryRow = (p: Types.ObjectId, i: number) =>
    summaries.updateOne({ _id: buckets[i % buckets.length]!._id }, { $set: { [`rows.${p}`]: row } }, { upsert: true });
  // The floor's progress documents are as big as Pathwise's: a copy of the median-sized one its
  // timed run wrote (the state grows with answers, and the engine rewrites the whole document).
  const written = await progress.find({ activityId: f.activity._id, updatedAt: { $gte: since } }).toArray();
  const sized = written.map((d) => ({ d, bytes: BSON.calculateObjectSize(d) })).sort((a, b) => a.bytes - b.bytes);
  const median = sized[Math.floor(sized.length / 2)] ?? { d: f.template, bytes: BSON.calculateObjectSize(f.template) };
  const { _id: _templateId, updatedAt: _u, pending: _p, ...fields } = median.d;
  /** A fresh student's record and progress document, as the benchmark and the first page write them. */
  const newStudent = async (i: number) => {
    const p = new Types.ObjectId();
    await people.insertOne({ _id: p, issuer: f.issuer, sub: `bench-${randomUUID()}`, name: 'Bench student' });
    const id = `${f.activityId}:raw-${p}` as unknown as Types.ObjectId;
    await progress.findOne({ _id: id });
    await progress.updateOne({ _id: id }, { $setOnInsert: { ...fields, personId: p, pending: {}, answered: 0 } }, { upsert: true });
    await summaryRow(p, i);
    await progress.findOne({ _id: id });
    return { p, id, first: true, applied: undefined as string | undefined };
  };
  // The steps in an even spread: answers, with a move-on or a fresh student every so often.
  const steps: Array<'answer' | 'continue' | 'fresh'> = [];
  const total = f.answers + mix.continues + mix.fresh;
  for (let k = 0; k < total; k++) {
    const due = (n: number) => Math.floor(((k + 1) * n) / total) > Math.floor((k * n) / total);
    steps.push(due(mix.fresh) ? 'fresh' : due(mix.continues) ? 'continue' : 'answer');
  }
  while (steps.filter((x) => x === 'answer').length < f.answers) steps.push('answer');
  const students = await Promise.all(Array.from({ length: inFlight }, (_x, i) => newStudent(i)));
  const latencies: number[] = [];
  let next = 0;
  let done = 0;
  const stop = cpuMeter(f.engine);
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
          courseId: f.activity.courseId,
          activityId: f.activity._id,
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
  const used = stop();
  const cpu = { nodeMs: used.nodeMs / f.answers, ...(used.engineMs !== undefined ? { engineMs: used.engineMs / f.answers } : {}) };
  return { rate: done / seconds, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), bytes: median.bytes, cpu };
}
