/**
 * Secrets at rest. The only secrets Pathwise stores are the tool's RSA signing keys, one pair per
 * platform registration, and short-lived OAuth2 access tokens for the LMS; ltijs keeps them in its
 * `privatekeys`, `publickeys` and `accesstokens` collections as `{ iv, data }`: AES-256-CBC, key =
 * SHA-256 of its encryption key, iv and ciphertext in hex. Pathwise gives ltijs an encryption key
 * derived from PATHWISE_DATA_KEY (dataKeyFor below), so the database alone never reveals a key.
 *
 * Rotation re-encrypts each stored key from the previous data key to the new one, one document at
 * a time with a guarded single-document update, so it is safe to interrupt and to run again
 * (documents already under the new key are skipped). Access tokens are deleted instead: they
 * expire within an hour and ltijs fetches new ones.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { collection } from '../../repositories/privacy.ts';
import { deriveKey } from '../../session.ts';

const KEY_COLLECTIONS = ['privatekeys', 'publickeys'] as const;

/** The encryption key ltijs receives, from the data key (or, outside production, the server secret). */
export function dataKeyFor(dataKey: string): string {
  return deriveKey(dataKey, 'ltijs');
}

function aesKey(ltijsKey: string): Buffer {
  return createHash('sha256').update(ltijsKey).digest();
}

export function encryptRecord(plain: string, ltijsKey: string): { iv: string; data: string } {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(ltijsKey), iv);
  return { iv: iv.toString('hex'), data: Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('hex') };
}

/** The plaintext, or undefined when the record is not encrypted under this key. */
export function decryptRecord(rec: Record<string, unknown>, ltijsKey: string): string | undefined {
  if (typeof rec.iv !== 'string' || typeof rec.data !== 'string') return undefined;
  try {
    const decipher = createDecipheriv('aes-256-cbc', aesKey(ltijsKey), Buffer.from(rec.iv, 'hex'));
    const text = Buffer.concat([decipher.update(Buffer.from(rec.data, 'hex')), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(text) as { key?: unknown };
    return typeof parsed.key === 'string' ? text : undefined; // a wrong key can pass the padding check
  } catch {
    return undefined;
  }
}

export interface RotationReport {
  reencrypted: number;
  alreadyCurrent: number;
  unreadable: number;
  accessTokensDeleted: number;
}

/** Re-encrypts stored keys from `previous` to `current` (both data keys as configured). */
export async function rotateDataKey(props: { current: string; previous: string; dryRun: boolean }): Promise<RotationReport> {
  const now = dataKeyFor(props.current);
  const before = dataKeyFor(props.previous);
  const report: RotationReport = { reencrypted: 0, alreadyCurrent: 0, unreadable: 0, accessTokensDeleted: 0 };
  for (const name of KEY_COLLECTIONS) {
    const c = collection(name);
    for await (const doc of c.find({}, { projection: { iv: 1, data: 1 } })) {
      if (decryptRecord(doc, now)) {
        report.alreadyCurrent++;
        continue;
      }
      const plain = decryptRecord(doc, before);
      if (!plain) {
        report.unreadable++;
        continue;
      }
      report.reencrypted++;
      if (props.dryRun) continue;
      await c.updateOne({ _id: doc._id, iv: doc.iv, data: doc.data }, { $set: encryptRecord(plain, now) });
    }
  }
  if (!props.dryRun) report.accessTokensDeleted = (await collection('accesstokens').deleteMany({})).deletedCount;
  return report;
}

/**
 * Whether the stored keys can be read with the configured data key. Start-up refuses to go on
 * when they cannot: a wrong key would otherwise surface later as failed grade passback.
 */
export async function dataKeyProblem(dataKey: string, previous?: string): Promise<string | undefined> {
  const doc = await collection('privatekeys').findOne({}, { projection: { iv: 1, data: 1 } });
  if (!doc || decryptRecord(doc, dataKeyFor(dataKey))) return undefined;
  if (previous && decryptRecord(doc, dataKeyFor(previous))) {
    return 'the stored signing keys are still encrypted with PATHWISE_DATA_KEY_PREVIOUS: run `npm run --silent privacy -- rotate-key --apply`, then start again';
  }
  return 'the stored signing keys cannot be decrypted with PATHWISE_DATA_KEY: set the key they were encrypted with (see docs/privacy.md, "Secrets at rest")';
}
