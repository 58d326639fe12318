/**
 * Keys on both sides of the trust relationship: the platform's own RSA keys (one per flavour,
 * generated once and kept in the state) and the tools' public keys, which are always fetched over
 * real HTTP from the registered `jwks_uri` and cached by `kid` (an unknown kid forces a refetch,
 * which is how key rotation is picked up).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Flavour, PlatformKey, SandboxState } from './types.ts';

/** Creates a 2048-bit RSA key pair for signing id_tokens; stored as a private JWK. */
export function generatePlatformKey(): PlatformKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateJwk: privateKey.export({ format: 'jwk' }) };
}

/** A new key signs from now on; the replaced one stays published (previousKeys) until retired. */
export function rotatePlatformKey(state: SandboxState, flavour: Flavour): { previousKid: string; kid: string } {
  const previous = state.keys[flavour];
  state.previousKeys = { ...state.previousKeys, [flavour]: [previous, ...(state.previousKeys?.[flavour] ?? [])] };
  state.keys[flavour] = generatePlatformKey();
  return { previousKid: previous.kid, kid: state.keys[flavour].kid };
}

/** Public JWK (RS256, sig) of a platform key, as published on the JWKS endpoint. */
export function publicJwk(key: PlatformKey): JsonWebKey {
  const pub = createPublicKey({ key: key.privateJwk, format: 'jwk' }).export({ format: 'jwk' });
  return { ...pub, kid: key.kid, alg: 'RS256', use: 'sig' };
}

/** Signs claims with a platform key (RS256 with `kid`), as every platform message must be. */
export function signWithPlatformKey(key: PlatformKey, claims: Record<string, unknown>): string {
  const privateKey = createPrivateKey({ key: key.privateJwk, format: 'jwk' });
  return jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: key.kid });
}

export class JwtCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwtCheckError';
  }
}

interface CachedSet {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}

/** Fetches and caches tools' JWKS; `verify` checks an RS256 JWT signed by the tool. */
export class ToolKeyCache {
  private readonly sets = new Map<string, CachedSet>();

  constructor(private readonly userAgent: string) {}

  private async fetchSet(jwksUri: string): Promise<CachedSet> {
    let res: Response;
    try {
      res = await fetch(jwksUri, {
        headers: { 'User-Agent': this.userAgent, Accept: 'application/json' },
        signal: AbortSignal.timeout(5000),
      });
    } catch (err) {
      throw new JwtCheckError(`could not fetch the tool's JWKS at ${jwksUri}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new JwtCheckError(`the tool's JWKS at ${jwksUri} answered ${res.status}`);
    const body = (await res.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new JwtCheckError(`the tool's JWKS at ${jwksUri} has no "keys" array`);
    const keys = new Map<string, KeyObject>();
    for (const k of body.keys as JsonWebKey[]) {
      if (typeof k.kid !== 'string' || k.kty !== 'RSA') continue;
      try {
        keys.set(k.kid, createPublicKey({ key: k, format: 'jwk' }));
      } catch {
        // an unusable key is skipped; a JWT naming it will fail with "unknown kid"
      }
    }
    const set = { keys, fetchedAt: Date.now() };
    this.sets.set(jwksUri, set);
    return set;
  }

  private async key(jwksUri: string, kid: string): Promise<KeyObject> {
    const cached = this.sets.get(jwksUri);
    const hit = cached?.keys.get(kid);
    if (hit) return hit;
    const fresh = await this.fetchSet(jwksUri);
    const key = fresh.keys.get(kid);
    if (!key) throw new JwtCheckError(`no key with kid "${kid}" in the tool's JWKS at ${jwksUri}`);
    return key;
  }

  /** Verifies signature (RS256, kid required), exp/iat and the given issuer/audience. */
  async verify(
    token: string,
    jwksUri: string,
    opts: { issuer: string; audience: string; nowMs: number },
  ): Promise<Record<string, unknown>> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new JwtCheckError('not a JWT');
    if (decoded.header.alg !== 'RS256') throw new JwtCheckError(`alg must be RS256, got ${decoded.header.alg}`);
    const kid = decoded.header.kid;
    if (!kid) throw new JwtCheckError('the JWT header has no kid');
    const key = await this.key(jwksUri, kid);
    try {
      const payload = jwt.verify(token, key, {
        algorithms: ['RS256'],
        issuer: opts.issuer,
        audience: opts.audience,
        clockTimestamp: Math.floor(opts.nowMs / 1000),
        clockTolerance: 5,
      });
      if (typeof payload === 'string') throw new JwtCheckError('JWT payload is not an object');
      if (typeof payload.exp !== 'number') throw new JwtCheckError('the JWT has no exp');
      return payload as Record<string, unknown>;
    } catch (err) {
      if (err instanceof JwtCheckError) throw err;
      throw new JwtCheckError((err as Error).message);
    }
  }
}
