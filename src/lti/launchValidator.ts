/**
 * Checks an incoming launch (id_token + state) completely before ltijs sees it, and stores
 * nothing while doing so. ltijs records the nonce while it is still checking the audience and
 * claims, so a bad launch would leave records behind; here every check is read-only and a launch
 * reaches ltijs only when it will succeed. Also closes a gap of ltijs: it never checks the
 * deployment id against the deployments we know.
 */
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { z } from 'zod';
import type { RegistrationDoc } from '../repositories/models/Registration.ts';
import { useOnce, wasUsed } from '../repositories/usedTokens.ts';
import { findRegistration as loadRegistration } from '../repositories/registrations.ts';
import { CLAIM, isObserverOnly } from './claims.ts';
import { LOGIN_TTL_SECONDS, nonceFor, openState } from './login.ts';
import { ltiError } from './errors.ts';
import type { JwksCache } from './jwks.ts';
import { TtlCache } from '../ttlCache.ts';

const claimsSchema = z.object({
  iss: z.string().min(1),
  sub: z.string().min(1, 'sub'),
  aud: z.union([z.string(), z.array(z.string()).nonempty()]),
  azp: z.string().optional(),
  exp: z.number({ required_error: 'exp' }),
  iat: z.number({ required_error: 'iat' }),
  nonce: z.string().min(1, 'nonce'),
  [CLAIM.messageType]: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.deploymentId]: z.string().min(1),
  [CLAIM.targetLinkUri]: z.string().url(),
  [CLAIM.roles]: z.array(z.string()),
  [CLAIM.context]: z.object({ id: z.string().min(1), title: z.string().optional(), label: z.string().optional() }).passthrough(),
  [CLAIM.resourceLink]: z
    .object({ id: z.string().min(1), title: z.string().optional() })
    .passthrough()
    .optional(),
});

export type LaunchClaims = z.infer<typeof claimsSchema> & Record<string, unknown>;

export interface ValidatedLaunch {
  claims: LaunchClaims;
  registration: RegistrationDoc;
  clientId: string;
  deploymentKnown: boolean;
  /** ltijs's own part of the state (what its state cookie is named after). */
  ltijsState: string;
}

/** Registrations change rarely; our own writes clear this cache (see clearRegistrationCache). */
const registrations = new TtlCache<RegistrationDoc | null>(30_000);

export function clearRegistrationCache(): void {
  registrations.clear();
}

async function findRegistration(issuer: string, clientId: string): Promise<RegistrationDoc | null> {
  const key = `${issuer} ${clientId}`;
  const hit = registrations.get(key);
  if (hit !== undefined) return hit;
  const found = await loadRegistration(issuer, clientId);
  registrations.set(key, found);
  return found;
}

export interface ValidatorDeps {
  jwks: JwksCache;
  tokenMaxAgeSeconds: number;
  acceptNewDeployments: boolean;
  /** The key login.ts derives nonces with. */
  nonceKey: string;
}

/** Tolerated clock difference with the platform, in seconds. */
export const CLOCK_SKEW_SECONDS = 5;

