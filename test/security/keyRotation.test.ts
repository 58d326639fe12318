/**
 * Rotating Pathwise's own signing keys (`npm run platform -- rotate-keys`): the new key is
 * published next to the old one, new signatures use it, the old one is retired later; the
 * sandbox LMS verifies client assertions (access tokens) and Deep Linking answers over real HTTP
 * against /lti/keys before, during and after the rotation.
 */
import assert from 'node:assert/strict';
import jwt from 'jsonwebtoken';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { stack } from '../support/stack.ts';
import { platformCli } from '../support/cli.ts';
import { openDeepLinkPicker, ownCourse } from '../support/factories.ts';
import { SCOPES } from '../../src/lti/index.ts';
import { listToolKeys, retireToolKeys } from '../../src/lti/toolKeys.ts';

async function published(): Promise<Array<JsonWebKey & { kid: string }>> {
  const s = await stack();
  return ((await (await fetch(`${s.toolUrl}/lti/keys`)).json()) as { keys: Array<JsonWebKey & { kid: string }> }).keys;
}

/**
 * Verifies a JWT of Pathwise against the key set it publishes now (as a platform that fetched it
 * afresh would), at the moment it was signed: the token's own lifetime may have run out while the
 * rotation command ran (a minute on a busy machine), and the question here is the key.
 */
async function verifiesNow(token: string): Promise<boolean> {
  const decoded = jwt.decode(token, { complete: true });
  const jwk = (await published()).find((k) => k.kid === decoded?.header.kid);
  if (!jwk) return false;
  const iat = (decoded?.payload as { iat?: number } | undefined)?.iat;
  jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), { algorithms: ['RS256'], ...(iat ? { clockTimestamp: iat } : {}) });
  return true;
}

const kidOf = (token: string) => jwt.decode(token, { complete: true })?.header.kid;

/** A Deep Linking round trip in a course of the test's own: the sandbox verifies the signed answer and creates the link. */
async function deepLink(title: string): Promise<void> {
  const s = await stack();
  const own = await ownCourse('canvas');
  const before = s.sandbox.resourceLinks(own.course.id).length;
  const { client, form, action, skill } = await openDeepLinkPicker('canvas', { courseId: own.course.id, userId: own.member('teacher').id });
  assert.ok(form && skill, 'the teacher sees the activity picker');
  const posted = await client.postForm(action, { ...form.fields, title, skills: skill }, { sandboxUrl: s.sandboxUrl });
  const back = await client.follow(posted, { sandboxUrl: s.sandboxUrl });
  assert.equal(back.status, 200, `the LMS accepted the signed Deep Linking answer: ${back.html.slice(0, 200)}`);
  assert.equal(s.sandbox.resourceLinks(own.course.id).length, before + 1);
}

describe('security: rotating Pathwise’s signing keys', function () {
  this.timeout(120_000);

  it('keeps the LMS verifying access-token assertions and Deep Linking answers before, during and after a rotation', async () => {
    const s = await stack();
    const { tokens, toolKeys } = s.pathwise.lti;
    const reg = s.sandbox.registrations().find((r) => r.flavour === 'canvas')!;
    const endpoint = {
      issuer: s.sandbox.flavours.canvas.issuer,
      clientId: reg.clientId,
      tokenEndpoint: s.sandbox.flavours.canvas.tokenEndpoint,
    };
    /** A new access token: the sandbox verifies the assertion against Pathwise's JWKS. */
    const freshToken = async () => {
      await tokens.drop(endpoint, SCOPES.score);
      return tokens.get(endpoint, SCOPES.score);
    };

    // Before
    const k1 = (await toolKeys.signingKey()).kid;
    assert.ok((await freshToken()).access_token);
    await deepLink('Before the rotation');
    const signedBefore = await tokens.assertion(endpoint);
    assert.equal(kidOf(signedBefore), k1);

    // Rotate (the operator's command, in its own process)
    const rotated = await platformCli(['rotate-keys', '--grace', '1h']);
    assert.equal(rotated.code, 0, rotated.stderr);
    const k2 = /new signing key (\S+)/.exec(rotated.stdout)?.[1];
    assert.ok(k2 && k2 !== k1, rotated.stdout);
    assert.match(rotated.stderr, new RegExp(`${k1}.*stays published until`));
    toolKeys.changed(); // running instances pick the new key up within SIGNER_CACHE_MS; this one now

    // During: both keys published, new signatures use the new key, old ones still verify
    assert.deepEqual(
      (await published())
        .map((k) => k.kid)
        .filter((k) => k === k1 || k === k2)
        .sort(),
      [k1, k2].sort(),
    );
    assert.equal(kidOf(await tokens.assertion(endpoint)), k2);
    assert.ok((await freshToken()).access_token, 'the LMS verifies an assertion signed with the new key');
    await deepLink('During the rotation');
    assert.ok(await verifiesNow(signedBefore), 'a message signed just before the rotation still verifies');

    // Retire: keys replaced too recently (an instance may still sign with them) are kept, then retired
    const early = await retireToolKeys({ minSupersededMs: 10 * 60_000 });
    assert.deepEqual(early.retired, []);
    assert.deepEqual(
      early.tooRecent.map((k) => k.kid),
      [k1],
    );
    assert.ok(
      (await published()).some((k) => k.kid === k1),
      'the early retire kept the old key',
    );
    const { retired } = await retireToolKeys({ minSupersededMs: 0 });
    assert.deepEqual(retired, [k1]);

    // After
    const keysAfter = (await published()).map((k) => k.kid);
    assert.ok(keysAfter.includes(k2) && !keysAfter.includes(k1), `published after retiring: ${keysAfter.join(', ')}`);
    assert.ok((await freshToken()).access_token);
    await deepLink('After the rotation');
    assert.equal(await verifiesNow(signedBefore), false, 'the retired key no longer verifies anything');
    assert.deepEqual(
      (await listToolKeys()).map((k) => [k.kid, k.state]),
      [[k2, 'signing']],
    );
  });
});
