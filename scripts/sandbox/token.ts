/**
 * OAuth2 client_credentials token endpoint (LTI Security Framework, `private_key_jwt`) and the
 * bearer check of every AGS/NRPS call.
 *
 * Status rules: a malformed request (missing field, wrong grant or assertion type, wrong body
 * type) is 400 `invalid_request`/`unsupported_grant_type`; an assertion that does not
 * authenticate the client (unknown client, bad signature, wrong iss/sub/aud, expired, replayed
 * jti) is 401 `invalid_client`; asking for no grantable scope is 400 `invalid_scope`.
 * Service calls: no/unknown/expired token 401, token without the needed scope 403, no User-Agent 400.
 */
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import jwt from 'jsonwebtoken';
import { findRegistration, injectedFailure, SandboxError, sendJsonError, type SandboxContext } from './context.ts';
import { JwtCheckError } from './keys.ts';
import type { Flavour, ToolRegistration } from './types.ts';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_TTL_S = 3600;

function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v === '') throw new SandboxError(400, 'invalid_request', `${name} is required.`);
  return v;
}

async function issueToken(ctx: SandboxContext, flavour: Flavour, req: Request): Promise<Record<string, unknown>> {
  if (!req.is('application/x-www-form-urlencoded'))
    throw new SandboxError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (field(body, 'grant_type') !== 'client_credentials')
    throw new SandboxError(400, 'unsupported_grant_type', 'grant_type must be client_credentials.');
  if (field(body, 'client_assertion_type') !== ASSERTION_TYPE)
    throw new SandboxError(400, 'invalid_request', `client_assertion_type must be ${ASSERTION_TYPE}.`);
  const assertion = field(body, 'client_assertion');
  const requested = field(body, 'scope').split(/\s+/).filter(Boolean);
  const decoded = jwt.decode(assertion);
  if (!decoded || typeof decoded === 'string') throw new SandboxError(401, 'invalid_client', 'client_assertion is not a JWT.');
  const clientId = decoded.sub;
  if (typeof clientId !== 'string') throw new SandboxError(401, 'invalid_client', 'client_assertion has no sub.');
  const reg = findRegistration(ctx, flavour, clientId);
  if (!reg) throw new SandboxError(401, 'invalid_client', `client_id ${clientId} is not registered.`);
  const tokenUrl = ctx.urls[flavour].tokenEndpoint;
  let payload: Record<string, unknown>;
  try {
    payload = await ctx.toolKeys.verify(assertion, reg.jwksUri, { issuer: clientId, audience: tokenUrl, nowMs: ctx.now() });
  } catch (err) {
    if (err instanceof JwtCheckError) throw new SandboxError(401, 'invalid_client', `client_assertion rejected: ${err.message}`);
    throw err;
  }
  const jti = payload.jti;
  if (typeof jti !== 'string' || jti === '') throw new SandboxError(401, 'invalid_client', 'client_assertion has no jti.');
  const nowMs = ctx.now();
  for (const [k, exp] of ctx.usedAssertions) if (exp < nowMs) ctx.usedAssertions.delete(k);
  const replayKey = `${clientId} ${jti}`;
  if (ctx.usedAssertions.has(replayKey)) throw new SandboxError(401, 'invalid_client', 'client_assertion jti was already used.');
  ctx.usedAssertions.set(replayKey, (payload.exp as number) * 1000 + 10_000);
  const granted = requested.filter((s) => reg.scopes.includes(s));
  if (granted.length === 0) throw new SandboxError(400, 'invalid_scope', `None of the requested scopes is granted to ${clientId}.`);
  for (const [k, t] of ctx.accessTokens) if (t.expMs < nowMs) ctx.accessTokens.delete(k);
  const accessToken = randomBytes(24).toString('base64url');
  ctx.accessTokens.set(accessToken, { clientId, flavour, scopes: granted, expMs: nowMs + TOKEN_TTL_S * 1000 });
  ctx.logger.info({ flavour, clientId, scopes: granted }, 'access token issued');
  return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_S, scope: granted.join(' ') };
}

/** Requires a User-Agent header (Canvas rejects service calls without one). */
export function requireUserAgent(ctx: SandboxContext, req: Request): void {
  if (ctx.settings.requireUserAgent && !req.get('user-agent')) {
    throw new SandboxError(400, 'invalid_request', 'A User-Agent header is required on API calls.');
  }
}

export interface ServiceCaller {
  reg: ToolRegistration;
  scopes: string[];
}

/** Checks the bearer token of a service call; `anyOf` = scopes of which one is enough. */
export function authorizeService(ctx: SandboxContext, flavour: Flavour, req: Request, anyOf: readonly string[]): ServiceCaller {
  requireUserAgent(ctx, req);
  injectedFailure(ctx);
  const header = req.get('authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) throw new SandboxError(401, 'invalid_token', 'An Authorization: Bearer access token is required.');
  const token = ctx.accessTokens.get(m[1]);
  if (!token || token.flavour !== flavour) throw new SandboxError(401, 'invalid_token', 'Unknown access token.');
  if (token.expMs < ctx.now()) throw new SandboxError(401, 'invalid_token', 'The access token has expired.');
  const reg = findRegistration(ctx, flavour, token.clientId);
  if (!reg) throw new SandboxError(401, 'invalid_token', 'The tool of this token is no longer registered.');
  if (!anyOf.some((s) => token.scopes.includes(s))) {
    throw new SandboxError(403, 'insufficient_scope', `This call needs one of the scopes: ${anyOf.join(', ')}.`);
  }
  return { reg, scopes: token.scopes };
}

/** Wraps an async JSON handler: SandboxErrors become JSON error responses. */
export function api(handler: (req: Request, res: Response) => Promise<void> | void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        if (err instanceof SandboxError) {
          if (err.status === 401) res.setHeader('WWW-Authenticate', `Bearer error="${err.code}"`);
          sendJsonError(res, err);
        } else next(err);
      });
  };
}

/** Mounts both flavours' token endpoints. */
export function mountTokenEndpoints(ctx: SandboxContext, router: Router): void {
  for (const flavour of ['canvas', 'moodle'] as const) {
    router.post(
      new URL(ctx.urls[flavour].tokenEndpoint).pathname,
      api(async (req, res) => {
        requireUserAgent(ctx, req);
        injectedFailure(ctx);
        res.setHeader('Cache-Control', 'no-store');
        res.json(await issueToken(ctx, flavour, req));
      }),
    );
  }
}
