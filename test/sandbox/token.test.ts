import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { registerFakeTool } from './fakeTool.ts';
import { SCOPES, useRegisteredRig, type RegisteredTool, type Rig } from './helpers.ts';

describe('sandbox token endpoint and bearer checks', () => {
  let rig: Rig;
  let canvas: RegisteredTool;
  let moodle: RegisteredTool;
  useRegisteredRig((r) => ({ rig, canvas, moodle } = r));

  async function errorOf(res: Response): Promise<string> {
    return ((await res.json()) as { error: string }).error;
  }

  it('issues a bearer token for the granted part of the requested scopes', async () => {
    const res = await rig.tool.requestToken(canvas.platform, [SCOPES.score, 'https://example.com/not-a-scope']);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal(body.scope, SCOPES.score);
    assert.equal(typeof body.access_token, 'string');
  });

  it('rejects an assertion signed with a key that is not in the tool JWKS (401 invalid_client)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const res = await rig.tool.requestToken(canvas.platform, [SCOPES.score], {
      assertion: rig.tool.signAssertion(canvas.platform, {}, { key: privateKey }),
    });
    assert.equal(res.status, 401);
    assert.equal(await errorOf(res), 'invalid_client');
  });

  it('rejects an assertion whose kid the tool JWKS does not publish', async () => {
    const res = await rig.tool.requestToken(canvas.platform, [SCOPES.score], {
      assertion: rig.tool.signAssertion(canvas.platform, {}, { kid: 'rotated-away' }),
    });
    assert.equal(res.status, 401);
  });

  it('rejects a replayed jti', async () => {
    const assertion = rig.tool.signAssertion(moodle.platform, { jti: randomUUID() });
    assert.equal((await rig.tool.requestToken(moodle.platform, [SCOPES.score], { assertion })).status, 200);
    const replay = await rig.tool.requestToken(moodle.platform, [SCOPES.score], { assertion });
    assert.equal(replay.status, 401);
    assert.match(((await replay.json()) as { error_description: string }).error_description, /jti was already used/);
  });

  it('rejects an assertion whose aud is not this token endpoint', async () => {
    const res = await rig.tool.requestToken(moodle.platform, [SCOPES.score], {
      assertion: rig.tool.signAssertion(moodle.platform, { aud: canvas.info.tokenEndpoint }),
    });
    assert.equal(res.status, 401);
  });

  it('rejects an expired assertion and one whose iss is not the client', async () => {
    const past = Math.floor(Date.now() / 1000) - 600;
    const expired = await rig.tool.requestToken(canvas.platform, [SCOPES.score], {
      assertion: rig.tool.signAssertion(canvas.platform, { iat: past - 60, exp: past }),
    });
    assert.equal(expired.status, 401);
    const wrongIss = await rig.tool.requestToken(canvas.platform, [SCOPES.score], {
      assertion: rig.tool.signAssertion(canvas.platform, { iss: 'someone' }),
    });
    assert.equal(wrongIss.status, 401);
  });

  it('answers 400 to malformed token requests', async () => {
    const badGrant = await rig.tool.requestToken(canvas.platform, [SCOPES.score], { body: { grant_type: 'password' } });
    assert.equal(badGrant.status, 400);
    assert.equal(await errorOf(badGrant), 'unsupported_grant_type');
    const badType = await rig.tool.requestToken(canvas.platform, [SCOPES.score], { body: { client_assertion_type: 'basic' } });
    assert.equal(badType.status, 400);
    const json = await fetch(canvas.info.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 't' },
      body: '{}',
    });
    assert.equal(json.status, 400);
    const noUa = await rig.tool.requestToken(canvas.platform, [SCOPES.score], { userAgent: null });
    assert.equal(noUa.status, 400);
  });

  it('answers invalid_scope when nothing requested is granted (admin narrowed the scopes)', async () => {
    const narrow = registerFakeTool(rig.sandbox, rig.tool, 'canvas', [SCOPES.score]);
    const res = await rig.tool.requestToken(narrow.platform, [SCOPES.lineItem]);
    assert.equal(res.status, 400);
    assert.equal(await errorOf(res), 'invalid_scope');
  });

  it('checks the bearer token and its scope on every service call', async () => {
    const url = `${rig.url}/api/lti/courses/101/line_items`;
    const headers = { 'User-Agent': 'FakeTool/1.0', Accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' };
    assert.equal((await fetch(url, { headers })).status, 401);
    assert.equal((await fetch(url, { headers: { ...headers, Authorization: 'Bearer nope' } })).status, 401);
    const nrpsOnly = await rig.tool.accessToken(canvas.platform, [SCOPES.nrps]);
    assert.equal((await fetch(url, { headers: { ...headers, Authorization: `Bearer ${nrpsOnly}` } })).status, 403);
    const moodleToken = await rig.tool.accessToken(moodle.platform, [SCOPES.lineItemReadonly]);
    assert.equal(
      (await fetch(url, { headers: { ...headers, Authorization: `Bearer ${moodleToken}` } })).status,
      401,
      'a moodle token is not valid on canvas',
    );
    const good = await rig.tool.accessToken(canvas.platform, [SCOPES.lineItemReadonly]);
    assert.equal((await fetch(url, { headers: { ...headers, Authorization: `Bearer ${good}` } })).status, 200);
    assert.equal(
      (await fetch(url, { headers: { ...headers, 'User-Agent': '', Authorization: `Bearer ${good}` } })).status,
      400,
      'no User-Agent',
    );
  });

  it('injects service failures on demand (Canvas-style 403 rate limit, then recovers) and reports request cost', async () => {
    const token = await rig.tool.accessToken(canvas.platform, [SCOPES.lineItemReadonly]);
    const url = `${rig.url}/api/lti/courses/101/line_items`;
    const headers = { 'User-Agent': 'x', Authorization: `Bearer ${token}` };
    rig.sandbox.tamper.failServiceCalls = { remaining: 2, status: 403 };
    const first = await fetch(url, { headers });
    assert.equal(first.status, 403);
    assert.match(((await first.json()) as { error_description: string }).error_description, /Rate Limit Exceeded/);
    assert.equal((await rig.tool.requestToken(canvas.platform, [SCOPES.score])).status, 403, 'the token endpoint fails too');
    const ok = await fetch(url, { headers });
    assert.equal(ok.status, 200);
    assert.ok(ok.headers.get('x-request-cost'));
    assert.ok(ok.headers.get('x-rate-limit-remaining'));
  });

  it('expires access tokens after an hour', async () => {
    const token = await rig.tool.accessToken(canvas.platform, [SCOPES.lineItemReadonly]);
    rig.skew.ms = 3601_000;
    const res = await fetch(`${rig.url}/api/lti/courses/101/line_items`, {
      headers: { 'User-Agent': 'x', Authorization: `Bearer ${token}` },
    });
    rig.skew.ms = 0;
    assert.equal(res.status, 401);
  });
});
