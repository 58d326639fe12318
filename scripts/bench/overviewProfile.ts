/**
 * Where the class overview's time goes (not a test): the benchmark class of teacher.ts grown to
 * `--students`, then, in process and one part at a time, the reads of the activity's and the
 * course's summary buckets with the driver (bytes, and the time the engine takes to answer apart
 * from decoding BSON), the repository reads (`progressRows`, `memberRows`), the presenter
 * (`teacherView`) and the whole page over HTTP. Median of `--requests` runs each.
 *
 *   npx tsx scripts/bench/overviewProfile.ts [--students 3000] [--requests 5]
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { BSON } from 'mongodb';
import { benchStack } from './stack.ts';
import { teacherBenchClass } from './teacherSeed.ts';
import { memberRows, progressRows, PROGRESS_BUCKETS, MEMBER_BUCKETS } from '../../src/repositories/classSummary.ts';
import { teacherView } from '../../src/presenters/teacherView.ts';

const { values } = parseArgs({ options: { students: { type: 'string', default: '3000' }, requests: { type: 'string', default: '5' } } });
const stack = await benchStack({ name: 'overview-profile' });
const k = await teacherBenchClass(stack);
await k.growTo(Number(values.students));
const coll = stack.db.collection('pw_class_summaries');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const ts: number[] = [];
  for (let i = 0; i < Number(values.requests); i++) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
  }
  process.stdout.write(`${label.padEnd(52)} ${median(ts).toFixed(1).padStart(8)} ms\n`);
}
const ids = (kind: string, key: string, n: number) => [
  `${kind}:${key}:meta`,
  ...Array.from({ length: n }, (_, b) => `${kind}:${key}:${b}`),
];
const progressIds = ids('progress', k.activityId, PROGRESS_BUCKETS);
const memberIds = ids('members', k.courseId, MEMBER_BUCKETS);
const readRaw = async (list: string[]) => {
  const out: Array<Buffer | null> = [];
  for (const _id of list) out.push((await coll.findOne({ _id: _id as never }, { raw: true })) as unknown as Buffer | null);
  return out;
};
const raws = await readRaw(progressIds);
const bytes = raws.reduce((n, b) => n + (b?.length ?? 0), 0);
process.stdout.write(
  `students ${values.students}: activity buckets ${bytes} bytes of BSON, ${(bytes / Number(values.students)).toFixed(0)} per student\n`,
);
await time('activity buckets, raw BSON, one after another', () => readRaw(progressIds));
await time('one activity bucket, raw BSON', () => coll.findOne({ _id: progressIds[1] as never }, { raw: true }));
await time('decode the activity buckets (BSON.deserialize)', async () => raws.map((b) => b && BSON.deserialize(b)));
await time('course buckets, raw BSON, one after another', () => readRaw(memberIds));
await time('progressRows (mongoose, unpack)', () => progressRows(k.courseId, k.activityId));
await time('memberRows', () => memberRows(k.courseId));
await time('teacherView (all of the presenter)', () => teacherView(k.courseId, { activityId: k.activityId, cells: 'page' }));
await time(
  'the page over HTTP (presenter + render + audit)',
  () => new Promise((resolve, reject) => http.get(k.teacherUrl, (res) => res.resume().on('end', resolve)).on('error', reject)),
);
await stack.close();