export async function validateLaunch(
  input: { idToken: unknown; state: unknown; stateCookie: string | undefined },
  deps: ValidatorDeps,
): Promise<ValidatedLaunch> {
  if (typeof input.idToken !== 'string' || typeof input.state !== 'string' || !input.state)
    throw ltiError('invalid_token', 'id_token and state are required');
  const decoded = jwt.decode(input.idToken, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object') throw ltiError('invalid_token');
  const payload = decoded.payload as Record<string, unknown>;

  // With several audiences the authorized party names the client; when present, azp must be the client.
  const aud = payload.aud;
  const azp = payload.azp;
  if (azp !== undefined && typeof azp !== 'string') throw ltiError('wrong_audience', 'azp must be a string');
  if (Array.isArray(aud) && aud.length > 1 && azp === undefined) throw ltiError('wrong_audience', 'azp is required with several audiences');
  const clientId = Array.isArray(aud)
    ? (azp ?? (aud.length === 1 && typeof aud[0] === 'string' ? aud[0] : undefined))
    : typeof aud === 'string'
      ? aud
      : undefined;
  if (!clientId || typeof payload.iss !== 'string') throw ltiError('wrong_audience', 'no client id in aud/azp');
  if (azp !== undefined && azp !== clientId) throw ltiError('wrong_audience', 'azp is not the client id');
  if (typeof payload.exp !== 'number') throw ltiError('missing_claims', 'exp');
  if (typeof payload.iat !== 'number') throw ltiError('missing_claims', 'iat');
  if (payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw ltiError('expired_token', 'issued in the future');
  const registration = await findRegistration(payload.iss, clientId);
  if (!registration) throw ltiError('unknown_platform', `issuer ${payload.iss}, client ${clientId}`);
  if (Array.isArray(aud) && !aud.includes(clientId)) throw ltiError('wrong_audience');

  if (decoded.header.alg !== 'RS256' || !decoded.header.kid) throw ltiError('bad_signature', 'RS256 with a kid is required');
  const key = await deps.jwks.key(registration.jwksUrl, decoded.header.kid).catch(() => undefined);
  if (!key) throw ltiError('bad_signature', 'unknown signing key');
  try {
    jwt.verify(input.idToken, key, {
      algorithms: ['RS256'],
      audience: clientId,
      issuer: registration.issuer,
      maxAge: deps.tokenMaxAgeSeconds,
      clockTolerance: CLOCK_SKEW_SECONDS,
    });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TokenExpiredError' || /maxAge|expired/i.test(e.message)) throw ltiError('expired_token');
    if (/audience/i.test(e.message)) throw ltiError('wrong_audience');
    throw ltiError('bad_signature');
  }

  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const missing = parsed.error.issues
      .map((i) => String(i.path[0] ?? '').replace(/^https:\/\/purl\.imsglobal\.org\/spec\//, ''))
      .join(', ');
    throw ltiError('missing_claims', missing);
  }
  const claims = payload as LaunchClaims;
  if (claims[CLAIM.messageType] === 'LtiResourceLinkRequest' && !claims[CLAIM.resourceLink])
    throw ltiError('missing_claims', 'resource_link');
  if (isObserverOnly(claims[CLAIM.roles])) throw ltiError('observer_not_supported');

  // The browser that started the login must still hold its state cookie (login CSRF protection).
  // On the happy path nothing more is read. Only when the cookie is missing do we find out why: a
  // replayed launch (the first one cleared the cookie), a blocked cookie (our login step issued
  // and signed this state, see login.ts), or a state that is not ours.
  const login = openState(deps.nonceKey, input.state);
  if (input.stateCookie !== claims.iss) {
    if (input.stateCookie === undefined) {
      if (await mongoose.connection.collection('nonces').findOne({ nonce: claims.nonce })) throw ltiError('replayed_nonce');
      if (login && (await wasUsed(`login-state:${login.inner}`))) throw ltiError('replayed_nonce');
      if (login) throw ltiError('cookies_blocked');
    }
    throw ltiError('state_mismatch');
  }
  if (!login) throw ltiError('state_mismatch', 'the sign-in has expired or was not issued by Pathwise');
  // The nonce must be the one our login issued for this state (login.ts), not any unused nonce.
  if (claims.nonce !== nonceFor(deps.nonceKey, input.state)) throw ltiError('state_mismatch', 'the nonce does not belong to this sign-in');

  const deploymentKnown = registration.deploymentIds.includes(claims[CLAIM.deploymentId]);
  if (!deploymentKnown && !(registration.acceptNewDeployments || deps.acceptNewDeployments)) {
    throw ltiError('unknown_deployment', claims[CLAIM.deploymentId]);
  }
  // Last, and the only write (by a launch signed by a registered platform): the state is used up,
  // so it (and its nonce) works once.
  if (!(await useOnce(`login-state:${login.inner}`, LOGIN_TTL_SECONDS))) throw ltiError('replayed_nonce');
  return { claims, registration, clientId, deploymentKnown, ltijsState: login.inner };
}
