/**
 * After the launch: a learner's session opens only its activity, sessions end server-side and
 * renew while in use, a Deep Linking answer is posted once, refused answers and oversized forms
 * write nothing, and every page carries the browser hardening headers.
 */
import assert from 'node:assert/strict';
import express from 'express';
import supertest from 'supertest';
import { stack } from '../support/stack.ts';
import { launchAs, openDeepLinkPicker, ownCourse, questionOf } from '../support/factories.ts';
import { Activity } from '../../src/repositories/models/Activity.ts';
import { securityHeaders } from '../../src/security.ts';
import { SessionSigner } from '../../src/session.ts';
import { assertPage, unchanged } from './helpers.ts';

const tokenOf = (url: string) => new URL(url).searchParams.get('s')!;

describe('security: pages and sessions', function () {
  this.timeout(60_000);

  it('a learner’s session opens only the activity it was launched into', async () => {
    const s = await stack();
    const student = await launchAs('canvas', { student: 1 });
    const own = /\/app\/activities\/([a-f0-9]{24})/.exec(student.url)![1]!;
    const activity = (await Activity.findById(own).lean())!;
    const other = await Activity.findOneAndUpdate(
      { courseId: activity.courseId, resourceLinkId: 'security-other-link' },
      { $set: { title: 'Other' } },
      { upsert: true, new: true },
    ).lean();
    const r = await unchanged(() =>
      student.client.get(`${s.toolUrl}/app/activities/${String(other!._id)}?s=${encodeURIComponent(tokenOf(student.url))}`),
    );
    assertPage(r, 403, 'forbidden');
  });

  it('“End session” invalidates the token server-side, renewed copies included', async () => {
    const s = await stack();
    const student = await launchAs('moodle', { student: 1 });
    const token = tokenOf(student.url);
    const ended = await student.client.postForm(`${s.toolUrl}/app/session/end`, { s: token });
    assert.equal(ended.status, 200);
    assert.match(ended.html, /data-testid="session-ended"/);
    const r = await unchanged(() => student.client.get(student.url));
    assertPage(r, 401, 'session_ended');
  });

  it('renews a session in the second half of its life, keeping its id', async () => {
    const signer = new SessionSigner('k'.repeat(64), 60);
    const token = signer.sign({ courseId: 'c', personId: 'p', role: 'learner', activityId: 'a' });
    const v = await signer.verify(token);
    assert.equal(signer.renewed(v, token), token, 'a fresh token is kept');
    const old = { ...v, exp: Math.floor(Date.now() / 1000) + 10 };
    const renewed = await signer.verify(signer.renewed(old, token));
    assert.ok(renewed.exp > old.exp, 'the renewed token lives longer');
    assert.equal(renewed.sid, v.sid, 'and belongs to the same session (so ending it ends both)');
  });

  it('a Deep Linking answer can be posted once', async () => {
    const s = await stack();
    const own = await ownCourse('canvas');
    const { client, form, action, skill } = await openDeepLinkPicker('canvas', {
      courseId: own.course.id,
      userId: own.member('teacher').id,
    });
    assert.ok(form && skill, 'the teacher sees the activity picker');
    const fields = { ...form.fields, title: 'Once', skills: skill };
    const first = await client.postForm(action, fields, { sandboxUrl: s.sandboxUrl });
    assert.equal(first.status, 200);
    assert.match(first.html, /data-autosubmit/);
    assert.ok(!/<script>/.test(first.html), 'no inline script');
    const again = await unchanged(() => client.postForm(action, fields, { sandboxUrl: s.sandboxUrl }));
    assertPage(again, 409, 'deeplink_used');
  });

  it('an answer carrying another attempt id is refused without writing anything', async () => {
    const s = await stack();
    const student = await launchAs('canvas', { student: 2 });
    const q = questionOf(student.html);
    const r = await unchanged(() =>
      student.client.postForm(new URL(q.action, s.toolUrl).toString(), {
        ...q.fields,
        attemptId: '00000000-0000-4000-8000-000000000000',
        response: '1/2',
      }),
    );
    assert.ok(r.status < 500, String(r.status));
  });

  it('answers a form with thousands of fields and an oversized token with 4xx, not 500', async () => {
    const s = await stack();
    const student = await launchAs('moodle', { student: 2 });
    const q = questionOf(student.html);
    const many: Record<string, string> = { s: 'x'.repeat(5000), attemptId: q.fields.attemptId! };
    for (let i = 0; i < 3000; i++) many[`f${i}`] = '1';
    const r = await unchanged(() => student.client.postForm(new URL(q.action, s.toolUrl).toString(), many));
    assert.ok(r.status === 413 || r.status === 400, String(r.status));
    const big = await unchanged(() =>
      student.client.postForm(new URL(q.action, s.toolUrl).toString(), { ...q.fields, s: 'x'.repeat(5000) }),
    );
    assertPage(big, 400, 'invalid_input');
  });

  it('sends CSP without inline scripts, frame-ancestors of registered platforms, no-referrer and nosniff', async () => {
    const s = await stack();
    const student = await launchAs('canvas', { student: 0 });
    const res = await fetch(student.url);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.ok(!csp.includes('unsafe-inline'));
    assert.match(csp, new RegExp(`frame-ancestors 'self' [^;]*${new URL(s.sandboxUrl).origin.replace(/[.:/]/g, '\\$&')}`));
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), null, 'frame-ancestors, not X-Frame-Options (which would block the LMS)');
    assert.ok(!/<script>(?!<\/script>)/.test(await res.text()), 'no inline script on the page');
  });

  it('lets the platform starting a Dynamic Registration frame that page, and no other page', async () => {
    const s = await stack();
    const platform = 'https://lms.registering.example';
    const ancestors = async (path: string) =>
      /frame-ancestors ([^;]*)/.exec((await fetch(`${s.toolUrl}${path}`)).headers.get('content-security-policy') ?? '')?.[1]?.split(' ') ??
      [];
    const cfg = encodeURIComponent(`${platform}/mod/lti/openid-configuration.php`);
    assert.ok((await ancestors(`/lti/register/not-an-invite?openid_configuration=${cfg}`)).includes(platform));
    assert.ok((await ancestors(`/lti/register?openid_configuration=${cfg}`)).includes(platform));
    assert.ok(!(await ancestors(`/lti/login?openid_configuration=${cfg}`)).includes(platform), 'another page');
    assert.ok(
      !(await ancestors(`/lti/register?openid_configuration=${encodeURIComponent('javascript:alert(1)')}`)).some((o) =>
        o.startsWith('javascript'),
      ),
    );
  });

  it('sends HSTS in production', async () => {
    const app = express();
    app.use(securityHeaders({ production: true }));
    app.get('/', (_req, res) => res.send('ok'));
    const res = await supertest(app).get('/');
    assert.match(res.headers['strict-transport-security'] ?? '', /max-age=31536000/);
    const dev = express();
    dev.use(securityHeaders({ production: false }));
    dev.get('/', (_req, res) => res.send('ok'));
    assert.equal((await supertest(dev).get('/')).headers['strict-transport-security'], undefined);
  });
});
