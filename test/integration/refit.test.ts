import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { toolCli } from '../support/cli.ts';
import { generateRows } from '../../src/domain/mastery/index.ts';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { Course } from '../../src/repositories/models/Course.ts';
import { CourseParams } from '../../src/repositories/models/CourseParams.ts';
import { courseRefitter } from '../../src/commands/courseRefitter.ts';
import { activityContext } from '../../src/repositories/activityContext.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { paramsFromPack } from '../../src/domain/policy/index.ts';

/** A course whose answer log was produced by BKT with known parameters (what a real class would leave). */
async function courseWithLog(students: Record<string, number>, truth = { prior: 0.2, learn: 0.25, guess: 0.15, slip: 0.08 }) {
  await stack();
  const course = await Course.create({
    issuer: 'https://refit.example',
    clientId: 'c',
    deploymentId: 'd',
    contextId: `ctx-${new Types.ObjectId()}`,
    title: 'Refit course',
  });
  const activityId = new Types.ObjectId();
  const docs: Record<string, unknown>[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (const [skill, n] of Object.entries(students)) {
    const people = Array.from({ length: n }, () => new Types.ObjectId());
    generateRows(
      {
        students: n,
        length: 20,
        seed: 7,
        params: { prior: truth.prior, learns: [truth.learn], forgets: [0], guesses: [truth.guess], slips: [truth.slip] },
      },
      (s, t, correct) => {
        docs.push({
          courseId: course._id,
          activityId,
          personId: people[s],
          attemptId: `${skill}-${s}-${t}-${activityId}`,
          itemId: `${skill}-item`,
          seed: t,
          skillIds: [skill],
          itemClass: 'standard',
          order: t + 1,
          correct: correct === 1,
          hintsUsed: 0,
          at: new Date(t0 + t * 60_000),
        });
      },
    );
  }
  await AnswerLog.insertMany(docs);
  return { courseId: String(course._id), truth };
}

/**
 * Deletes what a test left in the answer log and the fitted parameters: thousands of answers left
 * behind would be read by every later answer-log query not by _id (the embedded engine scans).
 */
async function forget(courseId: string) {
  await Promise.all([AnswerLog.deleteMany({ courseId }), CourseParams.deleteMany({ courseId })]);
}

describe('per-course refit of BKT parameters', function () {
  this.timeout(240_000);
  // One class's log (8,000 answers on one skill, 12 students on another), read by both fits; each
  // test runs its own refit and reads the parameters it stored.
  let classLog: Awaited<ReturnType<typeof courseWithLog>>;
  before(async () => {
    classLog = await courseWithLog({ 'fraction-meaning': 400, 'add-like': 12 });
  });
  after(async () => {
    if (classLog) await forget(classLog.courseId);
  });

  it("by default fits guess and slip and keeps the pack's prior and learn", async () => {
    const { courseId, truth } = classLog;
    const report = await courseRefitter({ courseId, minStudents: 50 });
    const defaults = paramsFromPack(loadBundledPack())['fraction-meaning']!;
    assert.equal(report.fitted[0]!.transitions, 'kept');
    const p = (await CourseParams.findOne({ courseId, skillId: 'fraction-meaning' }).lean())!.params as {
      prior: number;
      learns: number[];
      guesses: number[];
      classes: { gs: string[] };
    };
    assert.equal(p.prior, defaults.prior);
    assert.deepEqual(p.learns, defaults.learns);
    assert.deepEqual(p.classes.gs, ['item:fraction-meaning-item', 'standard']);
    assert.ok(Math.abs(p.guesses[0]! - truth.guess) < 0.06, `guess ${p.guesses[0]}`);
  });

  it('with fitTransitions refits prior and learn too, and keeps the pack defaults for a skill with too few students', async () => {
    const { courseId, truth } = classLog;
    const report = await courseRefitter({ courseId, minStudents: 50, fitTransitions: true });
    assert.deepEqual(
      report.fitted.map((f) => f.skill),
      ['fraction-meaning'],
    );
    assert.deepEqual(
      report.kept.map((k) => k.skill),
      ['add-like'],
    );
    const stored = await CourseParams.findOne({ courseId, skillId: 'fraction-meaning' }).lean();
    const p = stored!.params as { prior: number; learns: number[]; guesses: number[]; slips: number[]; classes: { gs: string[] } };
    // 400 students x 20 answers. The prior is the least identified parameter next to a guess of
    // 0.15 (with 120 students this seed's maximum-likelihood prior is 0.07), hence +-0.06; the
    // mastery tests check recovery precisely on larger data.
    assert.ok(Math.abs(p.prior - truth.prior) < 0.06, `prior ${p.prior}`);
    assert.ok(Math.abs(p.learns[0]! - truth.learn) < 0.05, `learn ${p.learns[0]}`);
    assert.ok(Math.abs(p.guesses[0]! - truth.guess) < 0.04, `guess ${p.guesses[0]}`);
    // The item had 400 students: it gets its own emission (item difficulty from data), its class stays for new items.
    assert.deepEqual(p.classes.gs, ['item:fraction-meaning-item', 'standard']);
    assert.ok(Math.abs(p.guesses[1]! - truth.guess) < 0.04, `class guess ${p.guesses[1]}`);
    assert.equal(report.fitted[0]!.itemLevel, 1);
    assert.equal(report.fitted[0]!.transitions, 'fitted', 'a plausible fit of prior and learn is used');
    assert.equal(stored!.students, 400);

    const ctx = await activityContext({ courseId, skillIds: ['fraction-meaning', 'add-like'] });
    const defaults = paramsFromPack(loadBundledPack());
    assert.notEqual(p.prior, defaults['fraction-meaning']!.prior);
    assert.equal(ctx.params['fraction-meaning']!.prior, p.prior, 'future updates use the refit');
    assert.deepEqual(ctx.params['add-like'], defaults['add-like'], 'too few students: pack defaults');
  });

  it('runs from the command line and reports what it did', async () => {
    const { courseId } = await courseWithLog({ 'number-line': 60 });
    const { code, stdout, stderr } = await toolCli('src/cli/refit.ts', ['--course', courseId, '--min-students', '50']).finally(() =>
      forget(courseId),
    );
    assert.equal(code, 0, stderr);
    const reports = JSON.parse(stdout) as Array<{ fitted: Array<{ skill: string; students: number; transitions: string }> }>;
    assert.deepEqual(
      reports[0]!.fitted.map((f) => [f.skill, f.students, f.transitions]),
      [['number-line', 60, 'kept']],
    );
  });
});
