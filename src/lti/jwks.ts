/** Platform public keys by kid, cached per JWKS URL and refetched when an unknown kid appears. */
import { createPublicKey, type KeyObject, type JsonWebKey } from 'node:crypto';
import { fetchWithUa } from './http.ts';

interface Entry {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}
const TTL_MS = 5 * 60_000;
const MIN_REFETCH_MS = 5_000;

export class JwksCache {
  private readonly entries = new Map<string, Entry>();

  async key(jwksUrl: string, kid: string): Promise<KeyObject | undefined> {
    let entry = this.entries.get(jwksUrl);
    const now = Date.now();
    if (!entry || now - entry.fetchedAt > TTL_MS || (!entry.keys.has(kid) && now - entry.fetchedAt > MIN_REFETCH_MS)) {
      entry = await this.load(jwksUrl);
    }
    return entry.keys.get(kid);
  }

  private async load(jwksUrl: string): Promise<Entry> {
    const res = await fetchWithUa(jwksUrl);
    if (!res.ok) throw new Error(`JWKS ${jwksUrl} answered ${res.status}`);
    const body = (await res.json()) as { keys?: Array<JsonWebKey & { kid?: string }> };
    const keys = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (jwk.kid && jwk.kty === 'RSA') keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    }
    const entry = { keys, fetchedAt: Date.now() };
    this.entries.set(jwksUrl, entry);
    return entry;
  }
}
