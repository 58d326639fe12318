/**
 * Where an answer's time goes (not a test): one student answers over real HTTP, one request at a
 * time, and every database command the request causes is recorded with the driver's command
 * monitoring (name, collection, duration). Prints, per answer and per continue request, the
 * commands issued, the time spent waiting for the database and the rest (HTTP, session, policy,
 * rendering), and whether each command finds its documents by `_id` alone or scans. Run it with
 * `--cpu-prof` to see the rest split by function.
 *
 *   npx tsx scripts/bench/answerProfile.ts [--answers 100]
 */
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import mongoose, { mongo, Types } from 'mongoose';

const { BSON } = mongo;
import { LtiClient, parseForms } from '../../test/support/ltiClient.ts';
import { benchStack, freshStudents, nextStepForm } from './stack.ts';

const { values } = parseArgs({ options: { answers: { type: 'string', default: '100' }, 'cpu-profile': { type: 'string' } } });
const ANSWERS = Number(values.answers);

const { toolUrl, sb, info, clientId, db, close } = await benchStack({
  name: 'answer-profile',
  flavour: 'moodle',
  monitorCommands: !values['cpu-profile'],
});
const commands: Array<{ what: string; ms: number }> = [];
const started = new Map<number, { what: string }>();
const client = mongoose.connection.getClient();
/**
 * How a command finds its documents: `by _id` when the filter is `_id` alone (the only filter
 * FerretDB's SQLite backend serves from an index), otherwise `scan {fields}`; inserts need none.
 */
function lookup(command: Record<string, unknown>): string {
  const filters = [
    command.filter,
    command.query,
    ...((command.updates ?? command.deletes ?? []) as Array<{ q?: unknown }>).map((u) => u.q),
  ];
  const keys = filters
    .filter((f): f is Record<string, unknown> => !!f && typeof f === 'object')
    .map((f) => Object.keys(f).sort().join(','));
  if (!keys.length) return '';
  return keys.every((k) => k === '_id') ? ' (by _id)' : ` (scan {${[...new Set(keys)].join('; ')}})`;
}
client.on('commandStarted', (e) => {
  const command = e.command as Record<string, unknown>;
  const target = command[e.commandName];
  started.set(e.requestId, { what: `${e.commandName} ${typeof target === 'string' ? target : ''}${lookup(command)}`.trim() });
});
client.on('commandSucceeded', (e) => {
  const s = started.get(e.requestId);
  if (s) commands.push({ what: s.what, ms: e.duration });
  started.delete(e.requestId);
});

const resourceLinkId = sb.sandbox.resourceLinks(info.courseId)[0]!.id;
const launched = await new LtiClient().launch({
  launchUrl: sb.sandbox.launchUrl({ flavour: 'moodle', courseId: info.courseId, userId: info.studentIds[0]!, resourceLinkId, clientId }),
  sandboxUrl: sb.url,
});
const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(launched.url)![1]!;
const activity = (await db.collection('pw_activities').findOne({ _id: new Types.ObjectId(activityId) }))!;
const freshStudent = freshStudents({ db, toolUrl, issuer: info.issuer, courseId: String(activity.courseId), activityId });
let html = launched.html;

/** The CPU profile of the measured requests only (not start-up or warm-up), for `--cpu-profile <file>`. */
const profiler = {
  session: new Session(),
  async start() {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.session.post('Profiler.start');
  },
  async stop(file: string) {
    const { profile } = await this.session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    this.session.disconnect();
  },
};

interface Tally {
  requests: number;
  wallMs: number;
  dbMs: number;
  ops: Map<string, { n: number; ms: number }>;
}
const tallies: Record<'answer' | 'other step', Tally> = {
  answer: { requests: 0, wallMs: 0, dbMs: 0, ops: new Map() },
  'other step': { requests: 0, wallMs: 0, dbMs: 0, ops: new Map() },
};

let answered = 0;
for (let warm = 0; answered < ANSWERS + 20;) {
  const forms = parseForms(html);
  const answer = forms.find((f) => f.action.endsWith('/answer'));
  const form = answer ?? nextStepForm(forms);
  if (!form) {
    html = await freshStudent(); // this one ran out of questions
    continue;
  }
  const fields = answer ? { ...form.fields, response: '7/3' } : form.fields;
  commands.length = 0;
  const t = performance.now();
  const res = await fetch(new URL(form.action, toolUrl), {
    method: 'POST',
    body: new URLSearchParams(fields as Record<string, string>),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  html = await res.text();
  const wall = performance.now() - t;
  if (res.status !== 200) throw new Error(`${res.status}: ${html.slice(0, 300)}`);
  if (answer) answered++;
  if (warm++ < 20) continue; // the first requests fill caches and compile code paths
  if (warm === 21 && values['cpu-profile']) await profiler.start();
  const tally = tallies[answer ? 'answer' : 'other step'];
  tally.requests++;
  tally.wallMs += wall;
  for (const c of commands) {
    tally.dbMs += c.ms;
    const o = tally.ops.get(c.what) ?? { n: 0, ms: 0 };
    o.n++;
    o.ms += c.ms;
    tally.ops.set(c.what, o);
  }
}

if (values['cpu-profile']) await profiler.stop(values['cpu-profile']);
for (const [kind, t] of Object.entries(tallies)) {
  if (!t.requests) continue;
  const per = (x: number) => (x / t.requests).toFixed(2);
  process.stdout.write(
    `\n${kind}: ${t.requests} requests, ${per(t.wallMs)} ms each: database ${per(t.dbMs)} ms, the rest ${per(t.wallMs - t.dbMs)} ms\n`,
  );
  for (const [what, o] of [...t.ops].sort((a, b) => b[1].ms - a[1].ms))
    process.stdout.write(`  ${what.padEnd(56)} ${per(o.n)} per request, ${per(o.ms)} ms\n`);
}
// How big the progress documents got (every update rewrites the whole document in FerretDB).
const sizes = (await db.collection('pw_progress').find({ activityId: activity._id }).toArray())
  .map((d) => ({ answered: Number(d.answered ?? 0), bytes: BSON.calculateObjectSize(d), state: BSON.calculateObjectSize(d.state ?? {}) }))
  .sort((a, b) => b.answered - a.answered);
for (const s of [sizes[0], sizes.at(-1)])
  if (s) process.stdout.write(`\nprogress document after ${s.answered} answers: ${s.bytes} bytes (state ${s.state})`);
process.stdout.write('\n');
await close();
