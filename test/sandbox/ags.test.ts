import assert from 'node:assert/strict';
import { LtiClient } from '../support/ltiClient.ts';
import { registerFakeTool } from './fakeTool.ts';
import { CLAIMS, SCOPES, startRig, type Rig } from './helpers.ts';

const LINEITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const CONTAINER = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';
const RESULTS = 'application/vnd.ims.lis.v2.resultcontainer+json';
const ALL = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.score, SCOPES.resultReadonly];

describe('sandbox AGS', () => {
  let rig: Rig;
  let canvas: ReturnType<typeof registerFakeTool>;
  let moodle: ReturnType<typeof registerFakeTool>;
  const tokens: Record<string, string> = {};

  before(async () => {
    rig = await startRig();
    canvas = registerFakeTool(rig.sandbox, rig.tool, 'canvas');
    moodle = registerFakeTool(rig.sandbox, rig.tool, 'moodle');
    tokens.canvas = await rig.tool.accessToken(canvas.platform, ALL);
    tokens.moodle = await rig.tool.accessToken(moodle.platform, ALL);
  });
  after(async () => rig.close());

  function call(
    flavour: 'canvas' | 'moodle',
    method: string,
    url: string,
    body?: unknown,
    contentType?: string,
    accept?: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${tokens[flavour] ?? ''}`, 'User-Agent': 'FakeTool/1.0' };
    if (contentType) headers['Content-Type'] = contentType;
    if (accept) headers.Accept = accept;
    return fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  }

  function score(userId: string, timestamp: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { userId, scoreGiven: 7, scoreMaximum: 10, timestamp, activityProgress: 'Completed', gradingProgress: 'FullyGraded', ...extra };
  }

  const canvasStudent = (i: number): string => rig.sandbox.users('101').filter((u) => u.role === 'student')[i]?.sub ?? '';
  const moodleStudent = (i: number): string => rig.sandbox.flavours.moodle.studentIds[i] ?? '';

  describe('canvas flavour', () => {
    const container = (): string => `${rig.url}/api/lti/courses/101/line_items`;

    it('creates line items and pages the container with Link headers, keeping filters', async () => {
      for (const label of ['Quiz A', 'Quiz B', 'Quiz C']) {
        const res = await call('canvas', 'POST', container(), { label, scoreMaximum: 5, tag: 'quiz', resourceId: label }, LINEITEM);
        assert.equal(res.status, 201);
        assert.equal(res.headers.get('content-type')?.split(';')[0], LINEITEM);
      }
      const first = await call('canvas', 'GET', `${container()}?tag=quiz&limit=2`, undefined, undefined, CONTAINER);
      assert.equal(first.status, 200);
      assert.deepEqual(
        ((await first.json()) as { label: string }[]).map((l) => l.label),
        ['Quiz A', 'Quiz B'],
      );
      const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
      assert.ok(next, 'a next link');
      assert.equal(new URL(next).searchParams.get('tag'), 'quiz');
      const second = await call('canvas', 'GET', next, undefined, undefined, CONTAINER);
      assert.deepEqual(
        ((await second.json()) as { label: string }[]).map((l) => l.label),
        ['Quiz C'],
      );
      assert.doesNotMatch(second.headers.get('link') ?? '', /rel="next"/);
      const byResource = await call('canvas', 'GET', `${container()}?resource_id=Quiz%20B`);
      assert.equal(((await byResource.json()) as unknown[]).length, 1);
      const linkId = rig.sandbox.resourceLinks('101')[0]?.id ?? '';
      const byLink = (await (await call('canvas', 'GET', `${container()}?resource_link_id=${linkId}`)).json()) as { label: string }[];
      assert.deepEqual(
        byLink.map((l) => l.label),
        ['Pathwise practice'],
      );
    });

    it('validates line items strictly: media type 415, nulls and bad fields 400, unknown link 404, bad Accept 406', async () => {
      assert.equal((await call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 1 }, 'application/json')).status, 415);
      assert.equal((await call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 1, tag: null }, LINEITEM)).status, 400);
      assert.equal((await call('canvas', 'POST', container(), { label: '', scoreMaximum: 1 }, LINEITEM)).status, 400);
      assert.equal((await call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 0 }, LINEITEM)).status, 400);
      assert.equal(
        (await call('canvas', 'POST', container(), { label: 'x', scoreMaximum: 1, resourceLinkId: 'nope' }, LINEITEM)).status,
        404,
      );
      assert.equal((await call('canvas', 'GET', container(), undefined, undefined, 'text/html')).status, 406);
    });

    it('reads, updates and deletes a tool line item but never the assignment default one', async () => {
      const created = (await (await call('canvas', 'POST', container(), { label: 'Temp', scoreMaximum: 3 }, LINEITEM)).json()) as {
        id: string;
      };
      const put = await call('canvas', 'PUT', created.id, { label: 'Renamed', scoreMaximum: 4 }, LINEITEM);
      assert.equal(put.status, 200);
      assert.equal(
        ((await (await call('canvas', 'GET', created.id, undefined, undefined, LINEITEM)).json()) as { label: string }).label,
        'Renamed',
      );
      assert.equal((await call('canvas', 'DELETE', created.id)).status, 204);
      assert.equal((await call('canvas', 'GET', created.id)).status, 404);
      assert.equal((await call('canvas', 'DELETE', `${container()}/1`)).status, 400);
    });

    it('records accepted scores in arrival order, rescaled to the line item maximum', async () => {
      const url = `${container()}/1/scores`;
      const before = rig.sandbox.gradebook('101').length;
      const ts = new Date().toISOString();
      const res = await call('canvas', 'POST', url, score(canvasStudent(0), ts, { comment: 'well done' }), SCORE);
      assert.equal(res.status, 200);
      assert.match(((await res.json()) as { resultUrl: string }).resultUrl, /\/line_items\/1\/results\//);
      const row = rig.sandbox.gradebook('101')[before];
      assert.equal(row?.scoreGiven, 7);
      assert.equal(row?.resultScore, 7, 'line item 1 has scoreMaximum 10');
      assert.equal(row?.comment, 'well done');
      assert.equal(row?.timestamp, ts);
      const same = await call('canvas', 'POST', url, score(canvasStudent(0), ts, { scoreGiven: 8 }), SCORE);
      assert.equal(same.status, 200, 'Canvas accepts an equal timestamp');
    });

    it('answers 400 to a timestamp older than the stored one', async () => {
      const url = `${container()}/1/scores`;
      const now = Date.now();
      assert.equal((await call('canvas', 'POST', url, score(canvasStudent(1), new Date(now).toISOString()), SCORE)).status, 200);
      const older = await call('canvas', 'POST', url, score(canvasStudent(1), new Date(now - 1).toISOString()), SCORE);
      assert.equal(older.status, 400);
      assert.match(((await older.json()) as { error_description: string }).error_description, /before the last updated timestamp/);
    });

    it('answers 422 for a non-student userId and for scoreGiven without scoreMaximum', async () => {
      const url = `${container()}/1/scores`;
      const teacherSub = rig.sandbox.users('101').find((u) => u.role === 'teacher')?.sub ?? '';
      assert.equal((await call('canvas', 'POST', url, score(teacherSub, new Date().toISOString()), SCORE)).status, 422);
      assert.equal((await call('canvas', 'POST', url, score('not-a-user', new Date().toISOString()), SCORE)).status, 422);
      const noMax = score(canvasStudent(2), new Date().toISOString());
      delete noMax.scoreMaximum;
      assert.equal((await call('canvas', 'POST', url, noMax, SCORE)).status, 422);
    });

    it('validates score fields strictly (400) and the media type (415)', async () => {
      const url = `${container()}/1/scores`;
      const ts = new Date().toISOString();
      assert.equal((await call('canvas', 'POST', url, score(canvasStudent(3), ts), 'application/json')).status, 415);
      assert.equal((await call('canvas', 'POST', url, score(canvasStudent(3), ts, { activityProgress: 'Done' }), SCORE)).status, 400);
      assert.equal((await call('canvas', 'POST', url, score(canvasStudent(3), ts, { gradingProgress: 'Graded' }), SCORE)).status, 400);
      assert.equal((await call('canvas', 'POST', url, score(canvasStudent(3), '2024-01-01 10:00'), SCORE)).status, 400);
      assert.equal((await call('canvas', 'POST', url, score(canvasStudent(3), ts, { comment: null }), SCORE)).status, 400);
      const noUser = score(canvasStudent(3), ts);
      delete noUser.userId;
      assert.equal((await call('canvas', 'POST', url, noUser, SCORE)).status, 400);
    });

    it('accepts the Canvas submission extension, counts new attempts, refuses submitted_at in the future', async () => {
      const url = `${container()}/1/scores`;
      const ext = 'https://canvas.instructure.com/lti/submission';
      const t0 = Date.now();
      assert.equal(
        (
          await call(
            'canvas',
            'POST',
            url,
            score(canvasStudent(4), new Date(t0).toISOString(), { [ext]: { new_submission: true, submission_type: 'basic_lti_launch' } }),
            SCORE,
          )
        ).status,
        200,
      );
      assert.equal(
        (
          await call(
            'canvas',
            'POST',
            url,
            score(canvasStudent(4), new Date(t0 + 1).toISOString(), { [ext]: { new_submission: false } }),
            SCORE,
          )
        ).status,
        200,
      );
      const result = rig.sandbox.results('101').find((r) => r.userSub === canvasStudent(4));
      assert.equal(result?.attempts, 1);
      assert.deepEqual(rig.sandbox.gradebook('101').at(-1)?.submission, { new_submission: false });
      const future = new Date(Date.now() + 5 * 60_000).toISOString();
      assert.equal(
        (
          await call(
            'canvas',
            'POST',
            url,
            score(canvasStudent(4), new Date(t0 + 2).toISOString(), { [ext]: { submitted_at: future } }),
            SCORE,
          )
        ).status,
        400,
      );
    });

    it('ignores scoreGiven while grading is pending', async () => {
      const url = `${container()}/1/scores`;
      const sub = rig.sandbox.users('101').filter((u) => u.role === 'student')[4]?.sub ?? '';
      await call('canvas', 'POST', url, score(sub, new Date(Date.now() + 10).toISOString(), { gradingProgress: 'Pending' }), SCORE);
      assert.equal(rig.sandbox.gradebook('101').at(-1)?.resultScore, null);
    });

    it('lists results with paging', async () => {
      const res = await call('canvas', 'GET', `${container()}/1/results?limit=1`, undefined, undefined, RESULTS);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type')?.split(';')[0], RESULTS);
      const page = (await res.json()) as { userId: string; scoreOf: string; resultMaximum: number }[];
      assert.equal(page.length, 1);
      assert.equal(page[0]?.resultMaximum, 10);
      assert.match(res.headers.get('link') ?? '', /rel="next"/);
    });
  });

  describe('moodle flavour', () => {
    const base = (): string => `${rig.url}/moodle/mod/lti/services.php/2`;
    const typeId = (): string => moodle.reg.toolTypeId;
    const scoresUrl = (): string => `${base()}/lineitems/2/lineitem/scores?type_id=${typeId()}`;

    it('uses opaque line item URLs with type_id and refuses a missing or foreign type_id', async () => {
      const res = await call('moodle', 'GET', `${base()}/lineitems?type_id=${typeId()}`, undefined, undefined, CONTAINER);
      assert.equal(res.status, 200);
      const items = (await res.json()) as { id: string }[];
      assert.equal(items[0]?.id, `${base()}/lineitems/2/lineitem?type_id=${typeId()}`);
      assert.equal((await call('moodle', 'GET', `${base()}/lineitems`)).status, 400);
      assert.equal((await call('moodle', 'GET', `${base()}/lineitems?type_id=99999`)).status, 403);
      const created = await call(
        'moodle',
        'POST',
        `${base()}/lineitems?type_id=${typeId()}`,
        { label: 'Extra', scoreMaximum: 20, tag: 't' },
        LINEITEM,
      );
      assert.equal(created.status, 201);
      assert.match(((await created.json()) as { id: string }).id, new RegExp(`/lineitem\\?type_id=${typeId()}$`));
      const paged = await call('moodle', 'GET', `${base()}/lineitems?type_id=${typeId()}&limit=1`);
      const next = /<([^>]+)>; rel="next"/.exec(paged.headers.get('link') ?? '')?.[1] ?? '';
      assert.equal(new URL(next).searchParams.get('type_id'), typeId(), 'paging keeps type_id');
    });

    it('answers 409 to a second score in the same second and accepts the next second', async () => {
      const t = Math.floor(Date.now() / 1000) * 1000;
      const first = await call('moodle', 'POST', scoresUrl(), score(moodleStudent(0), new Date(t + 100).toISOString()), SCORE);
      assert.equal(first.status, 200);
      const sameSecond = await call('moodle', 'POST', scoresUrl(), score(moodleStudent(0), new Date(t + 900).toISOString()), SCORE);
      assert.equal(sameSecond.status, 409);
      const older = await call('moodle', 'POST', scoresUrl(), score(moodleStudent(0), new Date(t - 5000).toISOString()), SCORE);
      assert.equal(older.status, 409);
      const nextSecond = await call('moodle', 'POST', scoresUrl(), score(moodleStudent(0), new Date(t + 1000).toISOString()), SCORE);
      assert.equal(nextSecond.status, 200);
      const rows = rig.sandbox.gradebook('2').filter((g) => g.userId === moodleStudent(0));
      assert.deepEqual(
        rows.map((r) => r.timestamp),
        [new Date(t + 100).toISOString(), new Date(t + 1000).toISOString()],
      );
    });

    it('treats a missing scoreMaximum as 1 and discards scoreGiven unless FullyGraded', async () => {
      const s = score(moodleStudent(1), new Date().toISOString(), { scoreGiven: 0.5 });
      delete s.scoreMaximum;
      assert.equal((await call('moodle', 'POST', scoresUrl(), s, SCORE)).status, 200);
      assert.equal(rig.sandbox.gradebook('2').at(-1)?.resultScore, 50, '0.5 of 1, rescaled to 100');
      const pending = score(moodleStudent(1), new Date(Date.now() + 2000).toISOString(), { gradingProgress: 'PendingManual' });
      assert.equal((await call('moodle', 'POST', scoresUrl(), pending, SCORE)).status, 200);
      assert.equal(rig.sandbox.gradebook('2').at(-1)?.resultScore, null);
    });

    it('answers 400 for a user who is not an enrolled student, 405 for GET on scores', async () => {
      assert.equal((await call('moodle', 'POST', scoresUrl(), score('424242', new Date().toISOString()), SCORE)).status, 400);
      const teacher = rig.sandbox.flavours.moodle.teacherId;
      assert.equal((await call('moodle', 'POST', scoresUrl(), score(teacher, new Date().toISOString()), SCORE)).status, 400);
      assert.equal((await call('moodle', 'GET', scoresUrl())).status, 405);
    });

    it('builds the results URL as line item path + /results with the same query', async () => {
      const res = await call(
        'moodle',
        'GET',
        `${base()}/lineitems/2/lineitem/results?type_id=${typeId()}&user_id=${moodleStudent(0)}`,
        undefined,
        undefined,
        RESULTS,
      );
      assert.equal(res.status, 200);
      const results = (await res.json()) as { userId: string; resultScore: number }[];
      assert.equal(results.length, 1);
      assert.equal(results[0]?.resultScore, 70);
    });

    it('sends the lineitem claim only while the link has exactly one line item', async () => {
      const link = rig.sandbox.addResourceLink('2', {
        title: 'Two columns',
        clientId: moodle.reg.clientId,
        lineItem: { scoreMaximum: 10 },
      });
      const url = rig.sandbox.launchUrl({ flavour: 'moodle', courseId: '2', userId: moodleStudent(2), resourceLinkId: link.id });
      await new LtiClient().launch({ launchUrl: url });
      assert.ok((rig.tool.launches.at(-1)?.[CLAIMS.ags] as { lineitem?: string }).lineitem);
      const extra = await call(
        'moodle',
        'POST',
        `${base()}/lineitems?type_id=${typeId()}`,
        { label: 'Second', scoreMaximum: 5, resourceLinkId: link.id },
        LINEITEM,
      );
      assert.equal(extra.status, 201);
      await new LtiClient().launch({ launchUrl: url });
      const ags = rig.tool.launches.at(-1)?.[CLAIMS.ags] as { lineitem?: string; lineitems: string };
      assert.equal(ags.lineitem, undefined);
      assert.ok(ags.lineitems);
    });
  });
});
