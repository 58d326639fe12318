import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { createInvite, findUsableInvite } from '../../src/repositories/registrations.ts';

describe('Dynamic Registration with the sandbox LMS', function () {
  this.timeout(60_000);

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`registers Pathwise with the ${flavour} flavour and records its deployment and granted scopes`, async () => {
      const s = await stack();
      const info = s.sandbox.flavours[flavour];
      const onPlatform = s.sandbox.registrations().filter((r) => r.flavour === flavour);
      assert.equal(onPlatform.length, 1);
      const platformSide = onPlatform[0]!;
      assert.equal(platformSide.initiateLoginUri, `${s.toolUrl}/lti/login`);
      assert.deepEqual(platformSide.redirectUris, [`${s.toolUrl}/lti/launch`]);
      assert.equal(platformSide.jwksUri, `${s.toolUrl}/lti/keys`);

      const ours = await Registration.findOne({ issuer: info.issuer, clientId: platformSide.clientId }).lean();
      assert.ok(ours, 'Pathwise stored the registration');
      assert.deepEqual(ours.deploymentIds, platformSide.deploymentIds);
      assert.equal(ours.productFamily, info.productFamilyCode);
      assert.deepEqual([...ours.scopesGranted].sort(), [...platformSide.scopes].sort());
      const ltijsPlatform = await s.db.collection('platforms').findOne({ platformUrl: info.issuer, clientId: platformSide.clientId });
      assert.ok(ltijsPlatform, 'ltijs knows the platform for its keys and tokens');
    });
  }

  it('serves a JWKS with the tool’s signing key (RSA, with a kid), and no private part', async () => {
    const s = await stack();
    const res = await fetch(`${s.toolUrl}/lti/keys`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { keys: Array<Record<string, unknown>> };
    const signing = await s.pathwise.lti.toolKeys.signingKey();
    assert.ok(body.keys.some((k) => k.kid === signing.kid));
    assert.ok(body.keys.every((k) => k.kty === 'RSA' && k.kid && k.alg === 'RS256' && k.d === undefined));
  });

  it('explains what to do when the registration page is opened without a configuration URL', async () => {
    const s = await stack();
    const { token } = await createInvite({ expiresInMs: 60_000 });
    const res = await fetch(`${s.toolUrl}/lti/register/${token}`, { headers: { Accept: 'text/html' } });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /openid_configuration/);
    assert.ok(await findUsableInvite(token), 'a registration that did not start leaves its invite usable');
  });
});
