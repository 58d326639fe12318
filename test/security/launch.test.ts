/**
 * Launch and login attacks through the real sandbox: token claims (exp, iat, azp), nonce and state
 * single use and binding, observers, launch bodies, operator objects, unknown issuers, and where a
 * login may redirect. Each refusal leaves the database exactly as it was.
 */
import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { launchAs, openDeepLinkPicker } from '../support/factories.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { wasUsed } from '../../src/repositories/usedTokens.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { assertPage, assertRefusedLaunch, tamperedLaunch, unchanged } from './helpers.ts';

const ROLES = 'https://purl.imsglobal.org/spec/lti/claim/roles';

/** Opens the Deep Linking picker as the teacher and returns its ltik (an ltijs session token). */
export async function deepLinkingLtik(flavour: 'canvas' | 'moodle', client = new LtiClient()) {
  const { picker } = await openDeepLinkPicker(flavour, { client });
  const ltik = /name="ltik" value="([^"]+)"/.exec(picker.html)?.[1];
  assert.ok(ltik, 'the picker carries an ltik');
  return ltik;
}

async function send(url: string, init: RequestInit = {}) {
  const res = await fetch(url, { redirect: 'manual', ...init, headers: { Accept: 'text/html', ...(init.headers as object) } });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

describe('security: launch and login', function () {
  this.timeout(60_000);

  describe('token claims', () => {
    it('requires exp', async () => {
      const r = await tamperedLaunch('canvas', {
        tamper: (c) => {
          const claims = { ...c };
          delete claims.exp;
          return { claims };
        },
      });
      assertRefusedLaunch(r, 400, 'missing_claims');
    });
    it('refuses iat in the future beyond the clock skew', async () => {
      const r = await tamperedLaunch('moodle', {
        tamper: (c) => ({ claims: { ...c, iat: Math.floor(Date.now() / 1000) + 120, exp: Math.floor(Date.now() / 1000) + 400 } }),
      });
      assertRefusedLaunch(r, 401, 'expired_token');
    });
    it('refuses an azp that is not the client id', async () => {
      const r = await tamperedLaunch('canvas', { tamper: (c) => ({ claims: { ...c, azp: 'another-client' } }) });
      assertRefusedLaunch(r, 401, 'wrong_audience');
    });
    it('requires azp with several audiences', async () => {
      const r = await tamperedLaunch('moodle', {
        tamper: (c) => {
          const claims: Record<string, unknown> = { ...c, aud: [c.aud as string, 'another-tool'] };
          delete claims.azp;
          return { claims };
        },
      });
      assertRefusedLaunch(r, 401, 'wrong_audience');
    });
  });

  describe('least privilege', () => {
    for (const roles of [
      ['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'],
      ['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor', 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Observer'],
    ]) {
      it(`gives an observer/mentor nothing (${roles.length} role(s)), not the class`, async () => {
        const r = await tamperedLaunch('canvas', {
          tamper: (c) => ({
            claims: { ...c, [ROLES]: roles, 'https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor': ['some-student'] },
          }),
        });
        assertRefusedLaunch(r, 403, 'observer_not_supported');
        assert.ok(!r.url.includes('/teacher'));
      });
    }
  });

  describe('nonce and state', () => {
    it('refuses a nonce that was not issued for this login', async () => {
      const r = await tamperedLaunch('canvas', { tamper: (c) => ({ claims: { ...c, nonce: 'a-fresh-unused-nonce-from-elsewhere' } }) });
      assertRefusedLaunch(r, 400, 'state_mismatch');
    });

    it('refuses a replayed state and cookie after a successful launch, even with an ltik posted alongside', async () => {
      const s = await stack();
      let captured: { url: string; fields: Record<string, string | string[]> } | undefined;
      const first = await launchAs(
        'moodle',
        { student: 2 },
        {
          intercept: (req) => {
            if (req.kind === 'tool-launch') captured = { url: req.url, fields: { ...(req.fields ?? {}) } };
          },
        },
      );
      assert.equal(first.status, 200);
      assert.ok(captured);
      // An ltik from a teacher's Deep Linking page (an existing ltijs session).
      const ltik = await deepLinkingLtik('moodle');
      for (const extra of [{}, { ltik }] as Array<Record<string, string>>) {
        const r = await unchanged(() => first.client.postForm(captured!.url, { ...captured!.fields, ...extra }));
        assert.ok(r.status === 401 || r.status === 400, `replay answered ${r.status}`);
        assert.match(r.html, /data-code="(replayed_nonce|state_mismatch)"/);
      }
      const inner = String(captured.fields.state).split('.')[0];
      assert.ok(await wasUsed(`login-state:${inner}`), 'the state was used up');
      void s;
    });
  });

  describe('launch bodies and parameters', () => {
    it('refuses a JSON launch before any validation or write', async () => {
      const s = await stack();
      const r = await unchanged(() =>
        send(`${s.toolUrl}/lti/launch`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ id_token: 'x.y.z', state: 's' }),
        }),
      );
      assertPage(r, 415, 'launch_not_form');
    });

    it('refuses a malformed JSON body with a short reason, not a 500', async () => {
      const s = await stack();
      const r = await unchanged(() =>
        send(`${s.toolUrl}/lti/deeplink`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"ltik":' }),
      );
      assert.ok(r.status === 415 || r.status === 400, String(r.status));
    });

    it('refuses operator objects in query and body before any lookup (ltijs included)', async () => {
      const s = await stack();
      for (const [url, body] of [
        [`${s.toolUrl}/lti/login?iss[$ne]=x&login_hint=a&target_link_uri=${encodeURIComponent(`${s.toolUrl}/lti/launch`)}`, undefined],
        [`${s.toolUrl}/lti/launch?ltik[$gt]=`, 'state=a'],
        [`${s.toolUrl}/app/activities/000000000000000000000000?s[$ne]=1`, undefined],
      ] as const) {
        const r = await unchanged(() =>
          send(url, body ? { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body } : {}),
        );
        assertPage(r, 400, 'invalid_input');
      }
    });
  });

  describe('login', () => {
    it('answers an unknown issuer with a clear 400 page, writing nothing', async () => {
      const s = await stack();
      const q = new URLSearchParams({ iss: 'https://unknown.example', login_hint: 'x', target_link_uri: `${s.toolUrl}/lti/launch` });
      const r = await unchanged(() => send(`${s.toolUrl}/lti/login?${q}`));
      assertPage(r, 400, 'unknown_platform');
    });

    it('refuses a target link outside Pathwise', async () => {
      const s = await stack();
      const reg = (await Registration.findOne({ issuer: s.sandbox.flavours.canvas.issuer }).lean())!;
      const q = new URLSearchParams({
        iss: reg.issuer,
        client_id: reg.clientId,
        login_hint: 'x',
        target_link_uri: 'https://evil.example/launch',
      });
      const r = await unchanged(() => send(`${s.toolUrl}/lti/login?${q}`));
      assertPage(r, 400, 'bad_login');
    });

    it('redirects only to the registered authorization endpoint, with a nonce bound to the state', async () => {
      const s = await stack();
      const reg = (await Registration.findOne({ issuer: s.sandbox.flavours.moodle.issuer }).lean())!;
      const q = new URLSearchParams({
        iss: reg.issuer,
        client_id: reg.clientId,
        login_hint: 'x',
        target_link_uri: `${s.toolUrl}/lti/launch`,
      });
      const r = await unchanged(() => send(`${s.toolUrl}/lti/login?${q}`));
      assert.equal(r.status, 302, 'the login redirects and writes nothing');
      const to = new URL(r.location!);
      assert.equal(`${to.origin}${to.pathname}`, reg.authEndpoint);
      assert.match(to.searchParams.get('nonce') ?? '', /^[a-f0-9]{32}$/);
      assert.match(to.searchParams.get('state') ?? '', /^[a-f0-9]+\.[\w-]+\.[\w-]+$/, 'the state carries the signed login');
    });
  });
});
