/**
 * Everything fetched on a platform's word goes through the guarded client, ltijs's own requests
 * included: the platform's JWKS (Pathwise's validator and ltijs's id_token check) and the access
 * token. A platform whose endpoints point at an internal address is refused under the production
 * policy with nothing reaching that address, and works under the development policy (so the
 * sandbox keeps working). And when a platform rotates its key, launches keep working.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { stack } from '../support/stack.ts';
import { launchAs } from '../support/factories.ts';
import { configureOutbound, outboundPolicy, OutboundError, USER_AGENT } from '../../src/lti/http.ts';
import { ltijsUsesGuardedClient } from '../../src/lti/ltijsHttp.ts';
import { SCOPES } from '../../src/lti/index.ts';
import { platformDouble, type PlatformDouble } from './platformDouble.ts';
import { assertPage, unchanged } from './helpers.ts';

/** Production's address rules (http allowed only so the double can speak plain http on 127.0.0.1). */
async function underProductionPolicy<T>(run: () => Promise<T>): Promise<T> {
  const saved = outboundPolicy();
  const s = await stack();
  const release = await s.pathwise.publisher.hold(); // other tests' grades must not meet this policy
  configureOutbound({ ...saved, allowHttp: true, allowPrivate: false, allowHosts: [] });
  try {
    return await run();
  } finally {
    configureOutbound(saved);
    release();
  }
}

describe('security: what ltijs fetches goes through the guarded client', function () {
  this.timeout(60_000);
  let d: PlatformDouble;
  before(async () => {
    d = await platformDouble();
    await d.register();
  });
  after(() => d.close());

  it('replaces ltijs’s own HTTP client: a request it makes to an internal address is refused before connecting', async () => {
    assert.ok(ltijsUsesGuardedClient());
    const got = createRequire(import.meta.url)('ltijs/dist/Utils/Http.js') as { get(u: string): { json(): Promise<unknown> } };
    const before = d.hits.length;
    await underProductionPolicy(() =>
      assert.rejects(got.get(d.jwksUrl).json(), (e: unknown) => e instanceof OutboundError && e.code === 'blocked_address'),
    );
    assert.equal(d.hits.length, before, 'no request reached the internal address');
  });

  it('refuses a launch from a platform whose JWKS is on a loopback address in production, with nothing fetched or written', async () => {
    const before = d.hits.length;
    const r = await underProductionPolicy(() => unchanged(() => d.launch()));
    assertPage(r, 401, 'bad_signature');
    assert.equal(d.hits.length, before, 'no request reached the JWKS address');
  });

  it('refuses to request an access token from a loopback token endpoint in production', async () => {
    const s = await stack();
    const before = d.hits.length;
    const endpoint = { issuer: d.issuer, clientId: d.clientId, tokenEndpoint: d.tokenUrl };
    await underProductionPolicy(() =>
      assert.rejects(s.pathwise.lti.tokens.get(endpoint, SCOPES.score), (e: unknown) => e instanceof OutboundError),
    );
    assert.equal(d.hits.length, before, 'no request reached the token endpoint');
  });

  it('lets the same platform launch under the development policy, and both JWKS fetches (Pathwise’s and ltijs’s) came from the guarded client', async () => {
    const r = await d.launch();
    assert.equal(r.status, 303, r.html.slice(0, 300));
    assert.match(r.location ?? '', /^\/app\//);
    const jwks = d.hits.filter((h) => h.path === '/jwks');
    assert.ok(jwks.length >= 2, `Pathwise’s validator and ltijs each fetched the key set (${jwks.length} fetches)`);
    assert.ok(
      jwks.every((h) => h.userAgent === USER_AGENT),
      `every fetch came from the guarded client: ${jwks.map((h) => h.userAgent).join(', ')}`,
    );
  });
});

describe('security: a platform rotating its signing key', function () {
  this.timeout(60_000);

  it('keeps launches working: Pathwise refetches the JWKS for the new kid (old key published, then retired)', async () => {
    const s = await stack();
    const first = await launchAs('moodle', { student: 1 });
    assert.equal(first.status, 200, 'launch before the rotation');
    const { previousKid, kid } = s.sandbox.rotateKey('moodle');
    assert.notEqual(previousKid, kid);
    const during = await launchAs('moodle', { student: 1 });
    assert.equal(during.status, 200, 'launch signed with the new key while the old one is still published');
    s.sandbox.retirePreviousKeys('moodle');
    const after = await launchAs('moodle', { student: 2 });
    assert.equal(after.status, 200, 'launch after the platform retired its old key');
    const published = (await (await fetch(s.sandbox.flavours.moodle.jwksUri)).json()) as { keys: Array<{ kid: string }> };
    assert.deepEqual(
      published.keys.map((k) => k.kid),
      [kid],
    );
  });
});
