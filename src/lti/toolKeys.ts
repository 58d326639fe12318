/**
 * The tool's signing keys and their rotation. One key signs (the newest); the keys it replaced stay
 * in the published JWKS (`/lti/keys`) for a grace period so that platforms which cached them, or
 * messages signed just before the rotation, still verify; then they are retired (no longer
 * published, and deleted by `rotate-keys --retire`).
 *
 *   rotate:  new key K2 signs from now on; K1 is published next to it until now + grace
 *   retire:  K1 is deleted once no instance can still be signing with it (it was superseded more
 *            than SIGNER_CACHE_MS × 3 ago), or it drops out of the JWKS by itself after the grace
 *
 * Each instance caches its signing key for SIGNER_CACHE_MS, so after a rotation (run by the CLI in
 * another process) an instance signs with the previous key for at most that long: that key is
 * still published, so its signatures keep verifying. The JWKS is read from the database on each
 * request (it is rate limited), so a new key is published by every instance the moment it exists.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { decryptRecord, encryptRecord } from '../commands/privacy/keyRotation.ts';
import {
  deleteToolKeys,
  insertToolKey,
  legacyPublicKeys,
  scheduleLegacyRetirement,
  supersedeToolKeys,
  toolPrivateKey,
  toolPublicKeys,
  type StoredKey,
} from '../repositories/signingKeys.ts';

export const SIGNER_CACHE_MS = 10_000;
/** How long replaced keys stay published unless told otherwise (`--grace`). */
export const DEFAULT_GRACE_MS = 24 * 3_600_000;

export interface Signer {
  kid: string;
  key: KeyObject;
}

function pemOf(rec: StoredKey, encKey: string): string | undefined {
  const plain = decryptRecord(rec as unknown as Record<string, unknown>, encKey);
  return plain ? (JSON.parse(plain) as { key: string }).key : undefined;
}

function publicJwk(rec: StoredKey, encKey: string): JsonWebKey | undefined {
  const pem = pemOf(rec, encKey);
  if (!pem) return undefined;
  return { ...createPublicKey(pem).export({ format: 'jwk' }), kid: rec.kid, alg: 'RS256', use: 'sig' };
}

async function createKey(encKey: string, now: Date): Promise<string> {
  const kid = `pw-${now.toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  await insertToolKey({
    kid,
    createdAt: now,
    publicRec: encryptRecord(JSON.stringify({ key: publicKey, kid }), encKey),
    privateRec: encryptRecord(JSON.stringify({ key: privateKey, kid }), encKey),
  });
  return kid;
}

/** Creates the first key when there is none; ltijs's per-platform keys that signed until now stay published for the default grace. */
export async function ensureToolKey(encKey: string, now = new Date()): Promise<void> {
  if ((await toolPublicKeys()).length > 0) return;
  await createKey(encKey, now);
  await scheduleLegacyRetirement(new Date(now.getTime() + DEFAULT_GRACE_MS));
}

/** A new signing key; the current one stays published until now + grace. */
export async function rotateToolKeys(
  encKey: string,
  opts: { graceMs?: number; now?: Date } = {},
): Promise<{ kid: string; retiring: string[]; retireAt: Date }> {
  const now = opts.now ?? new Date();
  await ensureToolKey(encKey, now);
  const retireAt = new Date(now.getTime() + (opts.graceMs ?? DEFAULT_GRACE_MS));
  const kid = await createKey(encKey, now);
  return { kid, retiring: await supersedeToolKeys(kid, now, retireAt), retireAt };
}

/**
 * Retires the keys a rotation replaced (deletes them) and stops publishing ltijs's legacy keys.
 * Keys superseded less than `minSupersededMs` ago are kept: an instance may still sign with them.
 */
export async function retireToolKeys(
  opts: { now?: Date; minSupersededMs?: number } = {},
): Promise<{ retired: string[]; tooRecent: Array<{ kid: string; waitMs: number }> }> {
  const now = opts.now ?? new Date();
  const min = opts.minSupersededMs ?? SIGNER_CACHE_MS * 3;
  const retired: string[] = [];
  const tooRecent: Array<{ kid: string; waitMs: number }> = [];
  for (const k of await toolPublicKeys()) {
    if (!k.supersededAt) continue;
    const age = now.getTime() - k.supersededAt.getTime();
    if (age >= min) retired.push(k.kid);
    else tooRecent.push({ kid: k.kid, waitMs: min - age });
  }
  await deleteToolKeys(retired);
  await scheduleLegacyRetirement(now);
  return { retired, tooRecent };
}

/** What `rotate-keys --list` prints: each key with its state. */
export async function listToolKeys(now = new Date()) {
  return (await toolPublicKeys()).map((k) => ({
    kid: k.kid,
    createdAt: k.createdAt?.toISOString(),
    state: !k.supersededAt ? 'signing' : k.retireAt && k.retireAt > now ? 'published (replaced)' : 'retired (not published)',
    ...(k.retireAt ? { retireAt: k.retireAt.toISOString() } : {}),
  }));
}

/** One per process: the signing key (cached briefly) and the published key set. */
export class ToolKeys {
  private signer?: { value: Signer; until: number };

  constructor(private readonly encKey: string) {}

  /** Forget the cached signing key (after a rotation in this process). */
  changed(): void {
    this.signer = undefined;
  }

  async signingKey(): Promise<Signer> {
    if (this.signer && this.signer.until > Date.now()) return this.signer.value;
    let current = (await toolPublicKeys()).find((k) => !k.supersededAt);
    if (!current) {
      await ensureToolKey(this.encKey);
      current = (await toolPublicKeys()).find((k) => !k.supersededAt);
    }
    const rec = current ? await toolPrivateKey(current.kid) : null;
    const pem = rec ? pemOf(rec, this.encKey) : undefined;
    if (!current || !pem) throw new Error('the tool signing key cannot be read (is PATHWISE_DATA_KEY the one it was stored with?)');
    const value = { kid: current.kid, key: createPrivateKey(pem) };
    this.signer = { value, until: Date.now() + SIGNER_CACHE_MS };
    return value;
  }

  /** The published JWKS: the signing key, replaced keys within their grace, ltijs's legacy keys within theirs. */
  async jwks(now = new Date()): Promise<{ keys: JsonWebKey[] }> {
    const ours = (await toolPublicKeys()).filter((k) => !k.retireAt || k.retireAt > now);
    const keys: JsonWebKey[] = [];
    for (const rec of [...ours, ...(await legacyPublicKeys(now))]) {
      const jwk = publicJwk(rec, this.encKey);
      if (jwk) keys.push(jwk);
    }
    return { keys };
  }
}
