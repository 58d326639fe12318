/**
 * Rosters are read by `_id` (the course id) on every teacher view; rosters stored under another
 * `_id` are moved at start-up, also after a start interrupted between the copy and the delete.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { createLogger } from '../../src/logger.ts';
import { Roster } from '../../src/repositories/models/Roster.ts';
import { rekeyRosters, rosterOf, updateRoster } from '../../src/repositories/rosters.ts';

const member = (sub: string) => ({ sub, name: `Learner ${sub}`, role: 'Learner', status: 'Active' });

describe('rosters keyed by course', function () {
  this.timeout(60_000);

  it('moves rosters stored under another id to their course id, once, also after an interrupted move', async () => {
    await stack();
    const c = Roster.collection;
    const [plain, interrupted] = [new Types.ObjectId(), new Types.ObjectId()];
    const legacy = (courseId: Types.ObjectId, sub: string) => ({
      _id: new Types.ObjectId(),
      courseId,
      members: [member(sub)],
      links: [],
      fetchedAt: new Date(),
    });
    const a = legacy(plain, 'a1');
    const b = legacy(interrupted, 'b1');
    // As stored before: a unique index on courseId, and a roster under its own id.
    await c.createIndex({ courseId: 1 }, { unique: true });
    await c.insertOne(a);
    assert.equal(await rosterOf(plain), null, 'not found by course id before the move');
    assert.equal(await rekeyRosters(createLogger('silent')), 1);
    assert.ok(!(await c.indexes()).some((i) => JSON.stringify(i.key) === '{"courseId":1}'), 'the unique index on courseId is gone');
    // A start that copied a roster and stopped before deleting the old one: the next start finishes.
    await c.insertMany([b, { ...b, _id: interrupted }]);
    await rekeyRosters(createLogger('silent'));
    for (const [courseId, old, sub] of [
      [plain, a._id, 'a1'],
      [interrupted, b._id, 'b1'],
    ] as const) {
      assert.deepEqual(
        (await rosterOf(courseId))?.members.map((m) => m.sub),
        [sub],
      );
      assert.equal(await c.countDocuments({ _id: old }), 0, 'the old document is gone');
      assert.equal(await c.countDocuments({ courseId }), 1, 'one roster per course');
    }
    assert.equal(await rekeyRosters(createLogger('silent')), 0, 'nothing left to move');

    // Updates go by course id and create the roster when absent.
    const fresh = new Types.ObjectId();
    await updateRoster(fresh, { members: [member('c1')], fetchedAt: new Date() });
    await updateRoster(String(fresh), { lastError: 'refused' });
    const doc = await c.findOne({ _id: fresh });
    assert.equal(String(doc?.courseId), String(fresh));
    assert.equal(doc?.lastError, 'refused');
    assert.equal((doc?.members as unknown[]).length, 1);
  });
});
