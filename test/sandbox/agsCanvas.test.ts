import assert from 'node:assert/strict';
import { CONTAINER, LINEITEM, RESULTS, SCORE, score, useAgsRig } from './agsRig.ts';

describe('sandbox AGS, canvas flavour', () => {
  const t = useAgsRig();
  const container = (): string => `${t.rig.url}/api/lti/courses/101/line_items`;

  it('creates line items and pages the container with Link headers, keeping filters', async () => {
    for (const label of ['Quiz A', 'Quiz B', 'Quiz C']) {
      const res = await t.call('canvas', 'POST', container(), { label, scoreMaximum: 5, tag: 'quiz', resourceId: label }, LINEITEM);
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('content-type')?.split(';')[0], LINEITEM);
    }
    const first = await t.call('canvas', 'GET', `${container()}?tag=quiz&limit=2`, undefined, undefined, CONTAINER);
    assert.equal(first.status, 200);
    assert.deepEqual(
      ((await first.json()) as { label: string }[]).map((l) => l.label),
      ['Quiz A', 'Quiz B'],
    );
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    assert.ok(next, 'a next link');
    assert.equal(new URL(next).searchParams.get('tag'), 'quiz');
    const second = await t.call('canvas', 'GET', next, undefined, undefined, CONTAINER);
    assert.deepEqual(
      ((await second.json()) as { label: string }[]).map((l) => l.label),
      ['Quiz C'],
    );
    assert.doesNotMatch(second.headers.get('link') ?? '', /rel="next"/);
    const byResource = await t.call('canvas', 'GET', `${container()}?resource_id=Quiz%20B`);
    assert.equal(((await byResource.json()) as unknown[]).length, 1);
    const linkId = t.rig.sandbox.resourceLinks('101')[0]?.id ?? '';
    const byLink = (await (await t.call('canvas', 'GET', `${container()}?resource_link_id=${linkId}`)).json()) as { label: string }[];
    assert.deepEqual(
      byLink.map((l) => l.label),
      ['Pathwise practice'],
    );
  });

  it('validates line items strictly: media type 415, nulls and bad fields 400, unknown link 404, bad Accept 406', async () => {
    assert.equal((await t.call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 1 }, 'application/json')).status, 415);
    assert.equal((await t.call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 1, tag: null }, LINEITEM)).status, 400);
    assert.equal((await t.call('canvas', 'POST', container(), { label: '', scoreMaximum: 1 }, LINEITEM)).status, 400);
    assert.equal((await t.call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 0 }, LINEITEM)).status, 400);
    assert.equal(
      (await t.call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 1, resourceLinkId: 'nope' }, LINEITEM)).status,
      404,
    );
    assert.equal((await t.call('canvas', 'GET', container(), undefined, undefined, 'text/html')).status, 406);
  });

  it('reads, updates and deletes a tool line item but never the assignment default one', async () => {
    const created = (await (await t.call('canvas', 'POST', container(), { label: 'Temp', scoreMaximum: 3 }, LINEITEM)).json()) as {
      id: string;
    };
    const put = await t.call('canvas', 'PUT', created.id, { label: 'Renamed', scoreMaximum: 4 }, LINEITEM);
    assert.equal(put.status, 200);
    assert.equal(
      ((await (await t.call('canvas', 'GET', created.id, undefined, undefined, LINEITEM)).json()) as { label: string }).label,
      'Renamed',
    );
    assert.equal((await t.call('canvas', 'DELETE', created.id)).status, 204);
    assert.equal((await t.call('canvas', 'GET', created.id)).status, 404);
    assert.equal((await t.call('canvas', 'DELETE', `${container()}/1`)).status, 400);
  });

  it('records accepted scores in arrival order, rescaled to the line item maximum', async () => {
    const url = `${container()}/1/scores`;
    const before = t.rig.sandbox.gradebook('101').length;
    const ts = new Date().toISOString();
    const res = await t.call('canvas', 'POST', url, score(t.canvasStudent(0), ts, { comment: 'well done' }), SCORE);
    assert.equal(res.status, 200);
    assert.match(((await res.json()) as { resultUrl: string }).resultUrl, /\/line_items\/1\/results\//);
    const row = t.rig.sandbox.gradebook('101')[before];
    assert.equal(row?.scoreGiven, 7);
    assert.equal(row?.resultScore, 7, 'line item 1 has scoreMaximum 10');
    assert.equal(row?.comment, 'well done');
    assert.equal(row?.timestamp, ts);
    const same = await t.call('canvas', 'POST', url, score(t.canvasStudent(0), ts, { scoreGiven: 8 }), SCORE);
    assert.equal(same.status, 200, 'Canvas accepts an equal timestamp');
  });

  it('answers 400 to a timestamp older than the stored one', async () => {
    const url = `${container()}/1/scores`;
    const now = Date.now();
    assert.equal((await t.call('canvas', 'POST', url, score(t.canvasStudent(1), new Date(now).toISOString()), SCORE)).status, 200);
    const older = await t.call('canvas', 'POST', url, score(t.canvasStudent(1), new Date(now - 1).toISOString()), SCORE);
    assert.equal(older.status, 400);
    assert.match(((await older.json()) as { error_description: string }).error_description, /before the last updated timestamp/);
  });

  it('answers 422 for a non-student userId and for scoreGiven without scoreMaximum', async () => {
    const url = `${container()}/1/scores`;
    const teacherSub = t.rig.sandbox.users('101').find((u) => u.role === 'teacher')?.sub ?? '';
    assert.equal((await t.call('canvas', 'POST', url, score(teacherSub, new Date().toISOString()), SCORE)).status, 422);
    assert.equal((await t.call('canvas', 'POST', url, score('not-a-user', new Date().toISOString()), SCORE)).status, 422);
    const noMax = score(t.canvasStudent(2), new Date().toISOString());
    delete noMax.scoreMaximum;
    assert.equal((await t.call('canvas', 'POST', url, noMax, SCORE)).status, 422);
  });

  it('validates score fields strictly (400) and the media type (415)', async () => {
    const url = `${container()}/1/scores`;
    const ts = new Date().toISOString();
    assert.equal((await t.call('canvas', 'POST', url, score(t.canvasStudent(3), ts), 'application/json')).status, 415);
    assert.equal((await t.call('canvas', 'POST', url, score(t.canvasStudent(3), ts, { activityProgress: 'Done' }), SCORE)).status, 400);
    assert.equal((await t.call('canvas', 'POST', url, score(t.canvasStudent(3), ts, { gradingProgress: 'Graded' }), SCORE)).status, 400);
    assert.equal((await t.call('canvas', 'POST', url, score(t.canvasStudent(3), '2024-01-01 10:00'), SCORE)).status, 400);
    assert.equal((await t.call('canvas', 'POST', url, score(t.canvasStudent(3), ts, { comment: null }), SCORE)).status, 400);
    const noUser = score(t.canvasStudent(3), ts);
    delete noUser.userId;
    assert.equal((await t.call('canvas', 'POST', url, noUser, SCORE)).status, 400);
  });

  it('accepts the Canvas submission extension, counts new attempts, refuses submitted_at in the future', async () => {
    const url = `${container()}/1/scores`;
    const ext = 'https://canvas.instructure.com/lti/submission';
    const t0 = Date.now();
    assert.equal(
      (
        await t.call(
          'canvas',
          'POST',
          url,
          score(t.canvasStudent(4), new Date(t0).toISOString(), { [ext]: { new_submission: true, submission_type: 'basic_lti_launch' } }),
          SCORE,
        )
      ).status,
      200,
    );
    assert.equal(
      (
        await t.call(
          'canvas',
          'POST',
          url,
          score(t.canvasStudent(4), new Date(t0 + 1).toISOString(), { [ext]: { new_submission: false } }),
          SCORE,
        )
      ).status,
      200,
    );
    const result = t.rig.sandbox.results('101').find((r) => r.userSub === t.canvasStudent(4));
    assert.equal(result?.attempts, 1);
    assert.deepEqual(t.rig.sandbox.gradebook('101').at(-1)?.submission, { new_submission: false });
    const future = new Date(Date.now() + 5 * 60_000).toISOString();
    assert.equal(
      (
        await t.call(
          'canvas',
          'POST',
          url,
          score(t.canvasStudent(4), new Date(t0 + 2).toISOString(), { [ext]: { submitted_at: future } }),
          SCORE,
        )
      ).status,
      400,
    );
  });

  it('ignores scoreGiven while grading is pending', async () => {
    const url = `${container()}/1/scores`;
    const sub = t.rig.sandbox.users('101').filter((u) => u.role === 'student')[4]?.sub ?? '';
    await t.call('canvas', 'POST', url, score(sub, new Date(Date.now() + 10).toISOString(), { gradingProgress: 'Pending' }), SCORE);
    assert.equal(t.rig.sandbox.gradebook('101').at(-1)?.resultScore, null);
  });

  it('lists results with paging', async () => {
    const res = await t.call('canvas', 'GET', `${container()}/1/results?limit=1`, undefined, undefined, RESULTS);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type')?.split(';')[0], RESULTS);
    const page = (await res.json()) as { userId: string; scoreOf: string; resultMaximum: number }[];
    assert.equal(page.length, 1);
    assert.equal(page[0]?.resultMaximum, 10);
    assert.match(res.headers.get('link') ?? '', /rel="next"/);
  });
});
