import assert from 'node:assert/strict';
import { CONTAINER, LINEITEM, RESULTS, SCORE, score, useAgsRig } from './agsRig.ts';
import { CLAIMS } from './helpers.ts';
import { LtiClient } from '../support/ltiClient.ts';

describe('sandbox AGS, moodle flavour', () => {
  const t = useAgsRig();
  const base = (): string => `${t.rig.url}/moodle/mod/lti/services.php/2`;
  const typeId = (): string => t.moodle.reg.toolTypeId;
  const scoresUrl = (): string => `${base()}/lineitems/2/lineitem/scores?type_id=${typeId()}`;

  it('uses opaque line item URLs with type_id and refuses a missing or foreign type_id', async () => {
    const res = await t.call('moodle', 'GET', `${base()}/lineitems?type_id=${typeId()}`, undefined, undefined, CONTAINER);
    assert.equal(res.status, 200);
    const items = (await res.json()) as { id: string }[];
    assert.equal(items[0]?.id, `${base()}/lineitems/2/lineitem?type_id=${typeId()}`);
    assert.equal((await t.call('moodle', 'GET', `${base()}/lineitems`)).status, 400);
    assert.equal((await t.call('moodle', 'GET', `${base()}/lineitems?type_id=99999`)).status, 403);
    const created = await t.call(
      'moodle',
      'POST',
      `${base()}/lineitems?type_id=${typeId()}`,
      { label: 'Extra', scoreMaximum: 20, tag: 't' },
      LINEITEM,
    );
    assert.equal(created.status, 201);
    assert.match(((await created.json()) as { id: string }).id, new RegExp(`/lineitem\\?type_id=${typeId()}$`));
    const paged = await t.call('moodle', 'GET', `${base()}/lineitems?type_id=${typeId()}&limit=1`);
    const next = /<([^>]+)>; rel="next"/.exec(paged.headers.get('link') ?? '')?.[1] ?? '';
    assert.equal(new URL(next).searchParams.get('type_id'), typeId(), 'paging keeps type_id');
  });

  it('answers 409 to a second score in the same second and accepts the next second', async () => {
    const second = Math.floor(Date.now() / 1000) * 1000;
    const first = await t.call('moodle', 'POST', scoresUrl(), score(t.moodleStudent(0), new Date(second + 100).toISOString()), SCORE);
    assert.equal(first.status, 200);
    const sameSecond = await t.call('moodle', 'POST', scoresUrl(), score(t.moodleStudent(0), new Date(second + 900).toISOString()), SCORE);
    assert.equal(sameSecond.status, 409);
    const older = await t.call('moodle', 'POST', scoresUrl(), score(t.moodleStudent(0), new Date(second - 5000).toISOString()), SCORE);
    assert.equal(older.status, 409);
    const nextSecond = await t.call('moodle', 'POST', scoresUrl(), score(t.moodleStudent(0), new Date(second + 1000).toISOString()), SCORE);
    assert.equal(nextSecond.status, 200);
    const rows = t.rig.sandbox.gradebook('2').filter((g) => g.userId === t.moodleStudent(0));
    assert.deepEqual(
      rows.map((r) => r.timestamp),
      [new Date(second + 100).toISOString(), new Date(second + 1000).toISOString()],
    );
  });

  it('treats a missing scoreMaximum as 1 and discards scoreGiven unless FullyGraded', async () => {
    const s = score(t.moodleStudent(1), new Date().toISOString(), { scoreGiven: 0.5 });
    delete s.scoreMaximum;
    assert.equal((await t.call('moodle', 'POST', scoresUrl(), s, SCORE)).status, 200);
    assert.equal(t.rig.sandbox.gradebook('2').at(-1)?.resultScore, 50, '0.5 of 1, rescaled to 100');
    const pending = score(t.moodleStudent(1), new Date(Date.now() + 2000).toISOString(), { gradingProgress: 'PendingManual' });
    assert.equal((await t.call('moodle', 'POST', scoresUrl(), pending, SCORE)).status, 200);
    assert.equal(t.rig.sandbox.gradebook('2').at(-1)?.resultScore, null);
  });

  it('answers 400 for a user who is not an enrolled student, 405 for GET on scores', async () => {
    assert.equal((await t.call('moodle', 'POST', scoresUrl(), score('424242', new Date().toISOString()), SCORE)).status, 400);
    const teacher = t.rig.sandbox.flavours.moodle.teacherId;
    assert.equal((await t.call('moodle', 'POST', scoresUrl(), score(teacher, new Date().toISOString()), SCORE)).status, 400);
    assert.equal((await t.call('moodle', 'GET', scoresUrl())).status, 405);
  });

  it('builds the results URL as line item path + /results with the same query', async () => {
    const res = await t.call(
      'moodle',
      'GET',
      `${base()}/lineitems/2/lineitem/results?type_id=${typeId()}&user_id=${t.moodleStudent(0)}`,
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
    const link = t.rig.sandbox.addResourceLink('2', {
      title: 'Two columns',
      clientId: t.moodle.reg.clientId,
      lineItem: { scoreMaximum: 10 },
    });
    const url = t.rig.sandbox.launchUrl({ flavour: 'moodle', courseId: '2', userId: t.moodleStudent(2), resourceLinkId: link.id });
    await new LtiClient().launch({ launchUrl: url });
    assert.ok((t.rig.tool.launches.at(-1)?.[CLAIMS.ags] as { lineitem?: string }).lineitem);
    const extra = await t.call(
      'moodle',
      'POST',
      `${base()}/lineitems?type_id=${typeId()}`,
      { label: 'Second', scoreMaximum: 5, resourceLinkId: link.id },
      LINEITEM,
    );
    assert.equal(extra.status, 201);
    await new LtiClient().launch({ launchUrl: url });
    const ags = t.rig.tool.launches.at(-1)?.[CLAIMS.ags] as { lineitem?: string; lineitems: string };
    assert.equal(ags.lineitem, undefined);
    assert.ok(ags.lineitems);
  });
});
