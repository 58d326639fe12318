/**
 * Cookieless launch over HTTP (the browser run is cookielessBrowser.test.ts): a login announced
 * with `lti_storage_target` in a frame stores the state and nonce in the platform's storage frame;
 * a launch that lost its state cookie reads them back and completes, once, and only with the
 * values of its own login.
 */
import assert from 'node:assert/strict';
import { decodeEntities, LtiClient, type HttpResult, type StepRequest } from '../support/ltiClient.ts';
import { ownCourse } from '../support/factories.ts';
import { stack } from '../support/stack.ts';
import { assertPage, unchanged } from '../security/helpers.ts';

interface Entry {
  key: string;
  value?: string;
  field?: string;
}

const attr = (html: string, name: string) => decodeEntities(new RegExp(`${name}="([^"]*)"`).exec(html)?.[1] ?? '');

/** In a frame of the course page; the tool's cookies never come back (a browser that blocks them all). */
const inFrameWithoutCookies = (req: StepRequest): StepRequest | void => {
  if (req.kind === 'tool-login') return { ...req, headers: { ...req.headers, 'Sec-Fetch-Dest': 'iframe' } };
  if (req.kind === 'tool-launch') return { ...req, skipCookies: true };
};

/** A login through the storage page, up to the launch page that reads the storage. */
async function storedLogin(c: Awaited<ReturnType<typeof ownCourse>>, student: number) {
  const s = await stack();
  const client = new LtiClient();
  const login = await c.launch({ student }, { client, intercept: inFrameWithoutCookies });
  assert.equal(login.status, 200, login.html.slice(0, 300));
  assert.equal(attr(login.html, 'data-mode'), 'put', 'the login answers with the storage page');
  assert.equal(attr(login.html, 'data-target'), 'post_message_forwarding');
  assert.equal(attr(login.html, 'data-origin'), new URL(s.sandboxUrl).origin);
  const stored = JSON.parse(attr(login.html, 'data-entries')) as Entry[];
  const auth = await client.get(attr(login.html, 'data-continue'), { sandboxUrl: s.sandboxUrl });
  const relay = await client.follow(auth, { sandboxUrl: s.sandboxUrl, intercept: inFrameWithoutCookies });
  const launchStep = relay.steps.at(-1)!;
  assert.equal(launchStep.kind, 'tool-launch');
  const state = launchStep.fields!.state as string;
  const idToken = launchStep.fields!.id_token as string;
  const nonce = (JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as { nonce: string }).nonce;
  assert.deepEqual(
    stored.map((e) => e.key),
    // The state's key is its short random part (platforms limit key sizes); the value binds the whole state.
    [`state_${state.split('.')[0]}`, `nonce_${nonce}`],
  );
  return { client, relay, state, idToken, stored };
}

async function complete(client: LtiClient, fields: Record<string, string>): Promise<HttpResult> {
  const s = await stack();
  return client.send(
    { kind: 'tool-launch', method: 'POST', url: `${s.toolUrl}/lti/launch`, fields, skipCookies: true },
    { sandboxUrl: s.sandboxUrl },
  );
}

describe('cookieless launch through the platform storage (interop)', function () {
  this.timeout(60_000);

  it('reads the state and nonce back from the storage frame and completes the launch, once', async () => {
    const s = await stack();
    const c = await ownCourse('canvas', { students: 1 });
    const { client, relay, state, idToken, stored } = await storedLogin(c, 0);
    assert.equal(attr(relay.html, 'data-mode'), 'get', 'the launch asks the page to read the storage');
    assert.equal(attr(relay.html, 'data-target'), 'post_message_forwarding');
    const read = JSON.parse(attr(relay.html, 'data-entries')) as Entry[];
    assert.deepEqual(
      read.map((e) => e.key),
      stored.map((e) => e.key),
    );
    assert.match(relay.html, /Open Pathwise in a new window/, 'the fallback is ready if the storage does not answer');

    const fields = { id_token: idToken, state, lti_storage_state: stored[0]!.value!, lti_storage_nonce: stored[1]!.value! };
    const done = await complete(client, fields);
    const page = done.location ? await client.get(done.location, { sandboxUrl: s.sandboxUrl }) : done;
    assert.equal(page.status, 200, page.html.slice(0, 300));
    assert.match(page.html, /data-testid="step"/, 'the student reaches the practice page');
    assert.match(page.html, new RegExp(c.member({ student: 0 }).name));

    const replay = await unchanged(() => complete(client, fields));
    assertPage(replay, 401, 'replayed_nonce');
  });

  it('refuses the values of another login or made-up ones, and leaves the login usable', async () => {
    const c = await ownCourse('canvas', { students: 2 });
    const a = await storedLogin(c, 0);
    const b = await storedLogin(c, 1);
    const base = { id_token: b.idToken, state: b.state };
    for (const values of [
      { lti_storage_state: a.stored[0]!.value!, lti_storage_nonce: a.stored[1]!.value! },
      { lti_storage_state: b.stored[0]!.value!, lti_storage_nonce: a.stored[1]!.value! },
      { lti_storage_state: b.state, lti_storage_nonce: b.stored[1]!.value! },
      { lti_storage_state: '', lti_storage_nonce: '' },
    ]) {
      const r = await unchanged(() => complete(b.client, { ...base, ...values }));
      assertPage(r, 400, 'cookies_blocked');
    }
    const ok = await complete(b.client, { ...base, lti_storage_state: b.stored[0]!.value!, lti_storage_nonce: b.stored[1]!.value! });
    assert.equal(ok.status, 303, ok.html.slice(0, 300));
    assert.match(ok.location ?? '', /\/app\/activities\//, 'the launch goes on to the practice page');
  });

  it('keeps the plain redirect outside a frame, and a login that stored nothing ends with the new-window offer', async () => {
    const c = await ownCourse('canvas', { students: 1 });
    const client = new LtiClient();
    const r = await c.launch(
      { student: 0 },
      { client, intercept: (req) => (req.kind === 'tool-launch' ? { ...req, skipCookies: true } : undefined) },
    );
    const login = r.steps.find((x) => x.kind === 'tool-login');
    assert.equal(login?.status, 302, 'no storage page without Sec-Fetch-Dest: iframe');
    assertPage(r, 400, 'cookies_blocked');
    assert.match(r.html, /Open Pathwise in a new window/);
    assert.doesNotMatch(r.html, /lti_storage_target/, 'the new window does not ask for a storage frame it will not have');
  });
});
