/**
 * OAuth2 access tokens for AGS and NRPS (LTI Security Framework, client credentials with a
 * `private_key_jwt` assertion), requested by Pathwise itself instead of ltijs: the assertion is
 * signed with the tool's current signing key (toolKeys.ts, so a key rotation applies here at once)
 * and the request goes through the guarded outbound client (http.ts), like every other request to
 * a platform's URL. Tokens are stored (encrypted, shared by every instance) per platform and
 * scope until shortly before expiry; concurrent requests in one instance share one call.
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { outboundFetch } from './http.ts';
import type { ToolKeys } from './toolKeys.ts';
import { decryptRecord, encryptRecord } from '../commands/privacy/keyRotation.ts';
import { dropAccessToken, findAccessToken, saveAccessToken } from '../repositories/accessTokens.ts';

export interface TokenPlatform {
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  /** The assertion's audience: the platform's authorization server, by default its token endpoint. */
  audience?: string;
}

export interface AccessToken {
  access_token: string;
  token_type: string;
  expires_in: number;
}

const answerSchema = z.object({
  access_token: z.string().min(1).max(8192),
  token_type: z.string().min(1).max(40),
  expires_in: z.coerce
    .number()
    .positive()
    .max(86_400 * 30)
    .default(3600),
});

/** A token is not used in its last minute (the platform's clock and the request take time). */
const EXPIRY_MARGIN_MS = 60_000;

export class AccessTokenError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AccessTokenError';
  }
}

export class AccessTokens {
  private readonly pending = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly keys: ToolKeys,
    /** The key tokens are encrypted with (ltijs's encryption key). */
    private readonly encKey: string,
  ) {}

  /** Forgets a stored token (the platform refused it). */
  async drop(p: TokenPlatform, scope: string): Promise<void> {
    await dropAccessToken(p.issuer, p.clientId, scope);
  }

  async get(p: TokenPlatform, scope: string): Promise<AccessToken> {
    const stored = await findAccessToken(p.issuer, p.clientId, scope);
    const plain = stored ? decryptRecord(stored as unknown as Record<string, unknown>, this.encKey) : undefined;
    if (stored && plain) {
      const t = JSON.parse(plain) as { key: string; token_type: string; expires_in: number };
      if (stored.createdAt.getTime() + t.expires_in * 1000 - EXPIRY_MARGIN_MS > Date.now())
        return { access_token: t.key, token_type: t.token_type, expires_in: t.expires_in };
    }
    const key = `${p.issuer} ${p.clientId} ${scope}`;
    let inflight = this.pending.get(key);
    if (!inflight) {
      inflight = this.request(p, scope).finally(() => this.pending.delete(key));
      this.pending.set(key, inflight);
    }
    return inflight;
  }

  /** The signed client assertion (exposed for tests that check what a platform verifies). */
  async assertion(p: TokenPlatform): Promise<string> {
    const signer = await this.keys.signingKey();
    return jwt.sign(
      { iss: p.clientId, sub: p.clientId, aud: p.audience ?? p.tokenEndpoint, jti: randomBytes(16).toString('base64url') },
      signer.key,
      {
        algorithm: 'RS256',
        expiresIn: 60,
        keyid: signer.kid,
      },
    );
  }

  private async request(p: TokenPlatform, scope: string): Promise<AccessToken> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await this.assertion(p),
      scope,
    });
    const res = await outboundFetch(p.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
    });
    const text = await res.text();
    if (!res.ok) throw new AccessTokenError(res.status, `the token endpoint answered ${res.status}: ${text.slice(0, 200)}`);
    let parsed: z.infer<typeof answerSchema>;
    try {
      parsed = answerSchema.parse(JSON.parse(text));
    } catch {
      throw new AccessTokenError(502, 'the token endpoint answered something that is not an access token');
    }
    // "bearer" and "Bearer" are the same scheme; some services accept only the capitalised one.
    const tokenType = parsed.token_type.charAt(0).toUpperCase() + parsed.token_type.slice(1);
    const token = { access_token: parsed.access_token, token_type: tokenType, expires_in: parsed.expires_in };
    const rec = encryptRecord(
      JSON.stringify({ key: token.access_token, token_type: tokenType, expires_in: token.expires_in }),
      this.encKey,
    );
    await saveAccessToken(p.issuer, p.clientId, scope, rec, new Date());
    return token;
  }
}
