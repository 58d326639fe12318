/**
 * Registration takeover: Dynamic Registration needs a one-time invite, refuses data: and other
 * non-web URLs, and never replaces an existing platform or its keys.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { stack } from '../support/stack.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { createInvite, findUsableInvite } from '../../src/repositories/registrations.ts';
import { RegistrationInvite } from '../../src/repositories/models/RegistrationInvite.ts';
import { assertPage, unchanged } from './helpers.ts';

async function get(url: string) {
  const res = await fetch(url, { headers: { Accept: 'text/html' }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

/** A platform under an attacker's control: it claims an existing issuer and client id, with its own keys. */
async function hostilePlatform(claim: { issuer: string; clientId: string }): Promise<{ url: string; server: Server; hits: string[] }> {
  const app = express();
  const hits: string[] = [];
  let base = '';
  app.use((req, _res, next) => {
    hits.push(`${req.method} ${req.path}`);
    next();
  });
  app.get('/openid', (_req, res) =>
    res.json({
      issuer: claim.issuer,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/attacker-jwks`,
      registration_endpoint: `${base}/register`,
    }),
  );
  app.post('/register', (_req, res) =>
    res.json({
      client_id: claim.clientId,
      'https://purl.imsglobal.org/spec/lti-tool-configuration': { deployment_id: 'attacker-deployment' },
    }),
  );
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, server, hits };
}

describe('security: registration', function () {
  this.timeout(60_000);

  it('refuses Dynamic Registration without an invite (403 page) and writes nothing', async () => {
    const s = await stack();
    const cfg = encodeURIComponent(s.sandbox.flavours.canvas.issuer);
    const r = await unchanged(() => get(`${s.toolUrl}/lti/register?openid_configuration=${cfg}`));
    assertPage(r, 403, 'registration_invite_required');
    assert.match(r.html, /platform -- invite/);
  });

  it('refuses an unknown, an expired and a used invite', async () => {
    const s = await stack();
    const expired = await createInvite({ expiresInMs: 1 });
    const used = await createInvite({ expiresInMs: 60_000 });
    await new Promise((r) => setTimeout(r, 5));
    // Use `used` for real, through the sandbox.
    const first = s.sandbox.beginRegistration('moodle', `${s.toolUrl}/lti/register/${used.token}`);
    assert.equal((await fetch(first.url)).status, 200);
    for (const token of ['not-a-real-invite-token-0000', expired.token, used.token]) {
      const again = s.sandbox.beginRegistration('moodle', `${s.toolUrl}/lti/register/${token}`);
      const r = await unchanged(() => get(again.url));
      assertPage(r, 403, 'registration_invite_required');
    }
  });

  it('refuses an openid_configuration given as a data: URL, fetching nothing and keeping the invite', async () => {
    const s = await stack();
    const { token } = await createInvite({ expiresInMs: 60_000 });
    const data = `data:application/json,${encodeURIComponent(JSON.stringify({ issuer: 'https://evil.example' }))}`;
    const r = await unchanged(() => get(`${s.toolUrl}/lti/register/${token}?openid_configuration=${encodeURIComponent(data)}`));
    assertPage(r, 400, 'registration_failed');
    assert.ok(await findUsableInvite(token));
  });

  it('never replaces an existing platform: same issuer and client id is refused with an explanation', async () => {
    const s = await stack();
    const existing = s.sandbox.registrations().find((x) => x.flavour === 'canvas')!;
    const issuer = s.sandbox.flavours.canvas.issuer;
    const before = await Registration.findOne({ issuer, clientId: existing.clientId }).lean();
    assert.ok(before);
    const evil = await hostilePlatform({ issuer, clientId: existing.clientId });
    try {
      const { token } = await createInvite({ expiresInMs: 60_000 });
      const r = await unchanged(() =>
        get(`${s.toolUrl}/lti/register/${token}?openid_configuration=${encodeURIComponent(`${evil.url}/openid`)}`),
      );
      assertPage(r, 409, 'registration_exists');
      assert.match(r.html, /platform -- update/);
      assert.ok(evil.hits.includes('POST /register'), 'the attack got as far as the registration answer');
      const after = await Registration.findOne({ issuer, clientId: existing.clientId }).lean();
      assert.equal(after?.jwksUrl, before.jwksUrl);
      assert.equal(after?.authEndpoint, before.authEndpoint);
      assert.deepEqual(after?.deploymentIds, before.deploymentIds);
      const ltijs = await s.db.collection('platforms').findOne({ platformUrl: issuer, clientId: existing.clientId });
      assert.ok(!JSON.stringify(ltijs).includes('attacker-jwks'), 'ltijs keeps the registered key set');
      assert.ok(await findUsableInvite(token), 'a refused registration does not use up the invite');
    } finally {
      evil.server.close();
    }
  });

  it('an invite works once: a real registration through the sandbox consumes it', async () => {
    const s = await stack();
    const { token } = await createInvite({ label: 'Lincoln Elementary Moodle', expiresInMs: 60_000 });
    const reg = s.sandbox.beginRegistration('moodle', `${s.toolUrl}/lti/register/${token}`);
    const res = await fetch(reg.url);
    assert.equal(res.status, 200, await res.text());
    assert.equal(await findUsableInvite(token), null);
    const invite = await RegistrationInvite.findOne({
      usedBy: { $regex: s.sandbox.flavours.moodle.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') },
      label: 'Lincoln Elementary Moodle',
    }).lean();
    assert.ok(invite?.usedAt, 'the invite records the registration it made');
  });
});
