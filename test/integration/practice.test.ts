import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { launchAs, mainClientId, personOf, textOf } from '../support/factories.ts';
import { practise } from '../support/practice.ts';
import { parseForms } from '../support/ltiClient.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress, type ProgressDoc } from '../../src/repositories/models/Progress.ts';
import type { Flavour } from '../../scripts/sandbox/index.ts';
import { correctForm, currentInstance } from '../support/answers.ts';
import { replayState } from '../support/replay.ts';

/** A fresh activity with these skills in the sandbox course, and a student launched into it. */
async function activityWith(flavour: Flavour, skills: string[], student: number) {
  const s = await stack();
  const { info, user } = await personOf(flavour, { student });
  const link = s.sandbox.addResourceLink(info.courseId, {
    title: `Practice ${skills.join('+')} ${Date.now()}`,
    custom: { skills: skills.join(',') },
    lineItem: { label: `Mastery ${Date.now()}`, scoreMaximum: 10 },
  });
  const r = await launchAs(flavour, { student }, { resourceLinkId: link.id });
  assert.equal(r.status, 200, r.html.slice(0, 300));
  const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
  const person = await Person.findOne({ issuer: info.issuer, clientId: await mainClientId(flavour), sub: user.sub }).lean();
  return { s, info, user, link, r, activityId, personId: String(person!._id) };
}

const masteredOf = (html: string) => Number(textOf(html, 'mastered'));

