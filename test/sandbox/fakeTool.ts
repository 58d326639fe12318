/**
 * A tiny LTI 1.3 tool for the sandbox's own tests, built with express + jsonwebtoken only (the
 * sandbox must be proven against an independent implementation, not ltijs). It serves /lti/login,
 * /lti/launch (verifies the id_token against the platform JWKS, state cookie and nonce),
 * /lti/keys and /lti/register (Dynamic Registration), and offers helpers to get access tokens and
 * sign Deep Linking responses.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import express from 'express';
import jwt from 'jsonwebtoken';
import type { Flavour, FlavourInfo, Sandbox, ToolRegistration } from '../../scripts/sandbox/index.ts';

export interface PlatformEntry {
  issuer: string;
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  deploymentId?: string;
}

export interface FakeTool {
  url: string;
  kid: string;
  privateKey: KeyObject;
  platforms: PlatformEntry[];
  /** Verified launch payloads, in order. */
  launches: Record<string, unknown>[];
  /** Last Dynamic Registration response. */
  lastRegistration?: Record<string, unknown>;
  /** Set the state cookie with `Partitioned` (CHIPS); default true (Chromium blocks unpartitioned third-party cookies). */
  partitionedCookies: boolean;
  /** Extra or replaced fields of the next DR client metadata (deleted keys: value undefined). */
  registrationOverrides?: Record<string, unknown>;
  close(): Promise<void>;
  signAssertion(p: PlatformEntry, over?: Record<string, unknown>, opts?: { key?: KeyObject; kid?: string }): string;
  requestToken(
    p: PlatformEntry,
    scopes: string[],
    over?: { assertion?: string; body?: Record<string, string>; userAgent?: string | null },
  ): Promise<Response>;
  accessToken(p: PlatformEntry, scopes: string[]): Promise<string>;
  signDeepLinkingResponse(
    p: PlatformEntry,
    launch: Record<string, unknown>,
    contentItems: unknown[],
    over?: Record<string, unknown>,
  ): string;
}

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** Starts the fake tool on a free port, addressed as `host` (default localhost: another site than 127.0.0.1). */
export async function startFakeTool(host = 'localhost'): Promise<FakeTool> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, () => resolve()));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const tool: FakeTool = {
    url,
    kid,
    privateKey,
    platforms: [],
    launches: [],
    partitionedCookies: true,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    signAssertion(p, over = {}, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      return jwt.sign(
        { iss: p.clientId, sub: p.clientId, aud: p.tokenEndpoint, iat: now, exp: now + 60, jti: randomUUID(), ...over },
        opts.key ?? privateKey,
        { algorithm: 'RS256', keyid: opts.kid ?? kid },
      );
    },
    async requestToken(p, scopes, over = {}) {
      const body = {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: over.assertion ?? tool.signAssertion(p),
        scope: scopes.join(' '),
        ...over.body,
      };
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
      // Node's fetch adds its own User-Agent when none is set: an empty one stands for "no User-Agent".
      headers['User-Agent'] = over.userAgent === null ? '' : (over.userAgent ?? 'FakeTool/1.0');
      return fetch(p.tokenEndpoint, { method: 'POST', headers, body: new URLSearchParams(body).toString() });
    },
    async accessToken(p, scopes) {
      const res = await tool.requestToken(p, scopes);
      if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    signDeepLinkingResponse(p, launch, contentItems, over = {}) {
      const settings = launch[`${DL}deep_linking_settings`] as { data?: string };
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: p.clientId,
        aud: p.issuer,
        iat: now,
        exp: now + 300,
        nonce: randomUUID(),
        [`${LTI}deployment_id`]: launch[`${LTI}deployment_id`],
        [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
        [`${LTI}version`]: '1.3.0',
        [`${DL}content_items`]: contentItems,
        ...(settings.data !== undefined ? { [`${DL}data`]: settings.data } : {}),
        ...over,
      };
      for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
      return jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: kid });
    },
  };

  const pending = new Map<string, { nonce: string; platform: PlatformEntry }>();

  const login = (req: express.Request, res: express.Response): void => {
    const q = { ...req.query, ...(req.body as Record<string, string>) } as Record<string, string | undefined>;
    const platform = tool.platforms.find((p) => p.issuer === q.iss && (!q.client_id || p.clientId === q.client_id));
    if (!platform || !q.login_hint || !q.target_link_uri) {
      res.status(400).send('unknown platform or missing login parameters');
      return;
    }
    const state = randomUUID();
    const nonce = randomUUID();
    pending.set(state, { nonce, platform });
    res.cookie(`state${state}`, state, {
      sameSite: 'none',
      secure: true,
      httpOnly: true,
      partitioned: tool.partitionedCookies,
      maxAge: 600_000,
    });
    const auth = new URL(platform.authorizationEndpoint);
    const params: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: `${url}/lti/launch`,
      login_hint: q.login_hint,
      nonce,
      state,
      ...(q.lti_message_hint ? { lti_message_hint: q.lti_message_hint } : {}),
      ...(q.lti_deployment_id ? { lti_deployment_id: q.lti_deployment_id } : {}),
    };
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
    res.redirect(302, auth.toString());
  };
  app.get('/lti/login', login);
  app.post('/lti/login', login);

  app.post('/lti/launch', (req, res) => {
    void (async () => {
      const { id_token: idToken, state } = req.body as Record<string, string | undefined>;
      const cookies = Object.fromEntries(
        (req.headers.cookie ?? '')
          .split(/;\s*/)
          .filter(Boolean)
          .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
      );
      const entry = state ? pending.get(state) : undefined;
      if (!idToken || !state || !entry) return void res.status(401).send('unknown state');
      if (cookies[`state${state}`] !== state) return void res.status(401).send('state cookie missing');
      const header = jwt.decode(idToken, { complete: true })?.header;
      const jwks = (await (await fetch(entry.platform.jwksUri)).json()) as { keys: (Record<string, unknown> & { kid: string })[] };
      const jwk = jwks.keys.find((k) => k.kid === header?.kid);
      if (!jwk) return void res.status(401).send('unknown kid');
      let payload: Record<string, unknown>;
      try {
        payload = jwt.verify(idToken, createPublicKey({ key: jwk, format: 'jwk' }), {
          algorithms: ['RS256'],
          audience: entry.platform.clientId,
          issuer: entry.platform.issuer,
        }) as Record<string, unknown>;
      } catch (err) {
        return void res.status(401).send(`invalid id_token: ${(err as Error).message}`);
      }
      if (payload.nonce !== entry.nonce) return void res.status(401).send('nonce mismatch');
      pending.delete(state);
      tool.launches.push(payload);
      res
        .status(200)
        .type('html')
        .send(`<!doctype html><title>Fake tool</title><p id="user">Hello ${String(payload.name)}</p>`);
    })();
  });

  app.get('/lti/keys', (_req, res) => {
    res.json({ keys: [{ ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
  });

  app.get('/lti/register', (req, res) => {
    void (async () => {
      const configUrl = String(req.query.openid_configuration);
      const token = String(req.query.registration_token);
      const configRes = await fetch(configUrl, { headers: { Authorization: `Bearer ${token}`, 'User-Agent': 'FakeTool/1.0' } });
      if (configRes.status !== 200) return void res.status(502).send(`configuration refused: ${await configRes.text()}`);
      const config = (await configRes.json()) as Record<string, string>;
      const host = new URL(url).host;
      const metadata: Record<string, unknown> = {
        application_type: 'web',
        response_types: ['id_token'],
        grant_types: ['implicit', 'client_credentials'],
        initiate_login_uri: `${url}/lti/login`,
        redirect_uris: [`${url}/lti/launch`],
        client_name: 'Fake tool',
        jwks_uri: `${url}/lti/keys`,
        token_endpoint_auth_method: 'private_key_jwt',
        scope:
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly https://purl.imsglobal.org/spec/lti-ags/scope/score https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
        'https://purl.imsglobal.org/spec/lti-tool-configuration': {
          domain: host,
          target_link_uri: `${url}/lti/launch`,
          claims: ['iss', 'sub', 'name'],
          messages: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
          custom_parameters: { canvas_user: '$Canvas.user.id', person: '$Person.name.full', Mixed_Key: 'literal' },
        },
      };
      for (const [k, v] of Object.entries(tool.registrationOverrides ?? {})) {
        if (v === undefined) delete metadata[k];
        else metadata[k] = v;
      }
      const r = await fetch(config.registration_endpoint ?? '', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'User-Agent': 'FakeTool/1.0' },
        body: JSON.stringify(metadata),
      });
      const answer = (await r.json()) as Record<string, unknown>;
      tool.lastRegistration = answer;
      if (r.status !== 200) return void res.status(502).send(`registration refused: ${JSON.stringify(answer)}`);
      const toolConf = answer['https://purl.imsglobal.org/spec/lti-tool-configuration'] as { deployment_id?: string };
      tool.platforms.push({
        issuer: config.issuer ?? '',
        clientId: String(answer.client_id),
        authorizationEndpoint: config.authorization_endpoint ?? '',
        tokenEndpoint: config.token_endpoint ?? '',
        jwksUri: config.jwks_uri ?? '',
        ...(toolConf.deployment_id ? { deploymentId: toolConf.deployment_id } : {}),
      });
      res.type('html').send('<script>(window.opener || window.parent).postMessage({subject:"org.imsglobal.lti.close"}, "*");</script>');
    })().catch((err: unknown) => res.status(500).send(String(err)));
  });

  server.on('request', app);
  return tool;
}

/** Registers the fake tool manually on a sandbox flavour and tells the tool about the platform. */
export function registerFakeTool(
  sandbox: Sandbox,
  tool: FakeTool,
  flavour: Flavour,
  scopes?: string[],
): { reg: ToolRegistration; platform: PlatformEntry; info: FlavourInfo } {
  const reg = sandbox.registerTool(flavour, {
    clientName: 'Fake tool',
    jwksUri: `${tool.url}/lti/keys`,
    initiateLoginUri: `${tool.url}/lti/login`,
    redirectUris: [`${tool.url}/lti/launch`],
    targetLinkUri: `${tool.url}/lti/launch`,
    customParameters: { canvas_user: '$Canvas.user.id', person: '$Person.name.full', Mixed_Key: 'literal', unknown: '$Unknown.var' },
    ...(scopes ? { scopes } : {}),
  });
  const info = sandbox.flavours[flavour];
  const platform: PlatformEntry = {
    issuer: info.issuer,
    clientId: reg.clientId,
    authorizationEndpoint: info.authorizationEndpoint,
    tokenEndpoint: info.tokenEndpoint,
    jwksUri: info.jwksUri,
    ...(reg.deploymentIds[0] ? { deploymentId: reg.deploymentIds[0] } : {}),
  };
  tool.platforms.push(platform);
  return { reg, platform, info };
}
