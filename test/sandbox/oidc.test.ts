import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { LtiClient, type StepRequest } from '../support/ltiClient.ts';
import { CLAIMS, useRegisteredRig, type RegisteredTool, type Rig } from './helpers.ts';

describe('sandbox OIDC launch', () => {
  let rig: Rig;
  let canvas: RegisteredTool;
  let moodle: RegisteredTool;
  useRegisteredRig((r) => ({ rig, canvas, moodle } = r));

  function launchUrl(flavour: 'canvas' | 'moodle', who: 'teacher' | 'student' = 'student'): string {
    const info = rig.sandbox.flavours[flavour];
    const userId = who === 'teacher' ? info.teacherId : (info.studentIds[0] ?? '');
    const link = rig.sandbox.resourceLinks(info.courseId)[0];
    return rig.sandbox.launchUrl({ flavour, courseId: info.courseId, userId, resourceLinkId: link?.id });
  }

  /** Rewrites one query parameter of the platform-auth request. */
  function changeAuthParam(name: string, value: string | undefined) {
    return (req: StepRequest): StepRequest | void => {
      if (req.kind !== 'platform-auth') return;
      const u = new URL(req.url);
      if (value === undefined) u.searchParams.delete(name);
      else u.searchParams.set(name, value);
      return { ...req, url: u.toString() };
    };
  }

  it('walks a canvas student launch: form-POST login initiation, auth, signed id_token with every required claim', async () => {
    const client = new LtiClient();
    const before = rig.tool.launches.length;
    const res = await client.launch({ launchUrl: launchUrl('canvas') });
    assert.equal(res.status, 200, res.html);
    assert.deepEqual(
      res.steps.map((s) => `${s.kind} ${s.method} ${s.status}`),
      ['platform-launch GET 200', 'tool-login POST 302', 'platform-auth GET 200', 'tool-launch POST 200'],
    );
    const login = res.steps[1];
    assert.equal(login?.fields?.lti_storage_target, 'post_message_forwarding');
    assert.equal(login?.fields?.iss, canvas.info.issuer);
    assert.equal(login?.fields?.client_id, canvas.reg.clientId);
    assert.equal(login?.fields?.lti_deployment_id, canvas.reg.deploymentIds[0]);
    const student = rig.sandbox.users(canvas.info.courseId).find((u) => u.id === canvas.info.studentIds[0]);
    assert.equal(login?.fields?.login_hint, student?.sub);
    assert.match(res.html, new RegExp(`Hello ${student?.name ?? 'nobody'}`));

    const claims = rig.tool.launches[before] ?? {};
    const idToken = String(res.steps[3]?.fields?.id_token ?? '');
    assert.equal(jwt.decode(idToken, { complete: true })?.header.kid !== undefined, true);
    assert.equal(claims.aud, canvas.reg.clientId);
    assert.equal(claims.azp, canvas.reg.clientId);
    assert.equal(claims.sub, student?.sub);
    assert.equal(claims.email, student?.email);
    assert.equal((claims.exp as number) - (claims.iat as number), 300);
    assert.equal(claims[CLAIMS.messageType], 'LtiResourceLinkRequest');
    assert.equal(claims[CLAIMS.version], '1.3.0');
    assert.equal(claims[CLAIMS.deploymentId], canvas.reg.deploymentIds[0]);
    assert.deepEqual(claims[CLAIMS.roles], [
      'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
      'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
    ]);
    assert.equal((claims[CLAIMS.context] as { title: string }).title, 'Canvas sandbox course');
    assert.equal((claims[CLAIMS.toolPlatform] as { product_family_code: string }).product_family_code, 'canvas');
    assert.equal((claims[CLAIMS.resourceLink] as { id: string }).id, rig.sandbox.resourceLinks(canvas.info.courseId)[0]?.id);
    assert.equal(claims[CLAIMS.targetLinkUri], `${rig.tool.url}/lti/launch`);
    assert.ok(claims[CLAIMS.launchPresentation]);
    assert.ok(claims[CLAIMS.lis]);
    assert.deepEqual(claims[CLAIMS.custom], {
      canvas_user: student?.id,
      person: student?.name,
      Mixed_Key: 'literal',
      unknown: '$Unknown.var',
    });
    const ags = claims[CLAIMS.ags] as { scope: string[]; lineitems: string; lineitem?: string };
    assert.equal(ags.scope.length, 4);
    assert.match(ags.lineitems, /\/api\/lti\/courses\/101\/line_items$/);
    assert.match(ags.lineitem ?? '', /\/api\/lti\/courses\/101\/line_items\/1$/);
    assert.match((claims[CLAIMS.nrps] as { context_memberships_url: string }).context_memberships_url, /names_and_roles$/);
  });

  it('walks a moodle teacher launch: GET login redirect, user id as login_hint and sub, tool type id as deployment', async () => {
    const client = new LtiClient();
    const before = rig.tool.launches.length;
    const res = await client.launch({ launchUrl: launchUrl('moodle', 'teacher') });
    assert.equal(res.status, 200, res.html);
    assert.deepEqual(
      res.steps.map((s) => `${s.kind} ${s.method} ${s.status}`),
      ['platform-launch GET 302', 'tool-login GET 302', 'platform-auth GET 200', 'tool-launch POST 200'],
    );
    const loginUrl = new URL(res.steps[1]?.url ?? '');
    assert.equal(loginUrl.searchParams.get('login_hint'), moodle.info.teacherId);
    assert.equal(loginUrl.searchParams.has('lti_storage_target'), false);
    const claims = rig.tool.launches[before] ?? {};
    assert.equal(claims.iss, `${rig.url}/moodle`);
    assert.equal(claims.sub, moodle.info.teacherId);
    assert.equal(claims[CLAIMS.deploymentId], moodle.reg.toolTypeId);
    assert.deepEqual(claims[CLAIMS.roles], [
      'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
      'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty',
    ]);
    const custom = claims[CLAIMS.custom] as Record<string, string>;
    assert.equal(custom.Mixed_Key, 'literal');
    assert.equal(custom.mixed_key, 'literal');
    assert.equal(custom.canvas_user, '$Canvas.user.id', 'Canvas variables are not substituted by Moodle');
    const ags = claims[CLAIMS.ags] as { lineitems: string; lineitem?: string };
    assert.equal(ags.lineitems, `${rig.url}/moodle/mod/lti/services.php/2/lineitems?type_id=${moodle.reg.toolTypeId}`);
    assert.equal(ags.lineitem, `${rig.url}/moodle/mod/lti/services.php/2/lineitems/2/lineitem?type_id=${moodle.reg.toolTypeId}`);
  });

  const badAuth: [string, string, string | undefined, RegExp][] = [
    ['an unregistered redirect_uri', 'redirect_uri', 'http://localhost:1/evil', /not one of the registered redirect URIs/],
    ['an unknown client_id', 'client_id', 'no-such-client', /is not registered/],
    ['a login_hint of another user', 'login_hint', 'someone-else', /login_hint does not match/],
    ['a forged lti_message_hint', 'lti_message_hint', 'eyJhbGciOiJIUzI1NiJ9.e30.bad', /lti_message_hint was not issued/],
    ['no nonce', 'nonce', undefined, /no nonce/],
    ['response_mode query', 'response_mode', 'query', /response_mode must be form_post/],
    ['no prompt=none', 'prompt', undefined, /no prompt/],
    ['a scope without openid', 'scope', 'profile', /scope must include openid/],
    ['response_type code', 'response_type', 'code', /response_type must be id_token/],
    ['another deployment id', 'lti_deployment_id', '999', /lti_deployment_id does not match/],
  ];
  for (const [what, name, value, message] of badAuth) {
    it(`refuses an authentication request with ${what} (400, nothing posted to the tool)`, async () => {
      const res = await new LtiClient().launch({ launchUrl: launchUrl('canvas'), intercept: changeAuthParam(name, value) });
      assert.equal(res.status, 400);
      assert.match(res.html, message);
      assert.equal(res.steps.at(-1)?.kind, 'platform-auth');
    });
  }

  it('refuses a login hint that expired (older than 5 minutes)', async () => {
    const res = await new LtiClient().launch({
      launchUrl: launchUrl('moodle'),
      intercept: (req) => {
        if (req.kind === 'platform-auth') rig.skew.ms = 6 * 60_000;
      },
    });
    rig.skew.ms = 0;
    assert.equal(res.status, 400);
    assert.match(res.html, /expired/);
  });

  it('refuses a resource link launch for a deep linking request by a student (403)', async () => {
    const info = rig.sandbox.flavours.canvas;
    const url = rig.sandbox.launchUrl({
      flavour: 'canvas',
      courseId: info.courseId,
      userId: info.studentIds[0] ?? '',
      messageType: 'LtiDeepLinkingRequest',
    });
    const res = await new LtiClient().get(url);
    assert.equal(res.status, 403);
  });

  it('applies one-shot tampering: a foreign signature and an expired token are rejected by the tool', async () => {
    rig.sandbox.tamper.nextIdToken = () => ({ signWithForeignKey: true });
    const forged = await new LtiClient().launch({ launchUrl: launchUrl('canvas') });
    assert.equal(forged.status, 401);
    assert.match(forged.html, /invalid signature/);
    rig.sandbox.tamper.nextIdToken = () => ({ expired: true });
    const expired = await new LtiClient().launch({ launchUrl: launchUrl('canvas') });
    assert.match(expired.html, /jwt expired/);
    const normal = await new LtiClient().launch({ launchUrl: launchUrl('canvas') });
    assert.equal(normal.status, 200, 'the hook is cleared after one use');
  });

  it('lets a test change claims of the next id_token', async () => {
    rig.sandbox.tamper.nextIdToken = (claims) => ({ claims: { ...claims, aud: 'someone-else' } });
    const res = await new LtiClient().launch({ launchUrl: launchUrl('moodle') });
    assert.equal(res.status, 401);
    assert.match(res.html, /jwt audience invalid/);
  });

  it('signs forged tokens with the platform key so they verify against its JWKS', async () => {
    const claims = rig.sandbox.launchClaims({
      flavour: 'canvas',
      courseId: '101',
      userId: canvas.info.studentIds[1] ?? '',
      resourceLinkId: rig.sandbox.resourceLinks('101')[0]?.id,
      nonce: 'n-1',
    });
    const token = rig.sandbox.signIdToken('canvas', claims);
    const jwks = (await (await fetch(canvas.info.jwksUri)).json()) as { keys: { kid: string }[] };
    assert.equal(jwt.decode(token, { complete: true })?.header.kid, jwks.keys[0]?.kid);
  });

  it('applies browser cookie rules in the cross-site frame (dropped, partitioned, blocked third-party, new window)', async () => {
    const dropped = await new LtiClient().launch({
      launchUrl: launchUrl('canvas'),
      intercept: (req) => (req.kind === 'tool-launch' ? { ...req, skipCookies: true } : undefined),
    });
    assert.equal(dropped.status, 401);
    assert.match(dropped.html, /state cookie missing/);
    const partitioned = await new LtiClient({ blockThirdPartyCookies: true }).launch({ launchUrl: launchUrl('canvas') });
    assert.equal(partitioned.status, 200, 'a Partitioned cookie survives third-party cookie blocking');
    rig.tool.partitionedCookies = false;
    try {
      const blocked = await new LtiClient({ blockThirdPartyCookies: true }).launch({ launchUrl: launchUrl('canvas') });
      assert.equal(blocked.status, 401, 'an unpartitioned third-party cookie is blocked');
      const allowed = await new LtiClient().launch({ launchUrl: launchUrl('canvas') });
      assert.equal(allowed.status, 200, 'and allowed when third-party cookies are');
      const topLevel = await new LtiClient({ blockThirdPartyCookies: true }).launch({ launchUrl: launchUrl('canvas'), frame: 'top' });
      assert.equal(topLevel.status, 200, 'a new window is first-party');
    } finally {
      rig.tool.partitionedCookies = true;
    }
  });

  it('lets a test replay the same id_token and state (the fake tool refuses the reused state)', async () => {
    const client = new LtiClient();
    const res = await client.launch({ launchUrl: launchUrl('canvas') });
    const launch = res.steps.find((s) => s.kind === 'tool-launch');
    assert.ok(launch?.fields);
    const replay = await client.postForm(launch.url, launch.fields, { sandboxUrl: rig.url });
    assert.equal(replay.status, 401);
  });
});
