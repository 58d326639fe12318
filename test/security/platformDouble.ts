/**
 * A minimal LTI platform for the outbound-request tests: its JWKS and token endpoint on a real
 * socket on 127.0.0.1 (an internal address, as an attacker would choose), its own RSA key, and a
 * hand-made login + launch against Pathwise. Every request the listener receives is recorded with
 * its User-Agent, so a test can prove that nothing reached it, or that only Pathwise's guarded
 * client did (ltijs's own client would say "ltijs/…").
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { stack } from '../support/stack.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';

export interface PlatformDouble {
  issuer: string;
  clientId: string;
  deploymentId: string;
  jwksUrl: string;
  tokenUrl: string;
  hits: Array<{ path: string; userAgent: string }>;
  register(): Promise<void>;
  /** Login then launch as a learner; returns the launch response (status, Location, body). */
  launch(): Promise<{ status: number; location: string | null; html: string }>;
  close(): Promise<void>;
}

export async function platformDouble(): Promise<PlatformDouble> {
  const s = await stack();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `double-${randomBytes(4).toString('hex')}`;
  const hits: PlatformDouble['hits'] = [];
  const server: Server = createServer((req, res) => {
    hits.push({ path: req.url ?? '', userAgent: req.headers['user-agent'] ?? '' });
    if (req.url === '/jwks') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }));
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ access_token: 'leaked', token_type: 'Bearer', expires_in: 3600 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `https://double-${randomBytes(4).toString('hex')}.example`;
  const clientId = `client-${randomBytes(4).toString('hex')}`;
  const deploymentId = 'dep-1';
  const d: PlatformDouble = {
    issuer,
    clientId,
    deploymentId,
    jwksUrl: `${base}/jwks`,
    tokenUrl: `${base}/token`,
    hits,
    async register() {
      await s.pathwise.lti.registerPlatform({
        issuer,
        clientId,
        name: 'platform double',
        authEndpoint: `${issuer}/auth`,
        tokenEndpoint: d.tokenUrl,
        jwksUrl: d.jwksUrl,
      });
      await Registration.updateOne({ issuer, clientId }, { $addToSet: { deploymentIds: deploymentId } });
      s.pathwise.lti.registrationsChanged();
    },
    async launch() {
      const target = `${s.toolUrl}/lti/launch`;
      const login = await fetch(`${s.toolUrl}/lti/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ iss: issuer, login_hint: 'u1', target_link_uri: target, client_id: clientId }),
      });
      const auth = new URL(login.headers.get('location') ?? 'about:blank');
      const state = auth.searchParams.get('state') ?? '';
      const nonce = auth.searchParams.get('nonce') ?? '';
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const idToken = signIdToken(privateKey, kid, { iss: issuer, aud: clientId, nonce, deploymentId, target });
      const res = await fetch(target, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Accept: 'text/html' },
        body: new URLSearchParams({ id_token: idToken, state }),
      });
      return { status: res.status, location: res.headers.get('location'), html: await res.text() };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return d;
}

function signIdToken(key: KeyObject, kid: string, p: { iss: string; aud: string; nonce: string; deploymentId: string; target: string }) {
  const lti = 'https://purl.imsglobal.org/spec/lti/claim';
  return jwt.sign(
    {
      iss: p.iss,
      aud: p.aud,
      sub: 'learner-1',
      nonce: p.nonce,
      [`${lti}/message_type`]: 'LtiResourceLinkRequest',
      [`${lti}/version`]: '1.3.0',
      [`${lti}/deployment_id`]: p.deploymentId,
      [`${lti}/target_link_uri`]: p.target,
      [`${lti}/roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [`${lti}/context`]: { id: 'course-1', title: 'Double course' },
      [`${lti}/resource_link`]: { id: 'link-1', title: 'Double link' },
    },
    key,
    { algorithm: 'RS256', keyid: kid, expiresIn: 300 },
  );
}
