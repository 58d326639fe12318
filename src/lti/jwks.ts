/**
 * Platform public keys by kid, cached per JWKS URL, fetched through the guarded outbound client.
 * A kid the cache does not know means the platform may have rotated its key: the JWKS is fetched
 * again, at most once per MIN_REFETCH_MS per URL (a launch that arrives sooner waits for that
 * refetch instead of failing), so tokens with made-up kids cannot make Pathwise hammer a platform.
 */
import { createPublicKey, type KeyObject, type JsonWebKey } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchWithUa } from './http.ts';

interface Entry {
  keys: Map<string, KeyObject>;
  fetchedAt: number;
}
const TTL_MS = 5 * 60_000;
export const MIN_REFETCH_MS = 2_000;

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly refetching = new Map<string, Promise<Entry>>();

  async key(jwksUrl: string, kid: string): Promise<KeyObject | undefined> {
    let entry = this.entries.get(jwksUrl);
    if (!entry || Date.now() - entry.fetchedAt > TTL_MS) {
      entry = await this.load(jwksUrl);
      return entry.keys.get(kid);
    }
    if (!entry.keys.has(kid)) entry = await this.refetch(jwksUrl, entry);
    return entry.keys.get(kid);
  }

  /** One refetch per URL at a time, no sooner than MIN_REFETCH_MS after the last fetch. */
  private refetch(jwksUrl: string, seen: Entry): Promise<Entry> {
    let p = this.refetching.get(jwksUrl);
    if (!p) {
      const wait = Math.max(0, seen.fetchedAt + MIN_REFETCH_MS - Date.now());
      p = sleep(wait)
        .then(() => this.load(jwksUrl))
        .finally(() => this.refetching.delete(jwksUrl));
      this.refetching.set(jwksUrl, p);
    }
    return p;
  }

  private async load(jwksUrl: string): Promise<Entry> {
    const res = await fetchWithUa(jwksUrl);
    if (!res.ok) throw new Error(`JWKS ${jwksUrl} answered ${res.status}`);
    const body = (await res.json()) as { keys?: Array<JsonWebKey & { kid?: string }> };
    const keys = new Map<string, KeyObject>();
    for (const jwk of body.keys ?? []) {
      if (!jwk.kid || jwk.kty !== 'RSA') continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
      } catch {
        // an unusable key is skipped; a token naming it fails as "unknown signing key"
      }
    }
    const entry = { keys, fetchedAt: Date.now() };
    this.entries.set(jwksUrl, entry);
    return entry;
  }
}
