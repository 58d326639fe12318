/**
 * Nothing secret in logs: a whole launch, practice-to-a-grade and AGS delivery, plus refused
 * requests that carry tokens, run with the tool logging at debug level; the captured log holds no
 * token-shaped string and none of the actual tokens of the run.
 */
import assert from 'node:assert/strict';
import { capturedLog, stack } from '../support/stack.ts';
import { launchAs, mainClientId, personOf, textOf } from '../support/factories.ts';
import { practise } from '../support/practice.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { createLogger } from '../../src/logger.ts';
import { Writable } from 'node:stream';

const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;

describe('security: nothing secret in logs', function () {
  this.timeout(120_000);

  it('a launch, answers, a grade sent through AGS and refused token-carrying requests leave no token in the log', async () => {
    const s = await stack();
    const { info, user } = await personOf('moodle', { student: 4 });
    const link = s.sandbox.addResourceLink(info.courseId, {
      title: `Logs ${Date.now()}`,
      custom: { skills: 'fraction-meaning' },
      lineItem: { label: `Logs ${Date.now()}`, scoreMaximum: 10 },
    });
    let idToken = '';
    const r = await launchAs(
      'moodle',
      { student: 4 },
      {
        resourceLinkId: link.id,
        intercept: (req) => {
          if (req.kind === 'tool-launch') idToken = String(req.fields?.id_token ?? '');
        },
      },
    );
    assert.equal(r.status, 200);
    assert.match(idToken, JWT_SHAPE);
    const session = new URL(r.url).searchParams.get('s')!;
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(r.url)![1]!;
    const person = await Person.findOne({ issuer: info.issuer, clientId: await mainClientId('moodle'), sub: user.sub }).lean();
    const done = await practise({
      client: r.client,
      pageUrl: r.url,
      html: r.html,
      activityId,
      personId: String(person!._id),
      sandboxUrl: s.sandboxUrl,
      until: (h) => textOf(h, 'mastered') === '1',
      max: 60,
    });
    assert.equal(textOf(done.html, 'mastered'), '1');
    await s.pathwise.publisher.kick();
    assert.ok(
      s.sandbox.gradebook(info.courseId).some((g) => g.userId === user.sub),
      'the grade reached the gradebook (token endpoint and AGS used)',
    );

    // Refused requests carrying tokens: a replay, a bad session, an Authorization header.
    await r.client.postForm(`${s.toolUrl}/lti/launch`, { id_token: idToken, state: 'not-ours', ltik: session });
    await fetch(`${s.toolUrl}/app/activities/${activityId}?s=${encodeURIComponent(`${session}x`)}`, {
      headers: { Authorization: `Bearer ${idToken}` },
    });
    await fetch(`${s.toolUrl}/lti/deeplink`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `ltik=${idToken}&${'x=1&'.repeat(300)}`,
    });

    const log = capturedLog();
    assert.ok(log.length > 1000, 'the tool did log the run');
    assert.match(log, /request completed/);
    assert.ok(!log.includes(idToken.split('.')[2]!), 'the id_token is not in the log');
    assert.ok(!log.includes(session.split('.')[2]!), 'the session token is not in the log');
    const leaked = JWT_SHAPE.exec(log);
    assert.equal(leaked, null, `a token-shaped string was logged: ${leaked?.[0].slice(0, 20)}…`);
  });

  it('scrubs token-shaped strings from messages, errors and unexpected fields', () => {
    const lines: string[] = [];
    const log = createLogger(
      'info',
      new Writable({
        write(c, _e, cb) {
          lines.push(String(c));
          cb();
        },
      }),
    );
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXBhcnQ';
    log.error(
      {
        err: new Error(`jwt malformed: ${jwt}`),
        whatever: { nested: `token=${jwt}` },
        s: 'session',
        headers: { authorization: 'Bearer abcdefghijkl' },
      },
      `failed with ${jwt}`,
    );
    log.info({ key: '-----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY-----' }, 'k');
    const text = lines.join('');
    assert.ok(
      !text.includes('c2lnbmF0dXJlLXBhcnQ') && !text.includes('abcdefghijkl') && !text.includes('MIIabc') && !text.includes('"session"'),
      text,
    );
    assert.match(text, /jwt malformed: \[redacted\]/, 'the error stays readable');
  });
});
