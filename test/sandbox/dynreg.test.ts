import assert from 'node:assert/strict';
import { LtiClient } from '../support/ltiClient.ts';
import { SCOPES, startRig, type Rig } from './helpers.ts';

const TOOL_CONFIG = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

describe('sandbox Dynamic Registration', () => {
  let rig: Rig;

  before(async () => {
    rig = await startRig();
  });
  after(async () => rig.close());
  afterEach(() => {
    rig.tool.registrationOverrides = undefined;
    rig.sandbox.settings.deniedScopes.canvas = [];
  });

  async function register(flavour: 'canvas' | 'moodle'): Promise<{ status: number; html: string }> {
    const start = rig.sandbox.beginRegistration(flavour, `${rig.tool.url}/lti/register`);
    return new LtiClient().get(start.url);
  }

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`registers a tool with the ${flavour} flavour and then launches it`, async () => {
      const before = rig.sandbox.registrations().length;
      const res = await register(flavour);
      assert.equal(res.status, 200, res.html);
      assert.match(res.html, /org\.imsglobal\.lti\.close/);
      const reg = rig.sandbox.registrations()[before];
      assert.equal(reg?.flavour, flavour);
      assert.equal(reg?.via, 'dynamic');
      assert.equal(reg?.jwksUri, `${rig.tool.url}/lti/keys`);
      const answer = rig.tool.lastRegistration ?? {};
      assert.equal(answer.client_id, reg?.clientId);
      const deployment = (answer[TOOL_CONFIG] as { deployment_id: string }).deployment_id;
      assert.equal(deployment, reg?.deploymentIds[0]);
      if (flavour === 'moodle') assert.equal(deployment, reg?.toolTypeId);
      const info = rig.sandbox.flavours[flavour];
      const launch = await new LtiClient().launch({
        launchUrl: rig.sandbox.launchUrl({
          flavour,
          courseId: info.courseId,
          userId: info.studentIds[0] ?? '',
          resourceLinkId: rig.sandbox.resourceLinks(info.courseId)[0]?.id,
          clientId: reg?.clientId,
        }),
      });
      assert.equal(launch.status, 200, launch.html);
    });
  }

  it('publishes an openid configuration with the platform configuration block', async () => {
    const res = await fetch(rig.sandbox.flavours.canvas.openidConfigurationUrl);
    const config = (await res.json()) as Record<string, unknown>;
    assert.equal(config.issuer, rig.sandbox.flavours.canvas.issuer);
    const platform = config['https://purl.imsglobal.org/spec/lti-platform-configuration'] as {
      product_family_code: string;
      messages_supported: { type: string }[];
      variables: string[];
    };
    assert.equal(platform.product_family_code, 'canvas');
    assert.deepEqual(
      platform.messages_supported.map((m) => m.type),
      ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'],
    );
    assert.ok(platform.variables.includes('$Canvas.user.id'));
  });

  it('refuses a bad registration token on the configuration and the registration endpoint', async () => {
    const bad = await fetch(rig.sandbox.flavours.moodle.openidConfigurationUrl, { headers: { Authorization: 'Bearer wrong' } });
    assert.equal(bad.status, 401);
    const post = await fetch(rig.sandbox.flavours.moodle.registrationEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer wrong', 'User-Agent': 't' },
      body: '{}',
    });
    assert.equal(post.status, 401);
  });

  it('accepts a registration token only once', async () => {
    const start = rig.sandbox.beginRegistration('canvas', `${rig.tool.url}/lti/register`);
    assert.equal((await new LtiClient().get(start.url)).status, 200);
    const again = await new LtiClient().get(start.url);
    assert.equal(again.status, 502);
    assert.match(again.html, /invalid_token/);
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['application_type native', { application_type: 'native' }],
    ['response_types code', { response_types: ['code'] }],
    ['grant_types without client_credentials', { grant_types: ['implicit'] }],
    ['no jwks_uri', { jwks_uri: undefined }],
    ['no initiate_login_uri', { initiate_login_uri: undefined }],
    ['empty redirect_uris', { redirect_uris: [] }],
    ['token_endpoint_auth_method client_secret_basic', { token_endpoint_auth_method: 'client_secret_basic' }],
    ['no tool configuration target_link_uri', { [TOOL_CONFIG]: { domain: 'localhost' } }],
    ['a null logo_uri', { logo_uri: null }],
  ];
  for (const [what, overrides] of invalid) {
    it(`refuses client metadata with ${what} (400 invalid_client_metadata, nothing registered)`, async () => {
      rig.tool.registrationOverrides = overrides;
      const before = rig.sandbox.registrations().length;
      const res = await register('moodle');
      assert.equal(res.status, 502);
      assert.equal(rig.tool.lastRegistration?.error, 'invalid_client_metadata');
      assert.equal(rig.sandbox.registrations().length, before);
    });
  }

  it('lets the canvas admin narrow the scopes, and the answer shows what was granted', async () => {
    rig.sandbox.settings.deniedScopes.canvas = [SCOPES.lineItem];
    const res = await register('canvas');
    assert.equal(res.status, 200);
    const granted = String(rig.tool.lastRegistration?.scope).split(' ');
    assert.equal(granted.includes(SCOPES.lineItem), false);
    assert.equal(granted.includes(SCOPES.score), true);
    assert.equal(rig.sandbox.registrations().at(-1)?.requestedScopes.includes(SCOPES.lineItem), true);
  });

  it('serves an admin registration page that frames the tool and listens for org.imsglobal.lti.close', async () => {
    const page = await new LtiClient().get(
      `${rig.url}/admin/register?flavour=moodle&url=${encodeURIComponent(`${rig.tool.url}/lti/register`)}`,
    );
    assert.equal(page.status, 200);
    const src = /<iframe class="registration" src="([^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const u = new URL(src);
    assert.equal(u.searchParams.get('openid_configuration'), rig.sandbox.flavours.moodle.openidConfigurationUrl);
    assert.ok(u.searchParams.get('registration_token'));
    assert.match(page.html, /org\.imsglobal\.lti\.close/);
    assert.equal((await new LtiClient().get(src)).status, 200, 'the token minted by the page works');
  });
});
