import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { unchanged } from '../security/helpers.ts';
import { launchAs } from '../support/factories.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';

describe('LTI endpoints and settings', function () {
  this.timeout(60_000);

  it('answers /health (readiness: the database answers too) and /health/live', async () => {
    const s = await stack();
    const res = await fetch(`${s.toolUrl}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', database: 'ok' });
    const live = await fetch(`${s.toolUrl}/health/live`);
    assert.deepEqual(await live.json(), { status: 'ok' });
  });

  it('publishes a Canvas developer key JSON with the activity, teacher view and Deep Linking placements', async () => {
    const s = await stack();
    const cfg = (await (await fetch(`${s.toolUrl}/lti/config/canvas.json`)).json()) as {
      oidc_initiation_url: string;
      target_link_uri: string;
      public_jwk_url: string;
      scopes: string[];
      extensions: Array<{
        platform: string;
        privacy_level: string;
        settings: { placements: Array<{ placement: string; message_type: string; target_link_uri: string }> };
      }>;
    };
    assert.equal(cfg.oidc_initiation_url, `${s.toolUrl}/lti/login`);
    assert.equal(cfg.target_link_uri, `${s.toolUrl}/lti/launch`);
    assert.equal(cfg.public_jwk_url, `${s.toolUrl}/lti/keys`);
    assert.ok(cfg.scopes.includes('https://purl.imsglobal.org/spec/lti-ags/scope/score'));
    const ext = cfg.extensions[0]!;
    assert.equal(ext.platform, 'canvas.instructure.com');
    assert.equal(ext.privacy_level, 'name_only');
    const byPlacement = new Map(ext.settings.placements.map((p) => [p.placement, p]));
    assert.equal(byPlacement.get('assignment_selection')?.message_type, 'LtiDeepLinkingRequest');
    assert.equal(byPlacement.get('link_selection')?.message_type, 'LtiDeepLinkingRequest');
    assert.equal(byPlacement.get('course_navigation')?.message_type, 'LtiResourceLinkRequest');
  });

  it('sets the login state cookie so it works in a cross-site iframe (SameSite=None; Secure; Partitioned)', async () => {
    let setCookie = '';
    await launchAs(
      'canvas',
      { student: 0 },
      {
        intercept: async (req) => {
          if (req.kind !== 'tool-login') return;
          const body = new URLSearchParams();
          for (const [k, v] of Object.entries(req.fields ?? {})) body.append(k, String(v));
          const res = await fetch(req.url, { method: 'POST', body, redirect: 'manual' });
          setCookie = res.headers.get('set-cookie') ?? '';
        },
      },
    );
    assert.match(setCookie, /^state[0-9a-f]+=/);
    for (const attr of [/SameSite=None/i, /;\s*Secure/i, /;\s*Partitioned/i, /HttpOnly/i]) assert.match(setCookie, attr);
  });

  it('accepts and records a new deployment when the registration allows it', async () => {
    const s = await stack();
    const info = s.sandbox.flavours.canvas;
    const clientId = s.sandbox.registrations().find((r) => r.flavour === 'canvas')!.clientId;
    const deployment = s.sandbox.addDeployment(clientId);
    const refusedBefore = await launchWithDeployment(deployment);
    assert.equal(refusedBefore.status, 403);
    await Registration.updateOne({ issuer: info.issuer, clientId }, { $set: { acceptNewDeployments: true } });
    s.pathwise.lti.registrationsChanged();
    try {
      const r = await launchWithDeployment(deployment);
      assert.equal(r.status, 200, r.html.slice(0, 300));
      const reg = await Registration.findOne({ issuer: info.issuer, clientId }).lean();
      assert.ok(reg?.deploymentIds.includes(deployment), 'the new deployment is recorded');
    } finally {
      await Registration.updateOne({ issuer: info.issuer, clientId }, { $set: { acceptNewDeployments: false } });
      s.pathwise.lti.registrationsChanged();
    }

    async function launchWithDeployment(deploymentId: string) {
      const url = s.sandbox.launchUrl({
        flavour: 'canvas',
        courseId: info.courseId,
        userId: info.studentIds[0]!,
        resourceLinkId: s.sandbox.resourceLinks(info.courseId)[0]!.id,
        clientId,
        deploymentId,
      });
      return new LtiClient().launch({ launchUrl: url, sandboxUrl: s.sandboxUrl });
    }
  });

  it('stores nothing for a login request that lacks its parameters', async () => {
    const s = await stack();
    const res = await unchanged(() =>
      fetch(`${s.toolUrl}/lti/login?iss=${encodeURIComponent(s.sandbox.flavours.canvas.issuer)}`, {
        headers: { Accept: 'text/html' },
      }),
    );
    assert.equal(res.status, 400);
    assert.match(await res.text(), /data-code="bad_login"/);
  });
});