describe('adaptive practice through real HTTP', function () {
  this.timeout(120_000);

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`takes a ${flavour} student to mastery of a two-skill activity while the gradebook receives the rising score`, async () => {
      const a = await activityWith(flavour, ['fraction-meaning', 'add-like'], 0);
      assert.match(a.r.html, /data-status="locked"/, 'add-like waits for fraction-meaning');
      const done = await practise({
        client: a.r.client,
        pageUrl: a.r.url,
        html: a.r.html,
        activityId: a.activityId,
        personId: a.personId,
        sandboxUrl: a.s.sandboxUrl,
        until: (h) => masteredOf(h) === 2,
        max: 80,
      });
      assert.equal(masteredOf(done.html), 2);
      assert.ok(done.answers >= 4 && done.answers <= 40, `answers to mastery: ${done.answers}`);
      await a.s.pathwise.publisher.kick();
      const rows = a.s.sandbox.gradebook(a.info.courseId).filter((g) => g.userId === a.user.sub && g.lineItemLabel.startsWith('Mastery'));
      const scores = rows.slice(-2).map((g) => g.scoreGiven);
      assert.deepEqual(scores, [0.5, 1], `gradebook rows: ${JSON.stringify(rows.map((g) => g.scoreGiven))}`);
      assert.equal(rows.at(-1)!.activityProgress, 'Completed');
    });
  }

  it('keeps the student’s state across a restart of Pathwise and its database', async () => {
    const a = await activityWith('moodle', ['fraction-meaning', 'number-line'], 1);
    const some = await practise({
      client: a.r.client,
      pageUrl: a.r.url,
      html: a.r.html,
      activityId: a.activityId,
      personId: a.personId,
      sandboxUrl: a.s.sandboxUrl,
      until: (_h, n) => n >= 3,
    });
    const before = await Progress.findOne({ activityId: a.activityId }).lean<ProgressDoc>();
    await a.s.restartTool();
    const again = await a.r.client.get(a.r.url, { sandboxUrl: a.s.sandboxUrl });
    assert.equal(again.status, 200, again.html.slice(0, 300));
    assert.equal(textOf(again.html, 'answered'), String(some.answers));
    const after = await Progress.findOne({ activityId: a.activityId }).lean<ProgressDoc>();
    assert.deepEqual(after?.state, before?.state);
    assert.equal(after?.current.attemptId, before?.current.attemptId);
  });

  it('shows hints on request and counts them in the evidence', async () => {
    const a = await activityWith('canvas', ['fraction-meaning'], 2);
    // "Show a hint" is a second submit button of the answer form (formaction), so typed answers travel with it.
    const form = parseForms(a.r.html).find((f) => f.action.endsWith('/answer'))!;
    assert.match(a.r.html, /formaction="[^"]*\/hint"/);
    const res = await a.r.client.postForm(new URL(form.action.replace(/\/answer$/, '/hint'), a.r.url).toString(), form.fields, {
      sandboxUrl: a.s.sandboxUrl,
    });
    assert.equal(res.status, 200);
    assert.match(res.html, /data-testid="hints"/);
    const p = await Progress.findOne({ activityId: a.activityId }).lean<ProgressDoc>();
    assert.equal(p?.current.hintsShown, 1);
  });

  it('after a wrong first try, keeps the question with its next hint; the retry does not count as evidence', async () => {
    const a = await activityWith('moodle', ['fraction-meaning'], 5);
    const first = await practise({
      client: a.r.client,
      pageUrl: a.r.url,
      html: a.r.html,
      activityId: a.activityId,
      personId: a.personId,
      sandboxUrl: a.s.sandboxUrl,
      correct: () => false,
      until: (_h, n) => n >= 1,
    });
    const itemBefore = /data-item="([^"]+)"/.exec(a.r.html)?.[1];
    assert.equal(/data-item="([^"]+)"/.exec(first.html)?.[1], itemBefore, 'the same question stays');
    assert.match(textOf(first.html, 'notice') ?? '', /hint/);
    assert.match(first.html, /data-testid="hints"/);
    const p1 = await Progress.findOne({ activityId: a.activityId }).lean<ProgressDoc>();
    assert.equal(p1?.current.attempt, 2);
    const pBefore = p1!.state.skills['fraction-meaning']!.pMastered;
    const second = await practise({
      client: a.r.client,
      pageUrl: a.r.url,
      html: first.html,
      activityId: a.activityId,
      personId: a.personId,
      sandboxUrl: a.s.sandboxUrl,
      until: (_h, n) => n >= 1,
    });
    const p2 = await Progress.findOne({ activityId: a.activityId }).lean<ProgressDoc>();
    assert.equal(p2?.answered, 2);
    assert.equal(p2?.current.attempt, 1, 'then the policy moves on');
    assert.equal(p2!.state.skills['fraction-meaning']!.pMastered, pBefore, 'a retry after a hint does not change mastery');
    void second;
  });

  it('lets a student choose a ready skill and explains a locked one', async () => {
    const a = await activityWith('canvas', ['fraction-meaning', 'add-like', 'number-line'], 3);
    const choose = (skillId: string, html: string) => {
      const f = parseForms(html).find((x) => x.action.endsWith('/choose') && x.fields.skillId === skillId);
      return f;
    };
    assert.equal(choose('add-like', a.r.html), undefined, 'a locked skill offers no button');
    const token = new URL(a.r.url).searchParams.get('s')!;
    const res = await a.r.client.postForm(
      `${a.s.toolUrl}/app/activities/${a.activityId}/choose`,
      { s: token, skillId: 'add-like' },
      { sandboxUrl: a.s.sandboxUrl },
    );
    assert.equal(res.status, 200);
    assert.match(textOf(res.html, 'notice') ?? '', /fraction/i, 'the reason names the prerequisite');
  });

  it('leaves a consistent state, equal to a sequential replay, when two tabs act at once', async () => {
    const a = await activityWith('moodle', ['fraction-meaning', 'add-like'], 4);
    for (let round = 0; round < 6; round++) {
      const page = await a.r.client.get(a.r.url, { sandboxUrl: a.s.sandboxUrl });
      const html = page.html;
      const forms = parseForms(html);
      const answer = forms.find((f) => f.action.endsWith('/answer'));
      const other = forms.find((f) => f.action.endsWith('/hint') || f.action.endsWith('/continue'));
      if (!answer) {
        if (other) await a.r.client.postForm(new URL(other.action, a.r.url).toString(), other.fields, { sandboxUrl: a.s.sandboxUrl });
        continue;
      }
      const response = correctForm(await currentInstance(a.activityId, a.personId));
      const tab = (f: typeof answer, extra: Record<string, string | string[]> = {}) =>
        a.r.client.postForm(new URL(f.action, a.r.url).toString(), { ...f.fields, ...extra }, { sandboxUrl: a.s.sandboxUrl });
      const results = await Promise.all([tab(answer, response), tab(answer, response), ...(other ? [tab(other)] : [])]);
      assert.ok(
        results.every((r) => r.status === 200 || r.status === 409),
        results.map((r) => r.status).join(','),
      );
    }
    const p = await Progress.findOne({ activityId: a.activityId }).lean<ProgressDoc>();
    const replayed = await replayState(a.activityId, a.personId);
    assert.equal(p!.answered, replayed.attempts);
    for (const [skill, st] of Object.entries(replayed.skills)) {
      assert.ok(Math.abs(st.pMastered - p!.state.skills[skill]!.pMastered) < 1e-12, `${skill} pMastered`);
      assert.equal(st.attempts, p!.state.skills[skill]!.attempts);
    }
  });
});
