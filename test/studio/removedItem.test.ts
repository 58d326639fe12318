/**
 * A teacher removes a question from the course's content while a student has it on screen: the
 * student's next page shows another step (never an error page), and the answer their old page
 * posts is refused as out of date, not counted and not a server error.
 */
import assert from 'node:assert/strict';
import { ownCourse } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';
import { stack } from '../support/stack.ts';
import { prepareUpload } from '../../src/domain/content/import/studio.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { removeCourseItem, saveCourseItems } from '../../src/repositories/courseContent.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import { clearCourseContent } from './support.ts';

describe('content studio: a question removed while a student has it on screen', function () {
  this.timeout(120_000);
  let courseId = '';
  after(async () => {
    if (courseId) await clearCourseContent(courseId);
  });

  it('gives the student the next step and refuses the old page’s answer as out of date', async () => {
    const s = await stack();
    const own = await ownCourse('canvas', { students: 1, skills: 'fraction-meaning' });
    const first = await own.launch({ student: 0 });
    assert.equal(first.status, 200);
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(first.url)![1]!;
    const activity = await Activity.findById(activityId).lean();
    courseId = String(activity!.courseId);

    const upload = prepareUpload('::Removed later:: Is 3/6 the same amount as 1/2? {T}', 'gift', loadBundledPack(), 'removed.gift');
    const id = String(upload.questions[0]!.item.id);
    await saveCourseItems(courseId, [{ ...upload.questions[0]!.item, id, skills: ['fraction-meaning'] }], 'removed.gift');
    // The student has the teacher's question on screen (as the policy could have chosen it).
    await Progress.updateOne(
      { activityId: activity!._id },
      { $set: { 'current.kind': 'item', 'current.itemId': id, 'current.seed': 1, 'current.skillId': 'fraction-meaning' } },
    );
    const shown = await first.client.get(first.url, { sandboxUrl: s.sandboxUrl });
    assert.equal(shown.status, 200);
    assert.match(shown.html, /the same amount as <math class="frac" aria-label="1 over 2">/);
    const oldForm = parseForms(shown.html).find((f) => f.action.endsWith('/answer'))!;

    assert.ok(await removeCourseItem(courseId, id));
    const next = await first.client.get(first.url, { sandboxUrl: s.sandboxUrl });
    assert.equal(next.status, 200, next.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
    assert.doesNotMatch(next.html, /the same amount as <math class="frac" aria-label="1 over 2">/);
    assert.match(next.html, /data-testid="step"/);
    const p = await Progress.findOne({ activityId: activity!._id }).lean();
    assert.notEqual(p!.current.itemId, id, 'the progress moved on from the removed question');

    const late = await first.client.postForm(
      new URL(oldForm.action, first.url).toString(),
      { ...oldForm.fields, response: 'true' },
      {
        sandboxUrl: s.sandboxUrl,
      },
    );
    assert.equal(late.status, 409, late.html.replace(/<[^>]+>/g, ' ').slice(0, 300));
    assert.equal((await Progress.findOne({ activityId: activity!._id }).lean())!.answered ?? 0, 0, 'the late answer is not counted');
  });
});
