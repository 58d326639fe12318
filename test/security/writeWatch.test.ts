/**
 * The security suite's "wrote nothing" rests on watching the application connection's writes; this
 * checks the watch itself, so a monitoring set-up that went quiet cannot make every refusal pass.
 */
import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { watchWrites } from './helpers.ts';

describe('security: the write watch', function () {
  this.timeout(60_000);

  it('sees the writes of a real launch, and not a write that changes nothing', async () => {
    const s = await stack();
    const course = await ownCourse('canvas', { students: 1 });
    const launch = watchWrites();
    assert.equal((await course.launch({ student: 0 })).status, 200);
    const written = launch.stop();
    assert.ok(
      written.some((w) => w.startsWith('insert ') || w.startsWith('update ')),
      `a launch writes its person and course: ${written.join(', ')}`,
    );

    const noop = watchWrites();
    await s.db.collection('pw_people').updateOne({ _id: 'no such person' as never }, { $set: { name: 'x' } });
    assert.deepEqual(noop.stop(), [], 'an update that matched nothing changed nothing');
  });
});
