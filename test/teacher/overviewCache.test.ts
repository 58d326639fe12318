/**
 * The class overview keeps copies in process (summary buckets: repositories/summaryCache.ts; each
 * student's digest: presenters/overviewDigest.ts) and must never show what was true before a
 * write: a row written after a view shows on the next view (the copy, patched by the write, equals
 * the document), a write that lands while a view is
 * reading its bucket is not hidden by the copy that read made, summaries deleted whole are
 * rebuilt, and a digest is not kept past the moment its words about inactivity change.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { capturedLog, stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { Progress, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import { ClassSummary } from '../../src/repositories/models/ClassSummary.ts';
import { writeProgressRow } from '../../src/repositories/classSummary.ts';
import { bucketWritten, forgetSummaryCache, readBucket } from '../../src/repositories/summaryCache.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { recentlyViewedActivities } from '../../src/repositories/activities.ts';
import { warmOverviews } from '../../src/presenters/overviewWarmer.ts';
import { forgetDigests } from '../../src/presenters/overviewDigest.ts';
import { teacherView } from '../../src/presenters/teacherView.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { attentionChangesAt, attentionFor, flags, initialState, paramsFromPack } from '../../src/domain/policy/index.ts';

const DAY = 86_400_000;

describe('the class overview’s copies in process are never stale', function () {
  this.timeout(120_000);

  it('shows a row written after a view, a write that overlapped a read, summaries rebuilt, and inactivity as time passes', async () => {
    await stack();
    const c = await ownCourse('moodle', { students: 2, skills: 'fraction-meaning' });
    const student = await c.launch({ student: 0 });
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1]!;
    const teacher = await c.launch('teacher');
    const courseId = /\/app\/courses\/([a-f0-9]{24})/.exec(teacher.url)![1]!;
    const progress = (await Progress.findOne({ activityId: new Types.ObjectId(activityId) }).lean<ProgressDoc>())!;
    const personId = String(progress.personId);
    const rowOf = async (now?: Date) => {
      const v = await teacherView(courseId, { activityId, cells: 'page', ...(now ? { now } : {}) });
      return v.activity!.allRows.find((r) => r.personId === personId)!;
    };

    const before = await rowOf();
    await rowOf(); // a second view: served from the copies
    assert.equal(before.mastered, 0);

    // A progress write and its row (what every answer and teacher change does): the next view shows it.
    const mastered = structuredClone(progress.state);
    mastered.skills['fraction-meaning']!.mastered = true;
    mastered.skills['fraction-meaning']!.pMastered = 0.99;
    await writeProgressRow({ ...progress, version: (progress.version ?? 0) + 1, state: mastered });
    const after = await rowOf();
    assert.equal(after.mastered, 1, 'the row written after the view shows at once');
    assert.equal(after.cells[0]?.status, 'mastered');

    // A write that lands while a read of its bucket is in flight: the copy that read made is not used.
    const bucket = (await ClassSummary.find({ activityId: new Types.ObjectId(activityId) }).lean()).find(
      (d) => d.rows && personId in d.rows,
    )!;
    // The copy this process patched when it wrote the row equals the document.
    const allRows = (d: { rows?: Record<string, unknown> } | null) => d?.rows;
    assert.deepEqual(await readBucket(bucket._id, allRows), (await ClassSummary.findById(bucket._id).lean())?.rows);
    const memo = (d: { rows?: Record<string, unknown> } | null) => d?.rows?.[personId];
    const reading = readBucket(bucket._id, memo);
    await ClassSummary.collection.updateOne({ _id: bucket._id as never }, { $set: { [`rows.${personId}`]: 'overlapping write' } });
    bucketWritten(bucket._id);
    await reading;
    assert.equal(await readBucket(bucket._id, memo), 'overlapping write', 'the next read sees the write');
    await writeProgressRow({ ...progress, version: (progress.version ?? 0) + 2, state: mastered });

    // Summaries deleted whole (a privacy deletion does this, behind the copies' back): rebuilt from progress.
    await ClassSummary.deleteMany({ courseId: new Types.ObjectId(courseId) });
    const rebuilt = await rowOf();
    assert.equal(rebuilt.mastered, 0, 'rebuilt from the progress document, not served from a copy');

    // Time passes with the same rows: the student's digest is taken again when its words change.
    const last = Date.parse(progress.state.lastActiveAt ?? progress.state.createdAt);
    const inactive = await rowOf(new Date(last + 8.5 * DAY));
    assert.ok(
      inactive.attention.some((a) => a.kind === 'inactive' && /8 days/.test(a.reason)),
      JSON.stringify(inactive.attention),
    );
    const later = await rowOf(new Date(last + 9.5 * DAY));
    assert.ok(
      later.attention.some((a) => a.kind === 'inactive' && /9 days/.test(a.reason)),
      'the day count moves on',
    );
  });

  it('prepares at start-up the overviews teachers opened this week, most recent first, and not older ones', async () => {
    await stack();
    assert.match(capturedLog(), /"component":"overview-warmer".*recently opened class overviews prepared/, 'Pathwise warms at start-up');
    const activityOf = (url: string) => /\/app\/activities\/([a-f0-9]{24})/.exec(url)![1]!;
    const recent = await ownCourse('moodle', { students: 2, skills: 'fraction-meaning' });
    const activityId = activityOf((await recent.launch({ student: 0 })).url);
    await recent.launch('teacher'); // opens the class overview, which records the view
    const stale = await ownCourse('moodle', { students: 1, skills: 'fraction-meaning' });
    const staleId = activityOf((await stale.launch({ student: 0 })).url);
    await stale.launch('teacher');
    const viewedAt = (await Activity.findById(activityId).lean())?.overviewViewedAt;
    assert.ok(viewedAt && Date.now() - viewedAt.getTime() < 60_000, 'opening the overview records when');
    await Activity.updateOne({ _id: staleId }, { $set: { overviewViewedAt: new Date(Date.now() - 10 * DAY) } });

    const week = (await recentlyViewedActivities(new Date(Date.now() - 7 * DAY), 100)).map((a) => a.activityId);
    assert.equal(week[0], activityId, 'the most recently opened first');
    assert.ok(!week.includes(staleId), 'an overview last opened ten days ago is not prepared');

    // As after a restart: no copies. Warming builds the overview, so its rows are then kept in process.
    forgetSummaryCache();
    forgetDigests();
    const warmed = await warmOverviews({ maxRows: 1 });
    assert.deepEqual([warmed.activities, warmed.rows], [1, 2], 'stops at the row budget, after the most recent overview');
    const buckets = await ClassSummary.find({ activityId: new Types.ObjectId(activityId), _id: { $not: /:meta$/ } }).lean();
    assert.ok(buckets.length > 0);
    // Each bucket is deleted behind the copies' back: a copy made by the warm-up still answers.
    await ClassSummary.deleteMany({ _id: { $in: buckets.map((b) => b._id) } });
    const rowsSeen = (d: { rows?: Record<string, unknown> } | null) => Object.keys(d?.rows ?? {}).length;
    const kept = await Promise.all(buckets.map((b) => readBucket(b._id, rowsSeen)));
    assert.deepEqual(kept, buckets.map(rowsSeen), 'every bucket of the prepared overview is read from its copy');
    forgetSummaryCache();
    await ClassSummary.deleteMany({ courseId: buckets[0]!.courseId }); // rebuilt from progress by the next view
  });

  it('attentionChangesAt: the words stay the same until then and change at that instant', () => {
    const pack = loadBundledPack();
    const t0 = Date.parse('2026-03-02T09:00:00.000Z');
    const state = {
      ...initialState(pack, ['fraction-meaning'], paramsFromPack(pack), new Date(t0).toISOString()),
      lastActiveAt: new Date(t0).toISOString(),
    };
    const words = (ms: number) => {
      const now = new Date(ms).toISOString();
      return JSON.stringify(attentionFor(pack, state, flags(pack, state, now), now));
    };
    for (const now of [t0 + 0.5 * DAY, t0 + 6.5 * DAY, t0 + 7.25 * DAY, t0 + 20.9 * DAY]) {
      const until = attentionChangesAt(state, now);
      assert.ok(until > now);
      assert.equal(words(until - 1), words(now), `unchanged until ${new Date(until).toISOString()}`);
    }
    // The flag appears at seven days, and its day count moves on each day after.
    assert.equal(attentionChangesAt(state, t0 + 6.5 * DAY), t0 + 7 * DAY);
    assert.notEqual(words(t0 + 7 * DAY), words(t0 + 7 * DAY - 1));
    assert.equal(attentionChangesAt(state, t0 + 7.25 * DAY), t0 + 8 * DAY);
    assert.notEqual(words(t0 + 8 * DAY), words(t0 + 8 * DAY - 1));
  });
});
