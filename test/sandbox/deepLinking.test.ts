import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LtiClient } from '../support/ltiClient.ts';
import { CLAIMS, useRegisteredRig, type RegisteredTool, type Rig } from './helpers.ts';

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

describe('sandbox Deep Linking', () => {
  let rig: Rig;
  let canvas: RegisteredTool;
  let moodle: RegisteredTool;
  useRegisteredRig((r) => ({ rig, canvas, moodle } = r));

  /** Launches a Deep Linking request as the teacher; returns the verified claims. */
  async function dlLaunch(flavour: 'canvas' | 'moodle'): Promise<Record<string, unknown>> {
    const info = rig.sandbox.flavours[flavour];
    const res = await new LtiClient().launch({
      launchUrl: rig.sandbox.launchUrl({ flavour, courseId: info.courseId, userId: info.teacherId, messageType: 'LtiDeepLinkingRequest' }),
    });
    assert.equal(res.status, 200, res.html);
    return rig.tool.launches.at(-1) ?? {};
  }

  function returnUrl(claims: Record<string, unknown>): string {
    return (claims[CLAIMS.dlSettings] as { deep_link_return_url: string }).deep_link_return_url;
  }

  it('sends a deep linking request with the settings the tool needs and no resource link', async () => {
    const claims = await dlLaunch('canvas');
    assert.equal(claims[CLAIMS.messageType], 'LtiDeepLinkingRequest');
    assert.equal(claims[CLAIMS.resourceLink], undefined);
    const settings = claims[CLAIMS.dlSettings] as Record<string, unknown>;
    assert.deepEqual(settings.accept_types, ['ltiResourceLink']);
    assert.deepEqual(settings.accept_presentation_document_targets, ['iframe', 'window']);
    assert.equal(settings.accept_lineitem, true);
    assert.equal(typeof settings.data, 'string');
    assert.match(String(settings.deep_link_return_url), /\/courses\/101\/deep_linking_response$/);
  });

  for (const flavour of ['canvas', 'moodle'] as const) {
    it(`creates ${flavour} resource links and line items from a verified response`, async () => {
      const claims = await dlLaunch(flavour);
      const p = flavour === 'canvas' ? canvas.platform : moodle.platform;
      const courseId = rig.sandbox.flavours[flavour].courseId;
      const token = rig.tool.signDeepLinkingResponse(p, claims, [
        {
          type: 'ltiResourceLink',
          title: 'Fractions practice',
          url: `${rig.tool.url}/lti/launch?activity=fractions`,
          custom: { unit: 'fractions' },
          lineItem: { scoreMaximum: 20, label: 'Fractions', tag: 'pathwise' },
        },
        { type: 'ltiResourceLink', title: 'Warm-up' },
      ]);
      const res = await new LtiClient().postForm(returnUrl(claims), { JWT: token });
      assert.equal(res.status, 200, res.html);
      assert.match(res.html, /2 activities added/);
      const links = rig.sandbox.resourceLinks(courseId).filter((l) => l.title === 'Fractions practice' || l.title === 'Warm-up');
      assert.equal(links.length, 2);
      const fractions = links.find((l) => l.title === 'Fractions practice');
      assert.deepEqual(fractions?.custom, { unit: 'fractions' });
      const li = rig.sandbox.lineItems(courseId).find((l) => l.resourceLinkId === fractions?.id);
      assert.equal(li?.scoreMaximum, 20);
      assert.equal(li?.tag, 'pathwise');
      const launch = await new LtiClient().launch({
        launchUrl: rig.sandbox.launchUrl({
          flavour,
          courseId,
          userId: rig.sandbox.flavours[flavour].studentIds[0] ?? '',
          resourceLinkId: fractions?.id,
        }),
      });
      assert.equal(launch.status, 200);
      const launched = rig.tool.launches.at(-1) ?? {};
      assert.equal(launched[CLAIMS.targetLinkUri], `${rig.tool.url}/lti/launch?activity=fractions`);
      assert.equal((launched[CLAIMS.custom] as Record<string, string>).unit, 'fractions');
      assert.ok((launched[CLAIMS.ags] as { lineitem?: string }).lineitem);
    });
  }

  const bad: [string, (claims: Record<string, unknown>) => string, RegExp][] = [
    [
      'a changed data claim',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { [`${DL}data`]: 'tampered' }),
      /data claim was not echoed/,
    ],
    [
      'no data claim',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { [`${DL}data`]: undefined }),
      /data claim of the request was not echoed/,
    ],
    [
      'a wrong audience',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { aud: 'https://elsewhere.example' }),
      /audience invalid/,
    ],
    ['no nonce', (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { nonce: undefined }), /no nonce/],
    ['an expired token', (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { iat: 1000, exp: 2000 }), /expired/],
    [
      'another deployment',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { [CLAIMS.deploymentId]: 'other' }),
      /deployment_id/,
    ],
    [
      'a wrong message type',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { [CLAIMS.messageType]: 'LtiResourceLinkRequest' }),
      /message_type/,
    ],
    ['a wrong version', (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [], { [CLAIMS.version]: '1.1' }), /version/],
    [
      'a null field',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [{ type: 'ltiResourceLink', title: 'x', text: null }]),
      /is null/,
    ],
    [
      'a non-string custom value',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [{ type: 'ltiResourceLink', custom: { n: 3 } }]),
      /custom values must be strings/,
    ],
    [
      'an unaccepted item type',
      (c) => rig.tool.signDeepLinkingResponse(canvas.platform, c, [{ type: 'file', url: 'http://localhost/x.pdf' }]),
      /not one of the accepted/,
    ],
    [
      'a signature by an unknown key',
      (c) => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const payload = jwt.decode(rig.tool.signDeepLinkingResponse(canvas.platform, c, [])) as Record<string, unknown>;
        return jwt.sign(payload, privateKey, { algorithm: 'RS256', keyid: rig.tool.kid });
      },
      /invalid signature/,
    ],
  ];
  for (const [what, sign, message] of bad) {
    it(`rejects a response with ${what} and creates nothing`, async () => {
      const claims = await dlLaunch('canvas');
      const count = rig.sandbox.resourceLinks('101').length;
      const res = await new LtiClient().postForm(returnUrl(claims), { JWT: sign(claims) });
      assert.equal(res.status, 400);
      assert.match(res.html, message);
      assert.equal(rig.sandbox.resourceLinks('101').length, count);
    });
  }

  it('refuses a line item when the request did not accept line items, and a second answer to one request', async () => {
    rig.sandbox.settings.deepLinking.moodle.acceptLineItem = false;
    const claims = await dlLaunch('moodle');
    rig.sandbox.settings.deepLinking.moodle.acceptLineItem = true;
    const withLineItem = rig.tool.signDeepLinkingResponse(moodle.platform, claims, [
      { type: 'ltiResourceLink', title: 'G', lineItem: { scoreMaximum: 1 } },
    ]);
    assert.equal((await new LtiClient().postForm(returnUrl(claims), { JWT: withLineItem })).status, 400);
    const ok = rig.tool.signDeepLinkingResponse(moodle.platform, claims, [{ type: 'ltiResourceLink', title: 'Once' }]);
    assert.equal((await new LtiClient().postForm(returnUrl(claims), { JWT: ok })).status, 200);
    const again = rig.tool.signDeepLinkingResponse(moodle.platform, claims, [{ type: 'ltiResourceLink', title: 'Twice' }]);
    const res = await new LtiClient().postForm(returnUrl(claims), { JWT: again });
    assert.equal(res.status, 400);
    assert.match(res.html, /already answered/);
  });
});
