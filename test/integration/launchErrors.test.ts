import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { launchAs, personOf } from '../support/factories.ts';
import { assertRefusedLaunch, tamperedLaunch, unchanged } from '../security/helpers.ts';

const faultyLaunch = tamperedLaunch;

/** A refused launch: the error page with its code, said aloud (role=alert), and nothing stored. */
function assertRefused(r: Parameters<typeof assertRefusedLaunch>[0], status: number, code: string) {
  assertRefusedLaunch(r, status, code);
  assert.match(r.html, /role="alert"/);
}

describe('refused launches', function () {
  this.timeout(60_000);

  for (const flavour of ['canvas', 'moodle'] as const) {
    describe(`${flavour} flavour`, () => {
      it('refuses a launch from a client id that is not registered', async () => {
        const r = await faultyLaunch(flavour, {
          tamper: (c) => ({ claims: { ...c, aud: 'not-a-registered-client', azp: 'not-a-registered-client' } }),
        });
        assertRefused(r, 400, 'unknown_platform');
        assert.match(r.html, /administrator should register Pathwise/);
      });

      it('refuses a launch signed with a key the platform does not publish', async () => {
        assertRefused(await faultyLaunch(flavour, { tamper: () => ({ signWithForeignKey: true }) }), 401, 'bad_signature');
      });

      it('refuses an expired launch', async () => {
        assertRefused(await faultyLaunch(flavour, { tamper: () => ({ expired: true }) }), 401, 'expired_token');
      });

      it('refuses a launch addressed to another audience', async () => {
        const r = await faultyLaunch(flavour, { tamper: (c) => ({ claims: { ...c, aud: ['some-other-tool'], azp: c.aud } }) });
        assertRefused(r, 401, 'wrong_audience');
      });

      it('refuses a launch without the claims Pathwise needs, naming them', async () => {
        const r = await faultyLaunch(flavour, {
          tamper: (c) => {
            const claims = { ...c };
            delete claims['https://purl.imsglobal.org/spec/lti/claim/roles'];
            return { claims };
          },
        });
        assertRefused(r, 400, 'missing_claims');
        assert.match(r.html, /roles/);
      });

      it('refuses a launch whose state was not issued by Pathwise', async () => {
        const r = await faultyLaunch(flavour, {
          intercept: (req) => (req.kind === 'tool-launch' ? { ...req, fields: { ...req.fields, state: 'forged-state-value' } } : undefined),
        });
        assertRefused(r, 400, 'state_mismatch');
      });

      it('refuses a launch from an unknown deployment', async () => {
        const r = await faultyLaunch(flavour, {
          tamper: (c) => ({ claims: { ...c, 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'deployment-nobody-added' } }),
        });
        assertRefused(r, 403, 'unknown_deployment');
        assert.match(r.html, /deployment/);
      });

      it('explains blocked cookies and offers to open Pathwise in a new window', async () => {
        const r = await faultyLaunch(flavour, {
          intercept: (req) => (req.kind === 'tool-launch' ? { ...req, skipCookies: true } : undefined),
        });
        assertRefused(r, 400, 'cookies_blocked');
        const link = /href="([^"]+)" target="_blank"/.exec(r.html)?.[1];
        assert.ok(link, 'a new-window link is offered');
        assert.match(link.replace(/&amp;/g, '&'), /\/lti\/login\?.*login_hint=/);
      });
    });
  }

  it('refuses a replayed launch (the same id_token twice)', async () => {
    const s = await stack();
    let replay: { url: string; fields: Record<string, string | string[]> } | undefined;
    const first = await launchAs(
      'canvas',
      { student: 1 },
      {
        intercept: (req) => {
          if (req.kind === 'tool-launch') replay = { url: req.url, fields: { ...(req.fields ?? {}) } };
        },
      },
    );
    assert.equal(first.status, 200);
    assert.ok(replay);
    const again = await unchanged(() => first.client.postForm(replay!.url, replay!.fields, { sandboxUrl: s.sandboxUrl }));
    assert.equal(again.status, 401);
    assert.match(again.html, /data-code="replayed_nonce"/);
  });
});

describe('refused page requests', function () {
  this.timeout(60_000);

  /** Requests `url` and checks the refusal (status, error code) left the database as it was. */
  async function assertRefusedGet(client: Awaited<ReturnType<typeof launchAs>>['client'], url: string, status: number, code?: string) {
    const s = await stack();
    const res = await unchanged(() => client.get(url, { sandboxUrl: s.sandboxUrl }));
    assert.equal(res.status, status);
    if (code) assert.match(res.html, new RegExp(`data-code="${code}"`));
    return res;
  }

  it('refuses a tampered session token', async () => {
    const r = await launchAs('canvas', { student: 0 });
    const url = new URL(r.url);
    const token = url.searchParams.get('s')!;
    const [h, p] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.r = 'instructor';
    url.searchParams.set('s', `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${token.split('.')[2]}`);
    await assertRefusedGet(r.client, url.toString(), 401, 'session_expired');
  });

  it('refuses a student opening the teacher page', async () => {
    const s = await stack();
    const r = await launchAs('moodle', { student: 0 });
    const token = new URL(r.url).searchParams.get('s')!;
    const courseId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).c as string;
    await assertRefusedGet(r.client, `${s.toolUrl}/app/courses/${courseId}/teacher?s=${encodeURIComponent(token)}`, 403, 'forbidden');
  });

  it('refuses a session of one course used on another course’s activity', async () => {
    const s = await stack();
    const moodle = await launchAs('moodle', { student: 0 });
    const moodleActivity = /\/app\/activities\/([a-f0-9]{24})/.exec(moodle.url)![1];
    const canvas = await launchAs('canvas', { student: 0 });
    const canvasToken = new URL(canvas.url).searchParams.get('s')!;
    const res = await assertRefusedGet(
      canvas.client,
      `${s.toolUrl}/app/activities/${moodleActivity}?s=${encodeURIComponent(canvasToken)}`,
      404,
      'not_found',
    );
    const { user } = await personOf('canvas', { student: 0 });
    assert.ok(!res.html.includes(user.name));
  });
});
