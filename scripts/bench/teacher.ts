/**
 * Teacher overview benchmark (not a test): one course whose activity has all 15 skills of the
 * bundled pack, with learners who have varied progress in it (states made by the policy's own
 * `applyAnswer`: some skills mastered, some in progress, some students stuck), grown step by step
 * to `--students`; at each size the class overview (first page, attention first) is requested
 * `--requests` times over HTTP with and without gzip: with the class unchanged (the server's copies of
 * the summaries and of each student's digest hold), `after-write` (one student's row written again
 * before each request, as an answer does), `after 100 writes` (a busy class) `cold` (every copy dropped before each request, as after
 * a restart) and `restarted, prepared` (copies dropped, then the start-up warm-up of recently opened
 * overviews run, as Pathwise does when it starts: presenters/overviewWarmer.ts; its time is reported;
 * the view comes at once, and 1 s later, as a teacher arriving after the start would). Reports the time per page (median, p95), the page size and the server's memory. One
 * real launch creates the course, the activity and the teacher.
 *
 *   npm run --silent bench:teacher -- [--students 500,1000,3000] [--requests 10]
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { benchStack } from './stack.ts';
import { teacherBenchClass } from './teacherSeed.ts';
import { forgetSummaryCache } from '../../src/repositories/summaryCache.ts';
import { forgetDigests } from '../../src/presenters/overviewDigest.ts';
import { warmOverviews } from '../../src/presenters/overviewWarmer.ts';

const { values } = parseArgs({
  options: { students: { type: 'string', default: '500,1000,3000' }, requests: { type: 'string', default: '10' } },
});
const SIZES = values.students
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const REQUESTS = Number(values.requests);

const stack = await benchStack({ name: 'teacher', flavour: 'moodle' });
const { engine, close } = stack;
const { teacherUrl, skills, growTo, touch } = await teacherBenchClass(stack);

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
async function measure(gzip: boolean, requests = REQUESTS, before?: () => Promise<void> | void) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    await before?.();
    const t = performance.now();
    const res = await get(teacherUrl, gzip);
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`teacher page: ${res.status}`);
    bytes = res.bytes;
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), bytes };
}
const table = ['', '| students | encoding, copies | p50 (ms) | p95 (ms) | bytes sent | RSS after (MiB) |', '|---|---|---|---|---|---|'];
const results = [];
for (const size of SIZES) {
  await growTo(size);
  await measure(false, 1); // warm-up: caches, first compile of the templates
  const plain = await measure(false);
  const gz = await measure(true);
  const afterWrite = await measure(true, REQUESTS, touch);
  const busy = await measure(true, REQUESTS, async () => {
    for (let i = 0; i < 100; i++) await touch();
  });
  const cold = await measure(true, REQUESTS, () => {
    forgetSummaryCache();
    forgetDigests();
  });
  const warmUps: number[] = [];
  /** Copies dropped and the start-up warm-up run; the view comes `pauseMs` after it finished. */
  const restarted = (pauseMs: number) =>
    measure(true, REQUESTS, async () => {
      forgetSummaryCache();
      forgetDigests();
      warmUps.push((await warmOverviews()).ms);
      await new Promise((r) => setTimeout(r, pauseMs));
    });
  const preparedAtOnce = await restarted(0);
  const prepared = await restarted(1_000);
  const warmUp = quantile(warmUps, 0.5);
  const rss = process.memoryUsage().rss / 2 ** 20;
  results.push({
    students: size,
    plain,
    gzip: gz,
    afterWrite,
    after100Writes: busy,
    cold,
    preparedAtOnce,
    prepared,
    warmUpMs: warmUp,
    rssMiB: rss,
  });
  table.push(`| ${size} | identity | ${plain.p50.toFixed(0)} | ${plain.p95.toFixed(0)} | ${plain.bytes} | ${rss.toFixed(0)} |`);
  table.push(`| ${size} | gzip | ${gz.p50.toFixed(0)} | ${gz.p95.toFixed(0)} | ${gz.bytes} | |`);
  table.push(`| ${size} | gzip, after-write | ${afterWrite.p50.toFixed(0)} | ${afterWrite.p95.toFixed(0)} | ${afterWrite.bytes} | |`);
  table.push(`| ${size} | gzip, after 100 writes | ${busy.p50.toFixed(0)} | ${busy.p95.toFixed(0)} | ${busy.bytes} | |`);
  table.push(`| ${size} | gzip, cold | ${cold.p50.toFixed(0)} | ${cold.p95.toFixed(0)} | ${cold.bytes} | |`);
  table.push(`| ${size} | gzip, restarted: warm-up alone | ${warmUp.toFixed(0)} | | | |`);
  for (const [label, m] of [
    ['restarted, prepared, viewed at once', preparedAtOnce],
    ['restarted, prepared, viewed 1 s later', prepared],
  ] as const)
    table.push(`| ${size} | gzip, ${label} | ${m.p50.toFixed(0)} | ${m.p95.toFixed(0)} | ${m.bytes} | |`);
}
process.stdout.write(`${JSON.stringify({ engine: engine.kind, skills, requests: REQUESTS, results }, null, 2)}\n`);
process.stdout.write(`${table.join('\n')}\n\n`);

await close();
